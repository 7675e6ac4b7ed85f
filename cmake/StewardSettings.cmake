# One INTERFACE target carries the language level, warnings and sanitizer flags,
# so every Steward target gets the same settings by linking it.
add_library(steward_cxx_settings INTERFACE)
target_compile_features(steward_cxx_settings INTERFACE cxx_std_20)
# Designated initialisers (Route{.method = ...}) leave the other members at
# their defaults on purpose, which -Wmissing-field-initializers would flag.
target_compile_options(steward_cxx_settings INTERFACE -Wall -Wextra -Werror -Wno-unused-parameter
  -Wno-missing-field-initializers)
target_include_directories(steward_cxx_settings INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(steward_cxx_settings INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)

if(STEWARD_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(steward_cxx_settings INTERFACE ${_san})
  target_link_options(steward_cxx_settings INTERFACE ${_san})
endif()

# ThreadSanitizer (scripts/tsan): the server's worker pool, job thread and
# connections under the integration suite. Not combinable with ASan.
if(STEWARD_TSAN)
  # -Wno-tsan: Boost.Asio's fenced blocks use atomic_thread_fence, which TSan
  # cannot model; GCC warns about every one of them.
  set(_tsan -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(steward_cxx_settings INTERFACE -Wno-tsan)
  target_compile_options(steward_cxx_settings INTERFACE ${_tsan})
  target_link_options(steward_cxx_settings INTERFACE ${_tsan})
endif()

# GCC 12 at -O2/-O3 reports false "maybe-uninitialized" and "restrict" warnings
# inside std::variant and std::string (GCC bugs 105562, 105329); the sanitizer build
# keeps real uninitialised reads covered.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(steward_cxx_settings INTERFACE $<$<NOT:$<CONFIG:Debug>>:-Wno-maybe-uninitialized -Wno-restrict>)
endif()
