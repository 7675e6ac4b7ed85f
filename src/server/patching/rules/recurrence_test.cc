// Change-window recurrence: the RRULE subset read and written back, every
// refusal naming "rrule"; days a month lacks skipped (the 31st in February
// and April, not in March), ordinal weekdays (Patch Tuesday), the last day
// of the month in leap and common years; the spring-forward gap and the
// fall-back overlap; an open window found while it runs.
#include "server/patching/rules/recurrence.h"

#include <gtest/gtest.h>

namespace steward::patching {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const date::time_zone* Zone(const char* name) { return date::locate_zone(name); }

Timestamp Utc(int y, unsigned m, unsigned d, int h, int mi = 0) {
  return Timestamp{date::sys_days{date::year{y} / m / d} + hours{h} + minutes{mi}};
}

WindowRule Rule(const char* rrule, const char* start, int minutes_long) {
  auto r = ParseRRule(rrule);
  EXPECT_TRUE(r.ok()) << rrule << ": " << r.status().ToString();
  auto s = ParseLocalStart(start);
  EXPECT_TRUE(s.ok()) << start;
  return WindowRule{r.value_or(Recurrence{}), s.value_or(date::local_seconds{}), minutes_long};
}

std::optional<WindowOccurrence> Next(const WindowRule& w, const char* zone, Timestamp at) {
  return OpenOrNext(w, Zone(zone), at);
}

TEST(RecurrenceTest, ReadsAndWritesTheSubsetCanonically) {
  auto r = ParseRRule("RRULE:freq=monthly;byday=2tu;interval=1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->freq, Frequency::kMonthly);
  ASSERT_EQ(r->by_day.size(), 1u);
  EXPECT_EQ(r->by_day[0], (WeekdayRule{2, 2}));
  EXPECT_EQ(FormatRRule(*r), "FREQ=MONTHLY;BYDAY=2TU");
  for (const char* text :
       {"FREQ=WEEKLY;BYDAY=SA", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR", "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31,-1", "FREQ=DAILY;UNTIL=20271231", "FREQ=DAILY;INTERVAL=3"}) {
    auto parsed = ParseRRule(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(FormatRRule(*parsed), text);
    EXPECT_EQ(ParseRRule(FormatRRule(*parsed)).value(), *parsed);
  }
  EXPECT_EQ(ParseRRule("FREQ=DAILY;UNTIL=20271231T235959Z")->until,
            date::local_days{date::year{2027} / 12 / 31});
}

TEST(RecurrenceTest, RefusesWhatItDoesNotDoNamingTheRule) {
  for (const char* text :
       {"", "BYDAY=SA", "FREQ=YEARLY", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=WEEKLY;BYMONTHDAY=1", "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYDAY=6MO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;INTERVAL=13", "FREQ=WEEKLY;FREQ=DAILY", "FREQ=WEEKLY;COUNT=3",
        "FREQ=WEEKLY;BYHOUR=22", "FREQ=WEEKLY;BYDAY", "FREQ=DAILY;UNTIL=20270230",
        "FREQ=DAILY;UNTIL=2027"}) {
    auto r = ParseRRule(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().field(), "rrule") << text;
  }
}

TEST(RecurrenceTest, TheThirtyFirstSkipsFebruaryAndAprilButNotMarch) {
  // Monthly on the 31st from 31 January 2027, 22:00 UTC for an hour.
  for (const char* rrule : {"FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY"}) {
    WindowRule w = Rule(rrule, "2027-01-31T22:00", 60);
    auto jan = Next(w, "UTC", Utc(2027, 1, 1, 0));
    ASSERT_TRUE(jan);
    EXPECT_EQ(jan->start, Utc(2027, 1, 31, 22)) << rrule;
    auto after_jan = Next(w, "UTC", Utc(2027, 1, 31, 23));
    ASSERT_TRUE(after_jan);
    EXPECT_EQ(after_jan->start, Utc(2027, 3, 31, 22)) << rrule << ": February has no 31st";
    auto after_mar = Next(w, "UTC", Utc(2027, 4, 1, 0));
    ASSERT_TRUE(after_mar);
    EXPECT_EQ(after_mar->start, Utc(2027, 5, 31, 22)) << rrule << ": April has no 31st";
  }
}

TEST(RecurrenceTest, TheLastDayOfFebruaryInCommonAndLeapYears) {
  WindowRule w = Rule("FREQ=MONTHLY;BYMONTHDAY=-1", "2027-01-31T20:00", 120);
  EXPECT_EQ(Next(w, "UTC", Utc(2027, 2, 1, 0))->start, Utc(2027, 2, 28, 20));
  EXPECT_EQ(Next(w, "UTC", Utc(2028, 2, 1, 0))->start, Utc(2028, 2, 29, 20));
}

TEST(RecurrenceTest, PatchTuesdayAndTheLastFriday) {
  WindowRule tuesday = Rule("FREQ=MONTHLY;BYDAY=2TU", "2026-12-01T20:00", 180);
  EXPECT_EQ(Next(tuesday, "UTC", Utc(2026, 12, 1, 0))->start, Utc(2026, 12, 8, 20));
  EXPECT_EQ(Next(tuesday, "UTC", Utc(2026, 12, 9, 0))->start, Utc(2027, 1, 12, 20));
  WindowRule friday = Rule("FREQ=MONTHLY;BYDAY=-1FR", "2026-12-01T18:00", 60);
  EXPECT_EQ(Next(friday, "UTC", Utc(2026, 12, 1, 0))->start, Utc(2026, 12, 25, 18));
  EXPECT_EQ(Next(friday, "UTC", Utc(2026, 12, 26, 0))->start, Utc(2027, 1, 29, 18));
}

TEST(RecurrenceTest, WeeklyEveryOtherWeekFromTheStartsWeek) {
  // Saturdays 22:00 New York time, every other week from 5 December 2026.
  WindowRule w = Rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "2026-12-05T22:00", 240);
  auto first = Next(w, "America/New_York", Utc(2026, 12, 1, 0));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->start, Utc(2026, 12, 6, 3));  // 22:00 EST = 03:00 UTC next day
  EXPECT_EQ(first->end, Utc(2026, 12, 6, 7));
  EXPECT_EQ(Next(w, "America/New_York", Utc(2026, 12, 6, 8))->start, Utc(2026, 12, 20, 3));
}

TEST(RecurrenceTest, AnOpenWindowIsFoundWhileItRuns) {
  WindowRule w = Rule("FREQ=DAILY", "2026-12-01T23:00", 120);  // across midnight
  auto open = Next(w, "UTC", Utc(2026, 12, 8, 0, 30));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->start, Utc(2026, 12, 7, 23));
  EXPECT_EQ(open->end, Utc(2026, 12, 8, 1));
  EXPECT_EQ(Next(w, "UTC", Utc(2026, 12, 8, 1))->start, Utc(2026, 12, 8, 23)) << "end is exclusive";
}

TEST(RecurrenceTest, AWindowAcrossTheFallBackNightLastsItsRealMinutes) {
  // Berlin leaves summer time on Sunday 25 October 2026 at 03:00 CEST.
  WindowRule w = Rule("FREQ=WEEKLY;BYDAY=SA", "2026-10-03T22:00", 300);
  auto o = Next(w, "Europe/Berlin", Utc(2026, 10, 24, 12));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->start, Utc(2026, 10, 24, 20));  // 22:00 CEST
  EXPECT_EQ(o->end, Utc(2026, 10, 25, 1));     // 5 h later: 02:00 CET
  // The week after, in winter time: 22:00 CET.
  EXPECT_EQ(Next(w, "Europe/Berlin", Utc(2026, 10, 26, 0))->start, Utc(2026, 10, 31, 21));
  // 02:30 happens twice that night: the first (summer time) one.
  WindowRule twice = Rule("FREQ=DAILY", "2026-10-20T02:30", 30);
  EXPECT_EQ(Next(twice, "Europe/Berlin", Utc(2026, 10, 24, 23))->start, Utc(2026, 10, 25, 0, 30));
}

