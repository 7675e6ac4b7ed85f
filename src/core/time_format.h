// ISO 8601 / RFC 3339 conversion for timestamps in the API and the CLI.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace steward {

// "2026-11-22T05:32:05Z" (milliseconds are shown only when non-zero).
std::string FormatIso8601(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" and "YYYY-MM-DD" (midnight UTC).
// InvalidArgument for anything else, including impossible dates.
Result<Timestamp> ParseIso8601(std::string_view text);

}  // namespace steward
