#include "server/servicedesk/calendar_json.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "server/servicedesk/rules/test_calendar.h"

namespace steward::servicedesk {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::string S(Timestamp t) { return FormatIso8601(t); }

Json OfficeHours() {
  Json day = Json::array({Json::array({"08:00", "17:00"})});
  return {{"mon", day}, {"tue", day}, {"wed", day}, {"thu", day}, {"fri", day}};
}

BusinessCalendar Berlin(Json holidays = Json::array({"2026-12-25"})) {
  auto cal = BuildCalendar("Europe/Berlin", OfficeHours(), holidays);
  EXPECT_TRUE(cal.ok()) << cal.status().ToString();
  return *cal;
}

TEST(BusinessCalendarTest, HourTargetRollsOverTheWeekend) {
  // SPEC §5: critical at 16:30 on a Friday → 08:30 on Monday (Berlin, CET = UTC+1).
  EXPECT_EQ(S(AddBusinessTime(Berlin(), T("2026-11-27T15:30:00Z"), hours(1))),
            "2026-11-30T07:30:00Z");
  EXPECT_EQ(BusinessTimeBetween(Berlin(), T("2026-11-27T15:00:00Z"), T("2026-11-30T08:00:00Z")),
            hours(2));
}

TEST(BusinessCalendarTest, HolidaysAreSkipped) {
  // Thursday 24 Dec 16:30 local; Friday 25 Dec is a holiday → Monday 08:30.
  EXPECT_EQ(S(AddBusinessTime(Berlin(), T("2026-12-24T15:30:00Z"), hours(1))),
            "2026-12-28T07:30:00Z");
  // Without the holiday it is Friday 08:30.
  EXPECT_EQ(S(AddBusinessTime(Berlin(Json::array()), T("2026-12-24T15:30:00Z"), hours(1))),
            "2026-12-25T07:30:00Z");
  // Two business days from Thursday 24 Dec: Mon 28 (1), Tue 29 (2), end of hours.
  EXPECT_EQ(S(EndOfNthBusinessDay(Berlin(), T("2026-12-24T09:00:00Z"), 2)), "2026-12-29T16:00:00Z");
}

TEST(BusinessCalendarTest, SpringForwardInBerlin) {
  // Friday 27 Mar 2026 16:30 CET; clocks go forward on Sunday 29 Mar, so Monday
  // 08:30 is CEST (UTC+2).
  EXPECT_EQ(S(AddBusinessTime(Berlin(), T("2026-03-27T15:30:00Z"), hours(1))),
            "2026-03-30T06:30:00Z");
  EXPECT_EQ(BusinessTimeBetween(Berlin(), T("2026-03-27T15:00:00Z"), T("2026-03-30T07:00:00Z")),
            hours(2));
  // Working hours across the skipped hour: 01:00 CET .. 04:00 CEST is two hours.
  auto night =
      BuildCalendar("Europe/Berlin", Json::parse(R"({"sun":[["01:00","04:00"]]})"), nullptr);
  ASSERT_TRUE(night.ok());
  EXPECT_EQ(BusinessTimeBetween(*night, T("2026-03-28T00:00:00Z"), T("2026-03-30T00:00:00Z")),
            hours(2));
  // Round the clock, the day of the change has 23 hours.
  auto always = BuildCalendar("Europe/Berlin", "24x7", nullptr);
  ASSERT_TRUE(always.ok());
  EXPECT_EQ(S(EndOfNthBusinessDay(*always, T("2026-03-28T11:00:00Z"), 1)), "2026-03-29T22:00:00Z");
}

TEST(BusinessCalendarTest, FallBackInBerlin) {
  // Sunday 25 Oct 2026: 01:00 CEST .. 04:00 CET is four hours.
  auto night =
      BuildCalendar("Europe/Berlin", Json::parse(R"({"sun":[["01:00","04:00"]]})"), nullptr);
  ASSERT_TRUE(night.ok());
  EXPECT_EQ(BusinessTimeBetween(*night, T("2026-10-24T00:00:00Z"), T("2026-10-26T00:00:00Z")),
            hours(4));
  // Friday 23 Oct 16:30 CEST + 1 h → Monday 26 Oct 08:30 CET.
  EXPECT_EQ(S(AddBusinessTime(Berlin(), T("2026-10-23T14:30:00Z"), hours(1))),
            "2026-10-26T07:30:00Z");
}

TEST(BusinessCalendarTest, RequestOutsideWorkingHours) {
  // Monday 06:00 local: the clock starts at 08:00.
  EXPECT_EQ(S(AddBusinessTime(Berlin(), T("2026-11-23T05:00:00Z"), hours(2))),
            "2026-11-23T09:00:00Z");
  // Saturday → next business day is the end of Monday (SPEC §5).
  EXPECT_EQ(S(EndOfNthBusinessDay(Berlin(), T("2026-11-28T09:00:00Z"), 1)), "2026-11-30T16:00:00Z");
  // Tuesday 20:00 local counts as Tuesday → the end of Wednesday.
  EXPECT_EQ(S(EndOfNthBusinessDay(Berlin(), T("2026-11-24T19:00:00Z"), 1)), "2026-11-25T16:00:00Z");
  // Nothing elapses outside hours.
  EXPECT_EQ(BusinessTimeBetween(Berlin(), T("2026-11-28T09:00:00Z"), T("2026-11-29T20:00:00Z")),
            hours(0));
}

TEST(BusinessCalendarTest, SplitDayAndExactEnd) {
  Json day = Json::array({Json::array({"13:00", "17:00"}), Json::array({"08:00", "12:00"})});
  auto cal = BuildCalendar("UTC", {{"mon", day}}, nullptr);
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(S(AddBusinessTime(*cal, T("2026-11-23T11:30:00Z"), hours(1))), "2026-11-23T13:30:00Z");
  // Exactly the rest of the day ends at closing time, not the next opening.
  EXPECT_EQ(S(AddBusinessTime(*cal, T("2026-11-23T16:00:00Z"), hours(1))), "2026-11-23T17:00:00Z");
  // Only Mondays: a week later.
  EXPECT_EQ(S(AddBusinessTime(*cal, T("2026-11-23T16:00:00Z"), minutes(61))),
            "2026-11-30T08:01:00Z");
}

TEST(BusinessCalendarTest, RoundTheClock) {
  auto cal = BuildCalendar("America/New_York", "24x7", Json::array({"2026-12-25"}));
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(S(AddBusinessTime(*cal, T("2026-12-24T23:00:00Z"), hours(30))), "2026-12-26T05:00:00Z");
  EXPECT_EQ(BusinessTimeBetween(*cal, T("2026-11-28T00:00:00Z"), T("2026-11-29T00:00:00Z")),
            hours(24));
  // Next business day: the end of the next local day (New York, EST = UTC-5).
  EXPECT_EQ(S(EndOfNthBusinessDay(*cal, T("2026-11-28T12:00:00Z"), 1)), "2026-11-30T05:00:00Z");
}

TEST(BusinessCalendarTest, RefusesBadInput) {
  auto field = [](const std::string& tz, const Json& hours, const Json& holidays) {
    auto cal = BuildCalendar(tz, hours, holidays);
    EXPECT_FALSE(cal.ok());
    return cal.ok() ? std::string() : cal.status().field();
  };
  EXPECT_EQ(field("Mars/Olympus", "24x7", nullptr), "time_zone");
  EXPECT_EQ(field("../../../etc/passwd", "24x7", nullptr), "time_zone");
  EXPECT_EQ(field("", "24x7", nullptr), "time_zone");
  EXPECT_EQ(field("UTC", "9to5", nullptr), "hours");
  EXPECT_EQ(field("UTC", Json::object(), nullptr), "hours");
  EXPECT_EQ(field("UTC", Json::parse(R"({"mon":[["08:00","25:00"]]})"), nullptr), "hours.mon[0]");
  EXPECT_EQ(field("UTC", Json::parse(R"({"mon":[["17:00","08:00"]]})"), nullptr), "hours.mon[0]");
  EXPECT_EQ(field("UTC", Json::parse(R"({"mon":[["08:00","12:00"],["11:00","13:00"]]})"), nullptr),
            "hours.mon");
  EXPECT_EQ(field("UTC", Json::parse(R"({"funday":[["08:00","12:00"]]})"), nullptr),
            "hours.funday");
  EXPECT_EQ(field("UTC", "24x7", Json::array({"2026-12-25", "2026-02-30"})), "holidays[1]");
  EXPECT_EQ(field("UTC", "24x7", Json::array({"25.12.2026"})), "holidays[0]");
}

}  // namespace
}  // namespace steward::servicedesk
