// Recurring charges (SPEC §7 "Precise arithmetic"): the quantity-discount
// tiers at every boundary, tiered unit prices, proration by calendar days in
// 28-, 29-, 30- and 31-day months, one rounding per line, and the count of
// servers that chooses the tier. Every expected number is worked out by hand
// in the comment beside it.
#include "server/billing/rules/pricing.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

Plan Bronze() {
  Plan p;
  p.id = 1;
  p.name = "Bronze";
  p.unit = PlanUnit::kServer;
  p.price_cents = 50000;  // $500 per server per month
  p.included_support_minutes = 60;
  p.flex_minutes = 60;
  p.discountable = true;
  p.emergency_onsite_hourly_cents = 18500;
  return p;
}

Plan Gold() {
  Plan p = Bronze();
  p.id = 3;
  p.name = "Gold";
  p.price_cents = 100000;  // $1,000
  return p;
}

// A server plan at $333.33, for the rounding cases.
Plan Odd() {
  Plan p = Bronze();
  p.id = 4;
  p.name = "Custom server";
  p.price_cents = 33333;
  return p;
}

// The complete package: users 1–10 $125, 11–25 $110, 26–50 $95 a user.
Plan Package() {
  Plan p;
  p.id = 5;
  p.name = "Complete package";
  p.unit = PlanUnit::kUser;
  p.price_cents = 12500;
  p.tiers = {{10, 12500}, {25, 11000}, {50, 9500}};
  return p;
}

Plan Desktops() {
  Plan p;
  p.id = 6;
  p.name = "Desktops";
  p.unit = PlanUnit::kDesktop;
  p.price_cents = 4500;
  p.discountable = true;
  return p;
}

// Covered since long before the months tested, still covered.
CoveredDevice Always(int64_t ci) { return {ci, D(2020, 1, 1), std::nullopt}; }

ContractLine LineOf(const Plan& plan, std::vector<CoveredDevice> devices) {
  ContractLine line;
  line.id = 100 + plan.id;
  line.contract_id = 9;
  line.plan_id = plan.id;
  line.devices = std::move(devices);
  line.starts_on = D(2020, 1, 1);
  return line;
}

TEST(QuantityDiscountTest, TierBoundaries) {
  EXPECT_EQ(QuantityDiscount(0), 0);       // no servers: no discount
  EXPECT_EQ(QuantityDiscount(1), 0);       // 1 server → 0 %
  EXPECT_EQ(QuantityDiscount(2), 400);     // 2–5 → 4 %
  EXPECT_EQ(QuantityDiscount(5), 400);     //
  EXPECT_EQ(QuantityDiscount(6), 800);     // 6–10 → 8 %
  EXPECT_EQ(QuantityDiscount(10), 800);    //
  EXPECT_EQ(QuantityDiscount(11), 1200);   // 11–20 → 12 %
  EXPECT_EQ(QuantityDiscount(20), 1200);   //
  EXPECT_EQ(QuantityDiscount(21), 1800);   // 21–50 → 18 %
  EXPECT_EQ(QuantityDiscount(50), 1800);   //
  EXPECT_EQ(QuantityDiscount(51), 2500);   // 51–100 → 25 %
  EXPECT_EQ(QuantityDiscount(100), 2500);  //
  EXPECT_EQ(QuantityDiscount(101), 2500);  // the seeds stop at 100: 25 % holds
  EXPECT_EQ(QuantityDiscount(-3), 0);      // nonsense in, no discount out
}

TEST(PricingTest, BronzeForThreeServersWithTheFourPercentDiscount) {
  const Plan bronze = Bronze();
  const ContractLine line = LineOf(bronze, {Always(1), Always(2), Always(3)});
  const Month march = M(2027, 3);
  const int64_t servers = ServersCovered({line}, {bronze}, march);
  EXPECT_EQ(servers, 3);
  EXPECT_EQ(QuantityDiscount(servers), 400);  // 3 servers: the 2–5 tier, 4 %
  // 3 servers × $500 × 31/31 days = 150000 cents.
  const Cents gross = LineRecurringCents(bronze, line, march, servers);
  EXPECT_EQ(gross, 150000);
  // 150000 × 4 % = 6000 → a discount line of −6000; net 144000 ($1,440).
  EXPECT_EQ(LineDiscountCents(bronze, gross, 400), -6000);
}

