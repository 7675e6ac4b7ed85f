// Symptom normalisation for problem management (SPEC §5: "spot repeating
// incidents on the same CI or symptom"). Two incidents share a symptom when
// their texts normalise to the same key: the parts that differ between
// occurrences of one fault — numbers, hex error codes and ids, dates, times,
// UUIDs, punctuation, case and spacing — are replaced or removed.
#pragma once

#include <string>
#include <string_view>

namespace steward::servicedesk {

// Lower-case ASCII; UUIDs → "uuid", dates (2026-11-23, 23/11/2026,
// 23.11.2026) → "date", times (09:30, 09:30:15) → "time", hex codes
// (0x80070005, or 6+ hex digits with a digit and a letter) → "hex", every
// other run of digits → "0"; other punctuation (ASCII, and Unicode's
// U+00A0–U+00BF and U+2000–U+206F) becomes a space; whitespace collapsed and
// trimmed; at most 200 bytes (cut at a word). Other non-ASCII characters are
// kept as they are (letters of other scripts).
std::string NormaliseSymptom(std::string_view text);

}  // namespace steward::servicedesk
