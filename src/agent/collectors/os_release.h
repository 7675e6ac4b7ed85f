// Pure parser for /etc/os-release (KEY=value lines, values optionally quoted).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace steward::agent {

std::map<std::string, std::string> ParseOsRelease(std::string_view text);

}  // namespace steward::agent
