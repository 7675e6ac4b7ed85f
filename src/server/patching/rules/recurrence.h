// Change-window recurrence as pure functions: reading and writing the RRULE
// subset, the days a rule starts on, and its occurrences as instants in a
// time zone.
//
// Supported: FREQ=DAILY|WEEKLY|MONTHLY; INTERVAL=1..12 (DAILY up to 31);
// BYDAY=MO,TU,… (with an ordinal such as 2TU or -1FR under MONTHLY);
// BYMONTHDAY=1..31 or -1..-31 (MONTHLY); UNTIL=YYYYMMDD (or a date-time of
// which the date counts). Keys in any order, each at most once. Anything
// else is refused naming "rrule", never silently ignored.
//
// As RFC 5545 says, a day that a month lacks is skipped, not moved: a
// window on the 31st occurs in January and March, not in February or
// April. A start time that the time zone skips (the spring-forward gap) is
// read with the offset before the gap, so 02:30 becomes 03:30; one that
// occurs twice (fall back) is the first. Durations are real minutes: a
// 5-hour window over the fall-back night ends 5 hours after it started.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/result.h"
#include "server/patching/model/change_window.h"

namespace steward::patching {

inline constexpr int kMinWindowMinutes = 15;
inline constexpr int kMaxWindowMinutes = 24 * 60;
// How far ahead an occurrence is looked for: a rule with none in that span
// never occurs (BYMONTHDAY=30 with FREQ=MONTHLY;INTERVAL=12 from February).
inline constexpr int kSearchDays = 5 * 366;

Result<Recurrence> ParseRRule(std::string_view text);
std::string FormatRRule(const Recurrence& r);

// "YYYY-MM-DDTHH:MM" → a local time; InvalidArgument naming "start".
Result<date::local_seconds> ParseLocalStart(std::string_view text);
std::string FormatLocalStart(date::local_seconds t);

// Whether a window starts on `day` (anchored at `first`, the start's date).
bool StartsOn(const Recurrence& r, date::local_days first, date::local_days day);

// A local time as an instant in `zone`, by the gap and overlap rules above.
Timestamp LocalToInstant(date::local_seconds t, const date::time_zone* zone);

// The occurrence open at `at`, else the next one to start after it, within
// kSearchDays; none when the rule has ended or never occurs.
std::optional<WindowOccurrence> OpenOrNext(const WindowRule& w, const date::time_zone* zone,
                                           Timestamp at);

// The earliest of several windows' OpenOrNext (an open one first).
std::optional<WindowOccurrence> OpenOrNextOfAll(const std::vector<ChangeWindow>& windows,
                                                const date::time_zone* zone, Timestamp at);

// InvalidArgument naming the field: a name of 1–100 characters; the rule
// ("rrule"); the start ("start"); 15–1440 minutes ("duration_minutes"); and
// "rrule" again when it has no occurrence ending after `now`.
Result<WindowRule> CheckNewWindow(const NewChangeWindow& w, const date::time_zone* zone,
                                  Timestamp now);

}  // namespace steward::patching