TEST(PricingTest, DiscountRoundsHalfUpOncePerLine) {
  const Plan odd = Odd();
  const ContractLine seven =
      LineOf(odd, {Always(1), Always(2), Always(3), Always(4), Always(5), Always(6), Always(7)});
  // 7 × 33333 = 233331 cents gross (a full April: × 30/30).
  const Cents gross = LineRecurringCents(odd, seven, M(2027, 4), 7);
  EXPECT_EQ(gross, 233331);
  // 233331 × 8 % = 18666.48 → 18666 (per server it would be 2666.64 → 2667,
  // × 7 = 18669: the line rounds once, not per server).
  EXPECT_EQ(LineDiscountCents(odd, gross, QuantityDiscount(7)), -18666);

  // An exact half: 21 servers at $333.25 = 21 × 33325 = 699825 cents;
  // × 18 % = 125968.5 → 125969 (half up). Per server: 5998.5 → 5999, × 21 =
  // 125979, which the single rounding does not give.
  Plan p = Odd();
  p.price_cents = 33325;
  std::vector<CoveredDevice> devices;
  for (int64_t ci = 1; ci <= 21; ++ci) devices.push_back(Always(ci));
  const ContractLine line = LineOf(p, devices);
  EXPECT_EQ(QuantityDiscount(21), 1800);
  const Cents gross21 = LineRecurringCents(p, line, M(2027, 4), 21);
  EXPECT_EQ(gross21, 699825);
  EXPECT_EQ(LineDiscountCents(p, gross21, 1800), -125969);
}

TEST(PricingTest, DiscountOnlyOnDiscountablePlans) {
  Plan custom = Bronze();
  custom.discountable = false;
  EXPECT_EQ(LineDiscountCents(custom, 150000, 400), 0);  // not discountable
  EXPECT_EQ(LineDiscountCents(Bronze(), 150000, 0), 0);  // 1 server: 0 %
  EXPECT_EQ(LineDiscountCents(Bronze(), 0, 2500), 0);    // nothing to discount
  // 25 %: 2 × 0.25 = 0.5 → 1 (half up).
  EXPECT_EQ(LineDiscountCents(Bronze(), 2, 2500), -1);
}

TEST(PricingTest, TieredCompletePackagePrices) {
  const Plan pkg = Package();
  EXPECT_EQ(TieredUnitPrice(pkg, 1), 12500);   // users 1–10: $125
  EXPECT_EQ(TieredUnitPrice(pkg, 10), 12500);  // 10 is still the first tier
  EXPECT_EQ(TieredUnitPrice(pkg, 11), 11000);  // 11–25: $110
  EXPECT_EQ(TieredUnitPrice(pkg, 25), 11000);  //
  EXPECT_EQ(TieredUnitPrice(pkg, 26), 9500);   // 26–50: $95
  EXPECT_EQ(TieredUnitPrice(pkg, 50), 9500);   //
  EXPECT_EQ(TieredUnitPrice(pkg, 51), 9500);   // above every max: the highest tier
  EXPECT_EQ(TieredUnitPrice(pkg, 0), 12500);   // none yet: the first tier

  // The tiers in any order choose the same.
  Plan shuffled = pkg;
  shuffled.tiers = {{50, 9500}, {10, 12500}, {25, 11000}};
  EXPECT_EQ(TieredUnitPrice(shuffled, 10), 12500);
  EXPECT_EQ(TieredUnitPrice(shuffled, 11), 11000);
  EXPECT_EQ(TieredUnitPrice(shuffled, 26), 9500);

  // No tiers: the plan's price whatever the count.
  EXPECT_EQ(TieredUnitPrice(Bronze(), 1), 50000);
  EXPECT_EQ(TieredUnitPrice(Bronze(), 400), 50000);
}

