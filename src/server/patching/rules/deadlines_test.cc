// Patch deadlines per SPEC §4 on the customer's calendar — business days
// across weekends and holidays, calendar months across month ends, leap
// years and DST changes — the 75 % / 100 % clock, and stale scans.
#include "server/patching/rules/deadlines.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/servicedesk/rules/test_calendar.h"

namespace steward::patching {
namespace {

using servicedesk::BusinessCalendar;
using servicedesk::Office;
using servicedesk::T;
using std::chrono::hours;
using std::chrono::milliseconds;

std::string Deadline(UpdateClass c, const char* first_seen, const BusinessCalendar& cal) {
  return FormatIso8601(PatchDeadline(c, T(first_seen), cal));
}

// Office() with the given local days as holidays.
BusinessCalendar OfficeWithHolidays(std::initializer_list<date::year_month_day> days) {
  BusinessCalendar cal = Office();
  for (const date::year_month_day& d : days) cal.holidays.insert(date::local_days{d});
  return cal;
}

const BusinessCalendar& Utc() {
  static const BusinessCalendar cal = servicedesk::AlwaysOpen("UTC");
  return cal;
}

const BusinessCalendar& Berlin() {
  static const BusinessCalendar cal = servicedesk::AlwaysOpen("Europe/Berlin");
  return cal;
}

TEST(PatchDeadlineTest, CriticalIsTheEndOfTheThirdBusinessDayAcrossAWeekend) {
  // Thursday → Friday (1), Monday (2), Tuesday (3), at closing time.
  EXPECT_EQ(Deadline(UpdateClass::kCritical, "2026-11-26T10:00:00Z", Office()),
            "2026-12-01T17:00:00Z");
  // First seen on a Saturday: counted from that calendar day, like SLA days.
  EXPECT_EQ(Deadline(UpdateClass::kCritical, "2026-11-28T10:00:00Z", Office()),
            "2026-12-02T17:00:00Z");
}

TEST(PatchDeadlineTest, CriticalSkipsAHoliday) {
  const BusinessCalendar cal = OfficeWithHolidays({date::year{2026} / 11 / 30});
  EXPECT_EQ(Deadline(UpdateClass::kCritical, "2026-11-26T10:00:00Z", cal), "2026-12-02T17:00:00Z");
}

TEST(PatchDeadlineTest, ImportantIsTheEndOfTheTenthBusinessDay) {
  // Thursday 17 December: two weekends in ten business days.
  EXPECT_EQ(Deadline(UpdateClass::kImportant, "2026-12-17T15:00:00Z", Office()),
            "2026-12-31T17:00:00Z");
  // Christmas Day and New Year's Day (both Fridays) push it to Monday.
  const BusinessCalendar cal =
      OfficeWithHolidays({date::year{2026} / 12 / 25, date::year{2027} / 1 / 1});
  EXPECT_EQ(Deadline(UpdateClass::kImportant, "2026-12-17T15:00:00Z", cal), "2027-01-04T17:00:00Z");
}

TEST(PatchDeadlineTest, MonthsClampToTheEndOfAShorterMonth) {
  // 31 January + 1 month: the last day of February, leap year or not.
  EXPECT_EQ(FormatIso8601(AddCalendarMonths(T("2027-01-31T10:00:00Z"), 1, Utc().zone)),
            "2027-02-28T10:00:00Z");
  EXPECT_EQ(FormatIso8601(AddCalendarMonths(T("2028-01-31T10:00:00Z"), 1, Utc().zone)),
            "2028-02-29T10:00:00Z");
  // A day that exists is kept.
  EXPECT_EQ(FormatIso8601(AddCalendarMonths(T("2027-01-28T10:00:00Z"), 1, Utc().zone)),
            "2027-02-28T10:00:00Z");
  // A null zone counts in UTC.
  EXPECT_EQ(FormatIso8601(AddCalendarMonths(T("2027-01-31T10:00:00Z"), 1, nullptr)),
            "2027-02-28T10:00:00Z");
}

TEST(PatchDeadlineTest, EachMonthClassAddsItsMonths) {
  // Moderate and low: 3 months; 30 November → 28 February.
  EXPECT_EQ(Deadline(UpdateClass::kModerate, "2026-11-30T12:00:00Z", Utc()),
            "2027-02-28T12:00:00Z");
  EXPECT_EQ(Deadline(UpdateClass::kLow, "2026-11-30T12:00:00Z", Utc()), "2027-02-28T12:00:00Z");
  // Service release: 6 months; 31 March → 30 September.
  EXPECT_EQ(Deadline(UpdateClass::kServiceRelease, "2027-03-31T12:00:00.250Z", Utc()),
            "2027-09-30T12:00:00.250Z");
  // Major revision: a year; 29 February → 28 February.
  EXPECT_EQ(Deadline(UpdateClass::kMajorRevision, "2028-02-29T12:00:00Z", Utc()),
            "2029-02-28T12:00:00Z");
}

TEST(PatchDeadlineTest, MonthsCountOnTheLocalCalendarAtTheSameLocalTime) {
  // 09:00 CET in January → 09:00 CEST in July: one hour earlier in UTC.
  EXPECT_EQ(Deadline(UpdateClass::kServiceRelease, "2027-01-15T08:00:00Z", Berlin()),
            "2027-07-15T07:00:00Z");
  // 22:30 UTC on 30 March is 00:30 on 31 March in Berlin: 6 months later is
  // 00:30 on 30 September there, not 30 September 22:30 UTC.
  EXPECT_EQ(Deadline(UpdateClass::kServiceRelease, "2027-03-30T22:30:00Z", Berlin()),
            "2027-09-29T22:30:00Z");
}

TEST(PatchDeadlineTest, ALocalTimeSkippedByDstMovesToTheFirstValidInstant) {
  // 02:30 CET on 28 December + 3 months = 02:30 on 28 March 2027, which the
  // spring-forward skips (02:00 → 03:00): 03:00 CEST, 01:00 UTC.
  EXPECT_EQ(Deadline(UpdateClass::kModerate, "2026-12-28T01:30:00Z", Berlin()),
            "2027-03-28T01:00:00Z");
  // 02:30 on 31 October 2027 happens twice: the first (CEST) is taken.
  EXPECT_EQ(Deadline(UpdateClass::kModerate, "2027-07-31T00:30:00Z", Berlin()),
            "2027-10-31T00:30:00Z");
}

TEST(PatchClockTest, BusinessDayClassesCountBusinessTime) {
  // Monday 09:00 → Thursday 17:00: 8 + 9 + 9 + 9 = 35 business hours; 75 %
  // is 26 h 15 min, reached on Thursday at 08:15.
  const Timestamp first_seen = T("2026-11-23T09:00:00Z");
  const Timestamp deadline = PatchDeadline(UpdateClass::kCritical, first_seen, Office());
  ASSERT_EQ(FormatIso8601(deadline), "2026-11-26T17:00:00Z");
  auto at = [&](const char* now) {
    return PatchClock(UpdateClass::kCritical, first_seen, deadline, T(now), Office());
  };
  EXPECT_EQ(at("2026-11-23T09:00:00Z"), DeadlineState::kOk);
  // Wednesday night is past 75 % of the wall-clock time but not of the
  // business time.
  EXPECT_EQ(at("2026-11-25T23:00:00Z"), DeadlineState::kOk);
  EXPECT_EQ(at("2026-11-26T08:14:59.999Z"), DeadlineState::kOk);
  EXPECT_EQ(at("2026-11-26T08:15:00Z"), DeadlineState::kWarning);
  EXPECT_EQ(at("2026-11-26T16:59:59.999Z"), DeadlineState::kWarning);
  EXPECT_EQ(at("2026-11-26T17:00:00Z"), DeadlineState::kBreached);
  EXPECT_EQ(at("2026-11-28T10:00:00Z"), DeadlineState::kBreached);
}

TEST(PatchClockTest, MonthClassesCountElapsedTime) {
  // 1 January → 1 April 2027: 90 days; 75 % is 67.5 days, 9 March at noon
  // (a Tuesday: business time would put it elsewhere).
  const Timestamp first_seen = T("2027-01-01T00:00:00Z");
  const Timestamp deadline = PatchDeadline(UpdateClass::kModerate, first_seen, Office());
  ASSERT_EQ(FormatIso8601(deadline), "2027-04-01T00:00:00Z");
  auto at = [&](const char* now) {
    return PatchClock(UpdateClass::kModerate, first_seen, deadline, T(now), Office());
  };
  EXPECT_EQ(at("2027-03-09T11:59:59.999Z"), DeadlineState::kOk);
  EXPECT_EQ(at("2027-03-09T12:00:00Z"), DeadlineState::kWarning);
  EXPECT_EQ(at("2027-03-31T23:59:59.999Z"), DeadlineState::kWarning);
  EXPECT_EQ(at("2027-04-01T00:00:00Z"), DeadlineState::kBreached);
}

TEST(ScanTest, AScanIsStaleWhenMoreThan48HoursOld) {
  const Timestamp last_scan = T("2026-11-23T09:00:00Z");
  EXPECT_FALSE(ScanIsStale(last_scan, last_scan));
  EXPECT_FALSE(ScanIsStale(last_scan, last_scan + hours(48) - milliseconds(1)));
  EXPECT_FALSE(ScanIsStale(last_scan, last_scan + hours(48)));
  EXPECT_TRUE(ScanIsStale(last_scan, last_scan + hours(48) + milliseconds(1)));
}

}  // namespace
}  // namespace steward::patching
