// The deadline by which an update must be tested and approved (SPEC §4), and
// the clock that runs towards it. Pure: the time an update was first seen,
// `now` and the customer's business calendar are passed in.
//
//   critical          end of the 3rd business day   } counted like SLA days:
//   important         end of the 10th business day  } EndOfNthBusinessDay
//   moderate, low     3 calendar months             } on the local calendar of
//   service release   6 calendar months             } the customer's zone, same
//   major revision    1 year (12 calendar months)   } local time of day
#pragma once

#include <chrono>

#include <date/tz.h>

#include "core/clock.h"
#include "server/patching/model/update.h"
#include "server/servicedesk/rules/business_calendar.h"

namespace steward::patching {

// `count` calendar months after `t`, at the same local time of day in `zone`
// (UTC when null). A day the target month lacks is clamped to its last day
// (31 January + 1 month = 28 or 29 February), so a deadline never slips
// into the month after. A local time skipped by a DST change moves forward
// to the first instant that exists (02:30 on the spring-forward night in
// Berlin → 03:00 CEST); a repeated one takes its first occurrence, the
// earlier and so stricter deadline.
Timestamp AddCalendarMonths(Timestamp t, int count, const date::time_zone* zone);

// When an update of class `c` first seen at `first_seen` must be approved,
// on the customer's calendar `cal`.
Timestamp PatchDeadline(UpdateClass c, Timestamp first_seen,
                        const servicedesk::BusinessCalendar& cal);

// Whether the class's deadline counts business days (true) or calendar
// months (false).
bool CountsBusinessDays(UpdateClass c);

enum class DeadlineState { kOk, kWarning, kBreached };

// Where the clock of an update stands at `now`. Warning once 75 % of the
// allowed time has elapsed; breached once `now` reaches `deadline` (100 %).
// For the business-day classes both shares are business time on `cal`, so a
// weekend does not bring the warning closer; for the month classes they are
// plain elapsed time. Breach is tested against `deadline` itself, so the
// clock never calls "breached" before the deadline shown to the user, even if
// the calendar gained a holiday since the deadline was set.
DeadlineState PatchClock(UpdateClass c, Timestamp first_seen, Timestamp deadline, Timestamp now,
                         const servicedesk::BusinessCalendar& cal);

// A device's last scan older than this leaves its patch state unknown.
inline constexpr std::chrono::hours kScanStaleAfter{48};

// Whether a scan at `last_scan` is more than 48 h old at `now` (exactly
// 48 h is still fresh).
bool ScanIsStale(Timestamp last_scan, Timestamp now);

}  // namespace steward::patching