TEST(PricingTest, PerUnitLineTakesTheTierOfTheCustomersTotal) {
  const Plan pkg = Package();
  ContractLine line;
  line.plan_id = pkg.id;
  line.quantity = 11;
  line.starts_on = D(2026, 1, 1);
  // 11 users × $110 (the 11–25 tier) × 30/30 = 121000.
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 11), 121000);
  // The same 11 users when the customer takes 26 in all: 11 × 9500 = 104500.
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 26), 104500);
  // 10 users: 10 × 12500 = 125000; 25: 25 × 11000 = 275000; 50: 50 × 9500 = 475000.
  line.quantity = 10;
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 10), 125000);
  line.quantity = 25;
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 25), 275000);
  line.quantity = 50;
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 50), 475000);
  // The complete package is not discountable: never a discount line.
  EXPECT_EQ(LineDiscountCents(pkg, 475000, QuantityDiscount(50)), 0);
  // No quantity: nothing to charge.
  line.quantity.reset();
  EXPECT_EQ(LineRecurringCents(pkg, line, M(2027, 4), 0), 0);
}

TEST(PricingTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(M(2027, 2)), 28);  // 2027 is not a leap year
  EXPECT_EQ(DaysInMonth(M(2028, 2)), 29);  // 2028 is
  EXPECT_EQ(DaysInMonth(M(2100, 2)), 28);  // divisible by 100, not 400
  EXPECT_EQ(DaysInMonth(M(2000, 2)), 29);  // divisible by 400
  EXPECT_EQ(DaysInMonth(M(2027, 4)), 30);
  EXPECT_EQ(DaysInMonth(M(2027, 3)), 31);
  EXPECT_EQ(DaysInMonth(M(2027, 12)), 31);
}

TEST(PricingTest, DaysCoveredCountsFromInclusiveToExclusive) {
  const Month feb = M(2027, 2);
  EXPECT_EQ(DaysCovered(Always(1), feb), 28);
  // Added 10 Feb: 10..28 = 19 days.
  EXPECT_EQ(DaysCovered({1, D(2027, 2, 10), std::nullopt}, feb), 19);
  // Retired from 10 Feb (covered until the 9th): 1..9 = 9 days.
  EXPECT_EQ(DaysCovered({1, D(2026, 6, 1), D(2027, 2, 10)}, feb), 9);
  // Added the 3rd, retired from the 5th: the 3rd and 4th = 2 days.
  EXPECT_EQ(DaysCovered({1, D(2027, 2, 3), D(2027, 2, 5)}, feb), 2);
  // Retired from 1 Feb: not covered in February; added 1 Mar: neither.
  EXPECT_EQ(DaysCovered({1, D(2026, 6, 1), D(2027, 2, 1)}, feb), 0);
  EXPECT_EQ(DaysCovered({1, D(2027, 3, 1), std::nullopt}, feb), 0);
  // Retired the day it was added: never covered.
  EXPECT_EQ(DaysCovered({1, D(2027, 2, 10), D(2027, 2, 10)}, feb), 0);
  // Added on the last day: 1 day; retired from the 1st of the next month: all 28.
  EXPECT_EQ(DaysCovered({1, D(2027, 2, 28), std::nullopt}, feb), 1);
  EXPECT_EQ(DaysCovered({1, D(2026, 6, 1), D(2027, 3, 1)}, feb), 28);
}

TEST(ProrationTest, TwentyEightDayMonth) {
  const Plan bronze = Bronze();
  const Month feb = M(2027, 2);  // 28 days
  // Added 10 Feb: 19 days; 50000 × 19 / 28 = 33928.571… → 33929.
  EXPECT_EQ(LineRecurringCents(bronze, LineOf(bronze, {{1, D(2027, 2, 10), std::nullopt}}), feb, 1),
            33929);
  // Retired from 10 Feb: 9 days; 50000 × 9 / 28 = 16071.428… → 16071.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{2, D(2026, 1, 1), D(2027, 2, 10)}}), feb, 1),
      16071);
}