TEST(RecurrenceTest, AStartInTheSpringForwardGapMovesPastIt) {
  // New York skips 02:00-03:00 on Sunday 14 March 2027.
  WindowRule w = Rule("FREQ=DAILY", "2027-03-01T02:30", 60);
  EXPECT_EQ(Next(w, "America/New_York", Utc(2027, 3, 13, 0))->start, Utc(2027, 3, 13, 7, 30));
  EXPECT_EQ(Next(w, "America/New_York", Utc(2027, 3, 14, 0))->start, Utc(2027, 3, 14, 7, 30))
      << "02:30 EST, which is 03:30 EDT";
  EXPECT_EQ(Next(w, "America/New_York", Utc(2027, 3, 15, 0))->start, Utc(2027, 3, 15, 6, 30));
}

TEST(RecurrenceTest, UntilEndsTheRuleAndOfAllTakesTheOpenOrEarliest) {
  WindowRule w = Rule("FREQ=WEEKLY;BYDAY=SA;UNTIL=20261212", "2026-12-05T22:00", 60);
  EXPECT_EQ(Next(w, "UTC", Utc(2026, 12, 6, 0))->start, Utc(2026, 12, 12, 22));
  EXPECT_FALSE(Next(w, "UTC", Utc(2026, 12, 13, 0)));

  ChangeWindow sat{1, 1, WindowLevel::kCustomer, 1, "Saturday", "", w, {}, {}};
  ChangeWindow daily{
      2,  1, WindowLevel::kCustomer, 1, "Nightly", "", Rule("FREQ=DAILY", "2026-12-01T02:00", 60),
      {}, {}};
  auto both = OpenOrNextOfAll({sat, daily}, Zone("UTC"), Utc(2026, 12, 12, 22, 30));
  ASSERT_TRUE(both);
  EXPECT_EQ(both->window_id, 1) << "the open Saturday window beats tomorrow's 02:00";
  both = OpenOrNextOfAll({sat, daily}, Zone("UTC"), Utc(2026, 12, 12, 23, 30));
  EXPECT_EQ(both->window_id, 2);
  EXPECT_EQ(both->start, Utc(2026, 12, 13, 2));
}

