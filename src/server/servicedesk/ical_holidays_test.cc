#include "server/servicedesk/ical_holidays.h"

#include <random>

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

using date::days;
using date::local_days;

local_days D(int y, unsigned m, unsigned d) {
  return local_days(date::year(y) / date::month(m) / date::day(d));
}

std::string Calendar(const std::string& events) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Holidays//EN\r\n" + events +
         "END:VCALENDAR\r\n";
}

TEST(ParseIcsHolidays, AllDayMultiDayAndRecurring) {
  std::string ics = Calendar(
      "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\n"
      "SUMMARY:Christmas\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=YEARLY\r\n"
      "SUMMARY:New Year\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20261102\r\nSUMMARY:Staff day\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:4\r\nDTSTART:20261103T090000Z\r\nDTEND:20261103T100000Z\r\n"
      "SUMMARY:Meeting\r\nEND:VEVENT\r\n");
  auto r = ParseIcsHolidays(ics, 2026, 2027);
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<local_days> want = {D(2026, 1, 1), D(2026, 11, 2), D(2026, 12, 25), D(2026, 12, 26),
                                  D(2027, 1, 1)};
  EXPECT_EQ(r->days, want);
  EXPECT_EQ(r->events, 3);
  EXPECT_EQ(r->skipped_timed, 1);
}

TEST(ParseIcsHolidays, DurationExdateAndMultiDayRecurring) {
  std::string ics = Calendar(
      "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20270301\r\nDURATION:P3D\r\n"
      "SUMMARY:Closure\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20250704\r\nDTEND;VALUE=DATE:20250706\r\n"
      "RRULE:FREQ=YEARLY\r\nEXDATE;VALUE=DATE:20260704\r\nSUMMARY:Summer\r\nEND:VEVENT\r\n");
  auto r = ParseIcsHolidays(ics, 2026, 2027);
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<local_days> want = {D(2027, 3, 1), D(2027, 3, 2), D(2027, 3, 3), D(2027, 7, 4),
                                  D(2027, 7, 5)};
  EXPECT_EQ(r->days, want);
}

TEST(ParseIcsHolidays, BrokenInputIsAClearError) {
  auto field_is_body = [](const Result<IcsHolidays>& r) {
    return !r.ok() && r.status().code() == StatusCode::kInvalidArgument &&
           r.status().field() == "body";
  };
  auto r = ParseIcsHolidays("", 2026, 2027);
  EXPECT_TRUE(field_is_body(r));
  r = ParseIcsHolidays("hello, I am not a calendar", 2026, 2027);
  EXPECT_TRUE(field_is_body(r));
  EXPECT_NE(r.status().message().find("VCALENDAR"), std::string::npos) << r.status().message();
  // A calendar without events, or with timed events only.
  EXPECT_TRUE(field_is_body(ParseIcsHolidays(Calendar(""), 2026, 2027)));
  EXPECT_TRUE(field_is_body(ParseIcsHolidays(
      Calendar("BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261103T090000Z\r\nEND:VEVENT\r\n"), 2026,
      2027)));
  // An event without DTSTART, or with a date that is not one.
  r = ParseIcsHolidays(Calendar("BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:x\r\nEND:VEVENT\r\n"), 2026,
                       2027);
  EXPECT_TRUE(field_is_body(r));
  EXPECT_NE(r.status().message().find("DTSTART"), std::string::npos) << r.status().message();
  r = ParseIcsHolidays(
      Calendar("BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:2026XX99\r\nEND:VEVENT\r\n"), 2026,
      2027);
  EXPECT_TRUE(field_is_body(r)) << (r.ok() ? "parsed" : r.status().message());
  // Truncated file.
  r = ParseIcsHolidays("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026", 2026, 2027);
  EXPECT_TRUE(field_is_body(r));
  // Binary junk.
  EXPECT_TRUE(
      field_is_body(ParseIcsHolidays(std::string("BEGIN:VCALENDAR\0\x01", 17), 2026, 2027)));
}

TEST(ParseIcsHolidays, BoundedExpansion) {
  // A daily rule for ever is cut at the range and the day limit.
  auto r = ParseIcsHolidays(
      Calendar("BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=DAILY\r\n"
               "END:VEVENT\r\n"),
      2026, 2027);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->days.size(), 730u);
  EXPECT_EQ(r->days.back(), D(2027, 12, 31));
}

// Uploaded files are outside input: mutated calendars give days or a clean
// InvalidArgument — never a crash, a hang or a sanitizer report in libical.
TEST(ParseIcsHolidays, MutatedInputNeverCrashes) {
  const std::vector<std::string> seeds = {
      Calendar("BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261225\r\n"
               "DTEND;VALUE=DATE:20261227\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n"),
      Calendar("BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20200101\r\n"
               "RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\r\nEXDATE;VALUE=DATE:20270101\r\n"
               "END:VEVENT\r\n"),
      Calendar("BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20270301\r\nDURATION:P3D\r\n"
               "END:VEVENT\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nEND:VTIMEZONE\r\n")};
  static const char kInteresting[] = {':', ';', '=', ',', '\r', '\n', ' ', '\0', '\xff', '9', 'T'};
  std::mt19937_64 rng(20261129);
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    for (int e = 0, n = 1 + static_cast<int>(rng() % 6); e < n; ++e) {
      size_t pos = rng() % (s.size() + 1);
      switch (rng() % 4) {
        case 0:
          if (pos < s.size()) s[pos] = static_cast<char>(rng());
          break;
        case 1:
          s.insert(pos, 1, kInteresting[rng() % sizeof kInteresting]);
          break;
        case 2:
          if (pos < s.size()) s.erase(pos, 1 + rng() % 8);
          break;
        default:
          if (pos < s.size()) s.insert(pos, s.substr(pos, 1 + rng() % 24));
      }
    }
    auto r = ParseIcsHolidays(s, 2026, 2027);
    if (r.ok()) {
      ++parsed;
      EXPECT_FALSE(r->days.empty());
      EXPECT_LE(r->days.size(), 2000u);
      EXPECT_TRUE(std::is_sorted(r->days.begin(), r->days.end()));
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
    }
  }
  EXPECT_GT(parsed, 0);  // the mutations leave some calendars intact
}

}  // namespace
}  // namespace steward::servicedesk