TEST(ProrationTest, TwentyNineDayMonth) {
  const Plan bronze = Bronze();
  const Month feb = M(2028, 2);  // 29 days (leap year)
  // Added 10 Feb: 10..29 = 20 days; 50000 × 20 / 29 = 34482.758… → 34483.
  EXPECT_EQ(LineRecurringCents(bronze, LineOf(bronze, {{1, D(2028, 2, 10), std::nullopt}}), feb, 1),
            34483);
  // Retired from 10 Feb: 9 days; 50000 × 9 / 29 = 15517.241… → 15517.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{2, D(2026, 1, 1), D(2028, 2, 10)}}), feb, 1),
      15517);
  // Added on the leap day itself: 1 day; 50000 / 29 = 1724.137… → 1724.
  EXPECT_EQ(LineRecurringCents(bronze, LineOf(bronze, {{3, D(2028, 2, 29), std::nullopt}}), feb, 1),
            1724);
}

TEST(ProrationTest, ThirtyDayMonth) {
  const Plan bronze = Bronze();
  const Month april = M(2027, 4);  // 30 days
  // Added 16 Apr: 16..30 = 15 days; 50000 × 15 / 30 = 25000 exactly.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{1, D(2027, 4, 16), std::nullopt}}), april, 1),
      25000);
  // Retired from 10 Apr: 9 days; 50000 × 9 / 30 = 15000.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{2, D(2026, 1, 1), D(2027, 4, 10)}}), april, 1),
      15000);
  // Half up: $333.33 added 16 Apr: 33333 × 15 / 30 = 16666.5 → 16667.
  const Plan odd = Odd();
  EXPECT_EQ(LineRecurringCents(odd, LineOf(odd, {{3, D(2027, 4, 16), std::nullopt}}), april, 1),
            16667);
}

TEST(ProrationTest, ThirtyOneDayMonth) {
  const Plan bronze = Bronze();
  const Month march = M(2027, 3);  // 31 days
  // Added 17 Mar: 17..31 = 15 days; 50000 × 15 / 31 = 24193.548… → 24194.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{1, D(2027, 3, 17), std::nullopt}}), march, 1),
      24194);
  // Retired from 17 Mar: 1..16 = 16 days; 50000 × 16 / 31 = 25806.451… → 25806.
  EXPECT_EQ(
      LineRecurringCents(bronze, LineOf(bronze, {{2, D(2026, 1, 1), D(2027, 3, 17)}}), march, 1),
      25806);
}

TEST(ProrationTest, OneRoundingForTheWholeLine) {
  const Plan bronze = Bronze();
  // February 2027: one server all month (28 days) and two added 10 Feb
  // (19 days each): 28 + 19 + 19 = 66 device-days; 50000 × 66 / 28 =
  // 117857.142… → 117857. Rounded per device it would be 50000 + 33929 +
  // 33929 = 117858.
  const ContractLine line = LineOf(
      bronze, {Always(1), {2, D(2027, 2, 10), std::nullopt}, {3, D(2027, 2, 10), std::nullopt}});
  EXPECT_EQ(LineRecurringCents(bronze, line, M(2027, 2), 3), 117857);
  // The discount on that line: 117857 × 4 % = 4714.28 → −4714.
  EXPECT_EQ(LineDiscountCents(bronze, 117857, QuantityDiscount(3)), -4714);
}

TEST(ProrationTest, LineStartingOnTheContractsFirstDayMidMonth) {
  const Plan bronze = Bronze();
  // The contract starts 17 March 2027; its line starts the same day, over two
  // servers already in the CMDB (covered from 1 January, before the line).
  ContractLine line = LineOf(bronze, {{1, D(2027, 1, 1), std::nullopt}, Always(2)});
  line.starts_on = D(2027, 3, 17);
  EXPECT_EQ(DaysInForce(line, M(2027, 2)), 0);   // before the contract
  EXPECT_EQ(DaysInForce(line, M(2027, 3)), 15);  // 17..31
  EXPECT_EQ(DaysInForce(line, M(2027, 4)), 30);  // all of April
  // March: 2 servers × 15 days = 30 device-days; 50000 × 30 / 31 =
  // 48387.096… → 48387 (the days before the line started are not charged).
  EXPECT_EQ(LineRecurringCents(bronze, line, M(2027, 3), 2), 48387);
  // April: 2 × 30 / 30 × 50000 = 100000.
  EXPECT_EQ(LineRecurringCents(bronze, line, M(2027, 4), 2), 100000);
  // February: nothing.
  EXPECT_EQ(LineRecurringCents(bronze, line, M(2027, 2), 2), 0);
}

