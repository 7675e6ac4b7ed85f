// Small text helpers shared across modules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward {

// `s` with ASCII letters in lower case; other bytes (UTF-8 too) unchanged.
std::string AsciiLower(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` that does not end inside
// a UTF-8 sequence: cutting text (a subject, a title, a name) never leaves
// half a character behind for a mail client or a database to choke on.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF,
// vertical tab, form feed).
std::string_view TrimAsciiSpace(std::string_view s);

// A list stored as one text column, an item a line: for items that
// validation keeps free of control characters, so no item holds a '\n'.
// SplitLines("") is empty; JoinLines(SplitLines(t)) == t for such lists.
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(std::string_view text);

// Whether `s` holds an ASCII control character (0x00-0x1F or DEL): text
// meant for one line of a form, a document or a CSV cell.
bool HasAsciiControl(std::string_view s);

}  // namespace steward
