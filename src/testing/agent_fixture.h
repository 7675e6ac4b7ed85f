// Test helper: the text of a fixture under tests/fixtures/agent/ (the test
// target defines STEWARD_AGENT_FIXTURES as that directory).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace steward::agent {

inline std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(STEWARD_AGENT_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace steward::agent
