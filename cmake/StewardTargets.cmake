# steward_add_library(name SOURCES ... DEPS ...): one library per module.
function(steward_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC steward_cxx_settings ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# steward_add_test(name SOURCES ... DEPS ... [LABELS ...] [SERIAL]): one gtest
# binary, its cases discovered by CTest. SERIAL: its cases run with no other
# test beside them (a timing comparison that memory-bandwidth contention
# from a parallel test would skew).
function(steward_add_test name)
  if(NOT STEWARD_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "SERIAL" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE steward_cxx_settings ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  if(STEWARD_SANITIZE)
    # fontconfig's once-per-process leak when a test renders a PDF (an invoice
    # issued through the API renders one to e-mail it); see the file.
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src/testing/lsan_suppressions.cc)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  # PRE_TEST: list the cases when ctest runs, so cases that depend on the test
  # environment (the PostgreSQL instances of store suites) are found.
  set(serial FALSE)
  if(ARG_SERIAL)
    set(serial TRUE)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" RUN_SERIAL ${serial}
                       DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST)
endfunction()

# steward_add_benchmark(name SOURCES ... DEPS ...): a Google Benchmark program
# under bench/. Benchmarks are measured by bench/run and never run as tests.
function(steward_add_benchmark name)
  if(NOT STEWARD_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE steward_cxx_settings ${ARG_DEPS} benchmark::benchmark)
endfunction()