TEST(ProrationTest, ReducedLineEndsMidMonth) {
  // Mailbox protection at $4 a mailbox, 12 mailboxes, removed from 16 April
  // 2027 (in force 1..15 = 15 days): 12 × 400 × 15 / 30 = 2400.
  Plan mail;
  mail.id = 7;
  mail.unit = PlanUnit::kMailbox;
  mail.price_cents = 400;
  ContractLine line;
  line.plan_id = mail.id;
  line.quantity = 12;
  line.starts_on = D(2026, 5, 1);
  line.ends_on = D(2027, 4, 16);
  EXPECT_EQ(DaysInForce(line, M(2027, 4)), 15);
  EXPECT_EQ(LineRecurringCents(mail, line, M(2027, 4), 12), 2400);
  EXPECT_EQ(DaysInForce(line, M(2027, 5)), 0);
  EXPECT_EQ(LineRecurringCents(mail, line, M(2027, 5), 12), 0);

  // A device line removed from 16 April charges its still-covered server
  // only for 1..15: 50000 × 15 / 30 = 25000.
  const Plan bronze = Bronze();
  ContractLine servers = LineOf(bronze, {Always(1)});
  servers.ends_on = D(2027, 4, 16);
  EXPECT_EQ(LineRecurringCents(bronze, servers, M(2027, 4), 1), 25000);
}

TEST(ServersCoveredTest, DistinctServersAcrossLinesIgnoringOtherPlans) {
  const Plan bronze = Bronze();
  const Plan gold = Gold();
  const Plan desktops = Desktops();
  const Month march = M(2027, 3);
  const std::vector<ContractLine> lines = {
      LineOf(bronze, {Always(1), Always(2), Always(3)}),
      // Server 3 moved to Gold: counted once.
      LineOf(gold, {Always(3), Always(4)}),
      // Desktops are not servers: they never count towards the tier.
      LineOf(desktops, {Always(5), Always(6), Always(7)}),
  };
  EXPECT_EQ(ServersCovered(lines, {bronze, gold, desktops}, march), 4);  // 1, 2, 3, 4

  std::vector<ContractLine> more = lines;
  // Server 8 added on the last day of March counts for March; server 9
  // retired from 1 March does not; server 10 added 1 April does not.
  more.push_back(LineOf(bronze, {{8, D(2027, 3, 31), std::nullopt},
                                 {9, D(2026, 1, 1), D(2027, 3, 1)},
                                 {10, D(2027, 4, 1), std::nullopt}}));
  // A line whose plan is unknown is not counted.
  ContractLine stray = LineOf(bronze, {Always(11)});
  stray.plan_id = 999;
  more.push_back(stray);
  EXPECT_EQ(ServersCovered(more, {bronze, gold, desktops}, march), 5);  // 1, 2, 3, 4, 8
  // April: 1, 2, 3, 4, 8, 10 = 6 → the 8 % tier.
  EXPECT_EQ(ServersCovered(more, {bronze, gold, desktops}, M(2027, 4)), 6);
  EXPECT_EQ(QuantityDiscount(6), 800);

  // A server on a line that ended before March is not counted.
  ContractLine ended = LineOf(gold, {Always(12)});
  ended.ends_on = D(2027, 3, 1);
  EXPECT_EQ(ServersCovered({ended}, {gold}, march), 0);
  EXPECT_EQ(ServersCovered({}, {gold}, march), 0);
}

}  // namespace
}  // namespace steward::billing
