// Small text helpers shared across modules.
#pragma once

#include <string>
#include <string_view>

namespace steward {

// `s` with ASCII letters in lower case; other bytes (UTF-8 too) unchanged.
std::string AsciiLower(std::string_view s);

}  // namespace steward
