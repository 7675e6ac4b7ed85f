// Support time and flex hours (SPEC §7 "Precise arithmetic"): the month's
// included pool drawn in 15-minute steps in order of work date with the
// crossing entry split, hourly charges rounded once, the 160-hour flex cap,
// 4-hour draws and the year-end expiry east and west of UTC. Every expected
// number is worked out by hand in the comment beside it.
#include "server/billing/rules/hours.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

BillableTime Entry(int64_t id, Date day, int64_t minutes, bool covered = true) {
  return {id, day, minutes, covered, 18500};
}

TEST(SplitIncludedTimeTest, DrawsThePoolInOrderOfWorkDateAndSplitsTheCrossingEntry) {
  // Pool 60 min. By work date: 30 (fits: 30 left), 45 (30 included, 15
  // billable: 0 left), 15 (billable).
  const std::vector<BillableTime> entries = {
      Entry(1, D(2027, 3, 2), 30), Entry(2, D(2027, 3, 9), 45), Entry(3, D(2027, 3, 20), 15)};
  EXPECT_EQ(SplitIncludedTime(60, entries),
            (std::vector<TimeSplit>{{1, 30, 0}, {2, 30, 15}, {3, 0, 15}}));
}

TEST(SplitIncludedTimeTest, EntriesOutOfDateOrderAreDrawnByDateAndReturnedInInputOrder) {
  // The same three entries given latest first: the 2 March entry still draws
  // first, the 20 March one still pays.
  const std::vector<BillableTime> entries = {
      Entry(3, D(2027, 3, 20), 15), Entry(1, D(2027, 3, 2), 30), Entry(2, D(2027, 3, 9), 45)};
  EXPECT_EQ(SplitIncludedTime(60, entries),
            (std::vector<TimeSplit>{{3, 0, 15}, {1, 30, 0}, {2, 30, 15}}));
}

TEST(SplitIncludedTimeTest, SameWorkDateDrawsInEntryIdOrder) {
  // Pool 30, two 30-minute entries on the same day: id 4 draws the pool,
  // id 7 pays, whichever comes first.
  const std::vector<BillableTime> entries = {Entry(7, D(2027, 3, 5), 30),
                                             Entry(4, D(2027, 3, 5), 30)};
  EXPECT_EQ(SplitIncludedTime(30, entries), (std::vector<TimeSplit>{{7, 0, 30}, {4, 30, 0}}));
}

TEST(SplitIncludedTimeTest, UncoveredEntriesAreWhollyBillableAndDrawNothing) {
  // Pool 60. An uncovered 60 on the 1st draws nothing, so the covered 45 on
  // the 2nd fits (15 left) and the covered 30 on the 3rd splits 15 + 15.
  const std::vector<BillableTime> entries = {Entry(1, D(2027, 3, 1), 60, /*covered=*/false),
                                             Entry(2, D(2027, 3, 2), 45),
                                             Entry(3, D(2027, 3, 3), 30)};
  EXPECT_EQ(SplitIncludedTime(60, entries),
            (std::vector<TimeSplit>{{1, 0, 60}, {2, 45, 0}, {3, 15, 15}}));
}

TEST(SplitIncludedTimeTest, ZeroPoolBillsEverything) {
  const std::vector<BillableTime> entries = {Entry(1, D(2027, 3, 1), 30),
                                             Entry(2, D(2027, 3, 2), 15, false)};
  EXPECT_EQ(SplitIncludedTime(0, entries), (std::vector<TimeSplit>{{1, 0, 30}, {2, 0, 15}}));
  EXPECT_EQ(SplitIncludedTime(-60, entries), (std::vector<TimeSplit>{{1, 0, 30}, {2, 0, 15}}));
  EXPECT_TRUE(SplitIncludedTime(60, {}).empty());
}

TEST(SplitIncludedTimeTest, PoolLargerThanTheWorkLeavesNothingBillable) {
  // 3 Bronze servers × 60 min = a 180-minute pool; 45 + 90 = 135 drawn, 45
  // unused (gone at month end, never carried forward).
  const std::vector<BillableTime> entries = {Entry(1, D(2027, 3, 1), 45),
                                             Entry(2, D(2027, 3, 2), 90)};
  EXPECT_EQ(SplitIncludedTime(180, entries), (std::vector<TimeSplit>{{1, 45, 0}, {2, 90, 0}}));
}

TEST(SplitIncludedTimeTest, OnlyWholeFifteenMinuteStepsOfThePoolAreDrawn) {
  // A 50-minute pool holds three whole 15-minute steps (45): a 60-minute
  // entry draws 45 and pays 15.
  EXPECT_EQ(SplitIncludedTime(50, {Entry(1, D(2027, 3, 1), 60)}),
            (std::vector<TimeSplit>{{1, 45, 15}}));
}

