// Text as received by mail made safe for the service desk: any charset
// converted to UTF-8 (invalid or unknown bytes become U+FFFD, never an error)
// and HTML turned into readable plain text. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace steward::mail {

// `bytes` in `charset` (a MIME charset name, any case; empty = US-ASCII /
// UTF-8) as valid UTF-8. ISO-8859-1 and US-ASCII are read as Windows-1252,
// as mail clients do; an unknown charset falls back to UTF-8 if the bytes
// are valid UTF-8, else Windows-1252.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// Valid UTF-8: every invalid sequence replaced by U+FFFD; NUL bytes dropped.
std::string MakeValidUtf8(std::string_view text);

// Readable text from HTML: script, style and head contents dropped, tags
// stripped, entities decoded, line breaks kept for <br>, paragraphs, divs,
// list items, table rows and headings; runs of blank lines collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace steward::mail
