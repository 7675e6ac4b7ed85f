// Small text helpers shared across modules.
#pragma once

#include <string>
#include <string_view>

namespace steward {

// `s` with ASCII letters in lower case; other bytes (UTF-8 too) unchanged.
std::string AsciiLower(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` that does not end inside
// a UTF-8 sequence: cutting text (a subject, a title, a name) never leaves
// half a character behind for a mail client or a database to choke on.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace steward
