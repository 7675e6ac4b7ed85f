// The real `steward` binary run as a separate process by integration tests:
// which binary, and the port a starting `steward serve` reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "testing/subprocess.h"

namespace steward::testing {

// The binary under test: $STEWARD_BINARY, else the one this build made
// (STEWARD_BINARY_PATH, defined by the test target).
inline std::string StewardBinary() {
  const char* env = std::getenv("STEWARD_BINARY");
  return (env && *env) ? env : STEWARD_BINARY_PATH;
}

// Waits for `server` (a `steward serve --listen 127.0.0.1:0`) to say it is
// serving and returns its port; 0, with a test failure, if it never does.
inline uint16_t ServingPort(Subprocess& server) {
  if (!server.WaitForOutput("steward serving on", std::chrono::seconds(30))) {
    ADD_FAILURE() << "steward serve did not start:\n" << server.output();
    return 0;
  }
  std::smatch m;
  std::string out = server.output();
  if (!std::regex_search(out, m, std::regex(R"(serving on http://[0-9.]+:(\d+))"))) {
    ADD_FAILURE() << "no port in: " << out;
    return 0;
  }
  return static_cast<uint16_t>(std::stoi(m[1]));
}

}  // namespace steward::testing
