// Reductions with the numbers worked by hand (SPEC §7: liquidated damages
// of N × the monthly amount removed).
#include "server/billing/rules/reductions.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

Plan SilverPlan() {
  Plan p;
  p.id = 2;
  p.name = "Silver";
  p.unit = PlanUnit::kServer;
  p.price_cents = 75000;
  p.discountable = true;
  return p;
}

Plan MailboxPlan() {
  Plan p;
  p.id = 5;
  p.name = "Mailbox security";
  p.unit = PlanUnit::kMailbox;
  p.price_cents = 400;
  return p;
}

struct Fixture {
  Contract contract;
  std::vector<Plan> plans = {SilverPlan(), MailboxPlan()};
  std::vector<ContractLine> lines;
  Fixture() {
    contract.id = 9;
    contract.start_date = D(2026, 11, 1);
    contract.damages_months = 2;
    ContractLine servers{1, 9, 2, std::nullopt, {}, D(2026, 11, 1), std::nullopt};
    servers.devices = {{101, D(2026, 11, 1), std::nullopt}, {102, D(2026, 11, 1), std::nullopt}};
    ContractLine mail{2, 9, 5, 40, {}, D(2026, 11, 1), std::nullopt};
    lines = {servers, mail};
  }
  Result<ReductionPlan> Reduce(ReductionChange c, Date on) {
    return PlanReduction(contract, lines, plans, c, on);
  }
};

TEST(ReductionTest, RemovingAServerCountsTheLostDiscountToo) {
  Fixture f;
  // Before: 2 × $750 − 4 % = $1,440.00 + 40 mailboxes × $4 = $160 → $1,600.
  // After: 1 × $750 (1 server: no discount) + $160 = $910. Removed $690.00;
  // 2 months' damages $1,380.00.
  auto r = f.Reduce({1, std::nullopt, {102}, std::nullopt}, D(2026, 12, 15));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->removed_monthly_cents, 69000);
  EXPECT_EQ(r->damages_cents, 138000);
  EXPECT_EQ(r->description, "1 device of Silver");
  EXPECT_EQ(r->after[0].devices[1].to, D(2026, 12, 15));
  EXPECT_FALSE(r->after[0].devices[0].to.has_value());
  // Three months' damages when the contract says so.
  f.contract.damages_months = 3;
  EXPECT_EQ(f.Reduce({1, std::nullopt, {102}, std::nullopt}, D(2026, 12, 15))->damages_cents,
            207000);
}

TEST(ReductionTest, ALowerQuantityEndsTheLineAndContinuesIt) {
  Fixture f;
  // 40 → 30 mailboxes: 10 × $4 = $40.00 a month removed; damages $80.00.
  auto r = f.Reduce({2, std::nullopt, {}, 30}, D(2027, 1, 1));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->removed_monthly_cents, 4000);
  EXPECT_EQ(r->damages_cents, 8000);
  EXPECT_EQ(r->description, "Mailbox security 40 → 30");
  ASSERT_EQ(r->after.size(), 3u);
  EXPECT_EQ(r->after[1].ends_on, D(2027, 1, 1));
  EXPECT_EQ(r->after[2].id, 0);
  EXPECT_EQ(r->after[2].quantity, 30);
  EXPECT_EQ(r->after[2].starts_on, D(2027, 1, 1));
}

TEST(ReductionTest, EndingAWholeLineRemovesAllOfIt) {
  Fixture f;
  // The Silver line: $1,440.00 a month removed; $2,880.00 damages.
  auto r = f.Reduce({1, std::nullopt, {}, std::nullopt}, D(2026, 12, 1));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->removed_monthly_cents, 144000);
  EXPECT_EQ(r->damages_cents, 288000);
  EXPECT_EQ(r->after[0].ends_on, D(2026, 12, 1));
  EXPECT_EQ(r->after[0].devices[0].to, D(2026, 12, 1));
}

TEST(ReductionTest, ImpossibleChangesNameTheirField) {
  Fixture f;
  const Date day = D(2026, 12, 15);
  EXPECT_EQ(f.Reduce({7, std::nullopt, {}, std::nullopt}, day).status().field(), "line_id");
  EXPECT_EQ(f.Reduce({1, std::nullopt, {999}, std::nullopt}, day).status().field(), "ci_ids");
  EXPECT_EQ(f.Reduce({2, std::nullopt, {101}, std::nullopt}, day).status().field(), "ci_ids");
  EXPECT_EQ(f.Reduce({1, std::nullopt, {}, 1}, day).status().field(), "quantity");
  EXPECT_EQ(f.Reduce({2, std::nullopt, {}, 40}, day).status().field(), "quantity");
  EXPECT_EQ(f.Reduce({2, std::nullopt, {}, 0}, day).status().field(), "quantity");
  EXPECT_EQ(f.Reduce({1, std::nullopt, {101}, 1}, day).status().field(), "quantity");
  EXPECT_EQ(f.Reduce({1, std::nullopt, {101}, std::nullopt}, D(2026, 10, 31)).status().field(),
            "date");
  // A device already gone that day, and a line already ended.
  f.lines[0].devices[1].to = D(2026, 12, 1);
  EXPECT_EQ(f.Reduce({1, std::nullopt, {102}, std::nullopt}, day).status().field(), "ci_ids");
  f.lines[1].ends_on = D(2026, 12, 1);
  EXPECT_EQ(f.Reduce({2, std::nullopt, {}, 30}, day).status().field(), "line_id");
}

TEST(ReductionTest, TheDamagesLineSaysWhatWasRemovedAndFromWhen) {
  Reduction r;
  r.description = "1 device of Silver";
  r.on = D(2026, 12, 15);
  r.removed_monthly_cents = 69000;
  r.damages_cents = 138000;
  InvoiceLine l = ReductionDamagesLine(r, 2);
  EXPECT_EQ(l.kind, LineKind::kDamages);
  EXPECT_EQ(l.description,
            "Liquidated damages: 1 device of Silver removed from 2026-12-15 (2 × $690.00 a month)");
  EXPECT_EQ(l.amount_cents, 138000);
}

}  // namespace
}  // namespace steward::billing