TEST(RecurrenceTest, ANewWindowIsCheckedFieldByField) {
  const Timestamp now = Utc(2026, 12, 7, 12);
  NewChangeWindow ok{
      1,  WindowLevel::kCustomer, 1, "Saturday night", "FREQ=WEEKLY;BYDAY=SA", "2026-12-05T22:00",
      240};
  EXPECT_TRUE(CheckNewWindow(ok, Zone("UTC"), now).ok());
  auto field = [&](NewChangeWindow w) {
    return CheckNewWindow(w, Zone("UTC"), now).status().field();
  };
  NewChangeWindow w = ok;
  w.name = " ";
  EXPECT_EQ(field(w), "name");
  w = ok;
  w.rrule = "FREQ=YEARLY";
  EXPECT_EQ(field(w), "rrule");
  w = ok;
  w.start = "2026-12-05 22:00:30";
  EXPECT_EQ(field(w), "start");
  w.start = "2026-02-30T22:00";
  EXPECT_EQ(field(w), "start");
  w = ok;
  w.duration_minutes = 10;
  EXPECT_EQ(field(w), "duration_minutes");
  w.duration_minutes = 1441;
  EXPECT_EQ(field(w), "duration_minutes");
  w = ok;
  w.rrule = "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261206";  // all in the past
  EXPECT_EQ(field(w), "rrule");
  w.rrule = "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261101";  // before its own start
  EXPECT_EQ(field(w), "rrule");
  w = ok;
  w.rrule = "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30";
  w.start = "2027-02-01T22:00";  // only ever Februaries: never a 30th
  EXPECT_EQ(field(w), "rrule");
}

}  // namespace
}  // namespace steward::patching
