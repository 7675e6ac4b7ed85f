// Business calendars (SPEC §5): an IANA time zone, working hours per weekday,
// holidays, or round the clock. SLA targets count working time on the
// customer's calendar. Pure functions: no I/O, no clock; the time zone rules
// come from the system tz database (/usr/share/zoneinfo) through
// HowardHinnant's date library, since GCC 12's <chrono> has no tzdb.
#pragma once

#include <array>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"

namespace steward::servicedesk {

// Minutes after local midnight; close may be 24:00.
struct WorkInterval {
  std::chrono::minutes open{0};
  std::chrono::minutes close{0};
};

struct BusinessCalendar {
  const date::time_zone* zone = nullptr;  // never null once built
  bool always_open = false;               // "24x7": holidays do not apply
  // Index: date::weekday::c_encoding() (0 = Sunday). Sorted, non-overlapping.
  std::array<std::vector<WorkInterval>, 7> hours;
  std::set<date::local_days> holidays;
};

// Round the clock in `time_zone_name` (UTC when empty).
BusinessCalendar AlwaysOpen(const std::string& time_zone_name = "UTC");

// The instant at which `duration` of working time has passed since `start`.
// Starting outside working hours, the count begins at the next opening.
Timestamp AddBusinessTime(const BusinessCalendar& cal, Timestamp start,
                          std::chrono::milliseconds duration);

// Working time between two instants (zero when `to` is not after `from`).
std::chrono::milliseconds BusinessTimeBetween(const BusinessCalendar& cal, Timestamp from,
                                              Timestamp to);

// The end of working hours on the `n`-th business day after the local
// calendar day of `arrival` (n = 1: "next business day"). A request arriving
// outside working hours still counts from its calendar day.
Timestamp EndOfNthBusinessDay(const BusinessCalendar& cal, Timestamp arrival, int n);

}  // namespace steward::servicedesk
