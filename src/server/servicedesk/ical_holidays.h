// Holidays from an iCalendar file (RFC 5545), as published by governments
// and calendar services, for business calendars (issue 4 item 2). Parsed
// with libical. Pure apart from libical's process-wide error state, which a
// mutex guards. libical reports some syntax errors on stderr as it parses
// ("Encountered END before BEGIN"); that cannot be switched off and is
// harmless — the caller still gets InvalidArgument.
#pragma once

#include <string_view>
#include <vector>

#include <date/date.h>

#include "core/result.h"

namespace steward::servicedesk {

struct IcsHolidays {
  std::vector<date::local_days> days;  // sorted, unique
  int events = 0;                      // all-day VEVENTs read
  int skipped_timed = 0;               // VEVENTs with a time of day: not holidays
};

// Every day covered by an all-day VEVENT: a multi-day event (DTEND is
// exclusive, or DURATION) gives each of its days; a recurring one (RRULE,
// minus EXDATE) gives its occurrences in the years [first_year, last_year].
// InvalidArgument (field "body") naming the problem for input that is not a
// VCALENDAR, has a syntax error libical reports, an event without DTSTART,
// no all-day event at all, or more than 2000 days.
Result<IcsHolidays> ParseIcsHolidays(std::string_view ics, int first_year, int last_year);

}  // namespace steward::servicedesk