TEST(HourlyChargeTest, RoundsHalfUpOnce) {
  // Emergency on-site for Bronze: $185/h × 75 min = 18500 × 75 / 60 = 23125.
  EXPECT_EQ(HourlyCharge(75, 18500), 23125);
  // 15 min at $185: 18500 / 4 = 4625.
  EXPECT_EQ(HourlyCharge(15, 18500), 4625);
  // 15 min at $123.45: 12345 / 4 = 3086.25 → 3086.
  EXPECT_EQ(HourlyCharge(15, 12345), 3086);
  // 15 min at $123.46: 12346 / 4 = 3086.5 → 3087 (half up).
  EXPECT_EQ(HourlyCharge(15, 12346), 3087);
  // 45 min at $123.46: 12346 × 45 / 60 = 9259.5 → 9260; three 15-minute
  // charges rounded each would be 3 × 3087 = 9261: the entry rounds once.
  EXPECT_EQ(HourlyCharge(45, 12346), 9260);
  EXPECT_EQ(HourlyCharge(0, 18500), 0);
}

TEST(FlexCreditTest, BalanceNeverExceeds160Hours) {
  EXPECT_EQ(kFlexCapMinutes, 9600);       // 160 h × 60
  EXPECT_EQ(FlexCredit(0, 180), 180);     // 3 servers × 1 h: all earned
  EXPECT_EQ(FlexCredit(9360, 240), 240);  // 156 h + 4 h = exactly 160 h
  EXPECT_EQ(FlexCredit(9480, 240), 120);  // 158 h: only 2 h more fit, the excess is lost
  EXPECT_EQ(FlexCredit(9600, 240), 0);    // at the cap: nothing earned
  EXPECT_EQ(FlexCredit(9840, 60), 0);     // above the cap (an edited ledger): nothing
  EXPECT_EQ(FlexCredit(0, 20000), 9600);  // a huge month still stops at 160 h
  EXPECT_EQ(FlexCredit(100, 0), 0);       // nothing earned
  EXPECT_EQ(FlexCredit(100, -60), 0);     // never a negative credit
}

TEST(CheckFlexDrawTest, OnlyPositiveMultiplesOfFourHoursWithinTheBalance) {
  EXPECT_TRUE(CheckFlexDraw(480, 240).ok());  // 4 h
  EXPECT_TRUE(CheckFlexDraw(480, 480).ok());  // 8 h: the whole balance
  for (int64_t bad : {0, 239, 241, -240, 720}) {
    // 0: nothing; 239/241: not 4-hour; −240: negative; 720 (12 h) > 480 balance.
    const Status s = CheckFlexDraw(480, bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "minutes") << bad;
  }
  // An empty balance allows no draw.
  EXPECT_EQ(CheckFlexDraw(0, 240).field(), "minutes");
}

TEST(FlexExpiryTest, EndOf31DecemberInTheCustomersZone) {
  // Auckland in summer is NZDT, UTC+13: local 2027-01-01 00:00 is
  // 2026-12-31 11:00 UTC — east of UTC the hours expire before UTC's new year.
  EXPECT_EQ(FormatIso8601(FlexExpiry(2026, date::locate_zone("Pacific/Auckland"))),
            "2026-12-31T11:00:00Z");
  // Los Angeles in winter is PST, UTC−8: local 2027-01-01 00:00 is
  // 2027-01-01 08:00 UTC — west of UTC they last into UTC's 1 January.
  EXPECT_EQ(FormatIso8601(FlexExpiry(2026, date::locate_zone("America/Los_Angeles"))),
            "2027-01-01T08:00:00Z");
  // A half-hour zone: Kolkata, UTC+5:30 → 2026-12-31 18:30 UTC.
  EXPECT_EQ(FormatIso8601(FlexExpiry(2026, date::locate_zone("Asia/Kolkata"))),
            "2026-12-31T18:30:00Z");
  // UTC itself, and no zone at all (UTC).
  EXPECT_EQ(FormatIso8601(FlexExpiry(2026, date::locate_zone("UTC"))), "2027-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(FlexExpiry(2026, nullptr)), "2027-01-01T00:00:00Z");
  // The leap year 2028 ends the same way: NZDT → 2028-12-31 11:00 UTC.
  EXPECT_EQ(FormatIso8601(FlexExpiry(2028, date::locate_zone("Pacific/Auckland"))),
            "2028-12-31T11:00:00Z");
}

TEST(FlexExpiryTest, TheLastMillisecondOf31DecemberIsStillTheOldYear) {
  // In Los Angeles the expiry instant is local midnight; one millisecond
  // earlier is 23:59:59.999 on 31 December, local.
  const date::time_zone* la = date::locate_zone("America/Los_Angeles");
  const Timestamp expiry = FlexExpiry(2026, la);
  const auto before = la->to_local(expiry - std::chrono::milliseconds(1));
  EXPECT_EQ(date::year_month_day(date::floor<date::days>(before)), D(2026, 12, 31));
  const auto at = la->to_local(expiry);
  EXPECT_EQ(date::year_month_day(date::floor<date::days>(at)), D(2027, 1, 1));
  EXPECT_EQ(at - date::floor<date::days>(at), std::chrono::milliseconds(0));
}

}  // namespace
}  // namespace steward::billing
