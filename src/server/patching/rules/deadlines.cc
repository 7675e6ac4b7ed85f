#include "server/patching/rules/deadlines.h"

namespace steward::patching {

namespace {

using std::chrono::milliseconds;

constexpr int kCriticalBusinessDays = 3;
constexpr int kImportantBusinessDays = 10;
constexpr int kLesserMonths = 3;          // moderate and low
constexpr int kServiceReleaseMonths = 6;  // service release
constexpr int kMajorRevisionMonths = 12;  // major revision: one year

date::local_time<milliseconds> ToLocal(Timestamp t, const date::time_zone* zone) {
  if (zone == nullptr) return date::local_time<milliseconds>(t.time_since_epoch());
  return zone->to_local(t);
}

Timestamp ToSys(date::local_time<milliseconds> local, const date::time_zone* zone) {
  if (zone == nullptr) return Timestamp(local.time_since_epoch());
  // date::choose::earliest: a nonexistent local time maps to the transition
  // instant (the first valid one), an ambiguous one to its first occurrence.
  return zone->to_sys(local, date::choose::earliest);
}

}  // namespace

Timestamp AddCalendarMonths(Timestamp t, int count, const date::time_zone* zone) {
  const date::local_time<milliseconds> local = ToLocal(t, zone);
  const date::local_days day = date::floor<date::days>(local);
  const milliseconds time_of_day = local - day;
  const date::year_month_day ymd{day};
  const date::year_month target_month =
      date::year_month{ymd.year(), ymd.month()} + date::months{count};
  date::year_month_day target{target_month / ymd.day()};
  if (!target.ok()) target = date::year_month_day{target_month / date::last};
  return ToSys(date::local_days{target} + time_of_day, zone);
}

bool CountsBusinessDays(UpdateClass c) {
  return c == UpdateClass::kCritical || c == UpdateClass::kImportant;
}

Timestamp PatchDeadline(UpdateClass c, Timestamp first_seen,
                        const servicedesk::BusinessCalendar& cal) {
  switch (c) {
    case UpdateClass::kCritical:
      return servicedesk::EndOfNthBusinessDay(cal, first_seen, kCriticalBusinessDays);
    case UpdateClass::kImportant:
      return servicedesk::EndOfNthBusinessDay(cal, first_seen, kImportantBusinessDays);
    case UpdateClass::kModerate:
    case UpdateClass::kLow:
      return AddCalendarMonths(first_seen, kLesserMonths, cal.zone);
    case UpdateClass::kServiceRelease:
      return AddCalendarMonths(first_seen, kServiceReleaseMonths, cal.zone);
    case UpdateClass::kMajorRevision:
      return AddCalendarMonths(first_seen, kMajorRevisionMonths, cal.zone);
  }
  return first_seen;  // unreachable for a valid enum value
}

DeadlineState PatchClock(UpdateClass c, Timestamp first_seen, Timestamp deadline, Timestamp now,
                         const servicedesk::BusinessCalendar& cal) {
  if (now >= deadline) return DeadlineState::kBreached;
  milliseconds allowed = deadline - first_seen;
  milliseconds elapsed = now - first_seen;
  if (CountsBusinessDays(c)) {
    allowed = servicedesk::BusinessTimeBetween(cal, first_seen, deadline);
    elapsed = servicedesk::BusinessTimeBetween(cal, first_seen, now);
  }
  // elapsed / allowed >= 3/4, in integers (a year is ~3.2e10 ms: no overflow).
  if (elapsed.count() * 4 >= allowed.count() * 3) return DeadlineState::kWarning;
  return DeadlineState::kOk;
}

bool ScanIsStale(Timestamp last_scan, Timestamp now) { return now - last_scan > kScanStaleAfter; }

}  // namespace steward::patching
