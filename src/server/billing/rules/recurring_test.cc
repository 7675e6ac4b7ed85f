// A contract's recurring charges for a month and the full month in force on
// a day (the basis of liquidated damages), with the numbers worked by hand.
#include "server/billing/rules/recurring.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

using date::day;
using date::month;
using date::year;

Plan Server(int64_t id, Cents price) {
  Plan p;
  p.id = id;
  p.unit = PlanUnit::kServer;
  p.price_cents = price;
  p.discountable = true;
  return p;
}

TEST(RecurringTest, MonthlyChargeProratesAndDiscountsPerLine) {
  const std::vector<Plan> plans = {Server(1, 50000), Server(2, 75000)};
  ContractLine bronze{1, 9, 1, std::nullopt, {}, D(2026, 11, 1), std::nullopt};
  bronze.devices = {{101, D(2026, 11, 1), std::nullopt}, {102, D(2026, 11, 16), std::nullopt}};
  ContractLine silver{2, 9, 2, std::nullopt, {}, D(2026, 11, 1), std::nullopt};
  silver.devices = {{103, D(2026, 11, 1), D(2026, 11, 11)}};  // retired on the 11th
  RecurringCharges c = MonthlyRecurring({bronze, silver}, plans, Month{year{2026}, month{11}});
  // Three servers were covered in November: 4 %.
  EXPECT_EQ(c.servers, 3);
  EXPECT_EQ(c.discount, 400);
  ASSERT_EQ(c.lines.size(), 2u);
  // Bronze: 30 + 15 device-days of 30 → $500 × 45/30 = $750.00; 4 % = −$30.00.
  EXPECT_EQ(c.lines[0].gross, 75000);
  EXPECT_EQ(c.lines[0].discount, -3000);
  // Silver: 10 days of 30 → $750 × 10/30 = $250.00; 4 % = −$10.00.
  EXPECT_EQ(c.lines[1].gross, 25000);
  EXPECT_EQ(c.lines[1].discount, -1000);
  EXPECT_EQ(c.total, 75000 - 3000 + 25000 - 1000);
  // December: the retired server is gone; two servers → still 4 %: 2 × $500 × 96 % = $960.
  RecurringCharges dec = MonthlyRecurring({bronze, silver}, plans, Month{year{2026}, month{12}});
  EXPECT_EQ(dec.servers, 2);
  EXPECT_EQ(dec.total, 96000);
}

TEST(RecurringTest, FullMonthInForceIgnoresProrationAndWhatEnded) {
  const std::vector<Plan> plans = {Server(1, 50000)};
  ContractLine line{1, 9, 1, std::nullopt, {}, D(2026, 11, 20), std::nullopt};
  line.devices = {{101, D(2026, 11, 20), std::nullopt}, {102, D(2026, 11, 20), D(2026, 11, 25)}};
  // On 28 November only device 101 is in force: a whole month of it, 1 server → 0 %.
  EXPECT_EQ(FullMonthRecurringCents({line}, plans, D(2026, 11, 28)), 50000);
  // On the 21st both are: 2 × $500 × 96 % = $960.
  EXPECT_EQ(FullMonthRecurringCents({line}, plans, D(2026, 11, 21)), 96000);
  // Before the line starts nothing is in force.
  EXPECT_EQ(FullMonthRecurringCents({line}, plans, D(2026, 11, 19)), 0);
}

TEST(LinesAsBilledTest, RetiredDevicesLeaveOnTheirRetirementDay) {
  const std::vector<Plan> plans = {Server(1, 60000)};
  ContractLine line{1, 9, 1, std::nullopt, {}, D(2026, 11, 1), std::nullopt};
  line.devices = {{101, D(2026, 11, 1), std::nullopt},
                  {102, D(2026, 11, 1), D(2026, 11, 20)},
                  {103, D(2026, 11, 25), std::nullopt}};
  // 101 retired on the 11th; 102 retired after it had already left (its
  // own end stands); 103 retired before it was covered (no day at all).
  const RetiredOn retired = {{101, D(2026, 11, 11)}, {102, D(2026, 11, 28)}, {103, D(2026, 11, 2)}};
  const auto out = WithoutRetiredDevices({line}, retired);
  EXPECT_EQ(out[0].devices[0].to, D(2026, 11, 11));
  EXPECT_EQ(out[0].devices[1].to, D(2026, 11, 20));
  EXPECT_EQ(out[0].devices[2].to, D(2026, 11, 25));
  // November: 10 + 19 + 0 device-days of 30 at $600: $600 × 29/30 = $580.00;
  // two servers were covered: 4 % = −$23.20.
  const RecurringCharges c = MonthlyRecurring(out, plans, M(2026, 11));
  EXPECT_EQ(c.servers, 2);
  EXPECT_EQ(c.total, 58000 - 2320);
}

TEST(LinesAsBilledTest, NothingRunsPastTheContractsEnd) {
  const std::vector<Plan> plans = {Server(1, 62000)};
  Contract c;
  c.start_date = D(2026, 11, 1);
  c.ends_on = D(2027, 2, 15);  // renewed or notice given: the last day is 14 February
  ContractLine line{1, 9, 1, std::nullopt, {}, D(2026, 11, 1), std::nullopt};
  line.devices = {{101, D(2026, 11, 1), std::nullopt}};
  ContractLine users{2, 9, 1, 5, {}, D(2027, 3, 1), std::nullopt};  // starts after the end
  const auto out = LinesAsBilled(c, {line, users}, {});
  EXPECT_EQ(out[0].ends_on, D(2027, 2, 15));
  EXPECT_EQ(out[0].devices[0].to, D(2027, 2, 15));
  EXPECT_EQ(out[1].ends_on, D(2027, 3, 1));  // in force for no day
  // February 2027 (28 days): 14 days → $620 × 14/28 = $310.00; March: nothing.
  EXPECT_EQ(MonthlyRecurring(out, plans, M(2027, 2)).total, 31000);
  EXPECT_EQ(MonthlyRecurring(out, plans, M(2027, 3)).total, 0);
  // A renewing contract's lines pass unchanged.
  c.ends_on.reset();
  EXPECT_FALSE(LinesAsBilled(c, {line}, {})[0].ends_on.has_value());
}

TEST(RecurringTest, LinesOfUnknownPlansAreSkipped) {
  ContractLine line{1, 9, 77, 5, {}, D(2026, 11, 1), std::nullopt};
  RecurringCharges c = MonthlyRecurring({line}, {}, Month{year{2026}, month{11}});
  EXPECT_TRUE(c.lines.empty());
  EXPECT_EQ(c.total, 0);
}

}  // namespace
}  // namespace steward::billing
