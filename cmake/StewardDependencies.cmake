# Every dependency is a Debian package (scripts/deps installs them); nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
# Time zones for business calendars (GCC 12's <chrono> has no tzdb): built
# with USE_OS_TZDB, it reads the system tz database (tzdata).
find_package(date REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(OATH REQUIRED IMPORTED_TARGET liboath)
# MIME parsing of the service desk's intake mailbox (server/mail).
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
# iCalendar (.ics) holiday import for business calendars.
pkg_check_modules(ICAL REQUIRED IMPORTED_TARGET libical)
# The invoice PDF (server/billing/document): cairo draws, pango lays out text.
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
if(STEWARD_WITH_POSTGRES)
  find_package(PostgreSQL REQUIRED)
endif()
if(STEWARD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
