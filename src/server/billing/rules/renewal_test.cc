// Renewal with changed terms as a pure decision: when the next term starts,
// which terms carry over, which lines and devices run on into it, and every
// refusal naming its field.
#include "server/billing/rules/renewal.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

Plan RenewalPlanOf(int64_t id, PlanUnit unit, Cents price, bool active = true) {
  Plan p;
  p.id = id;
  p.name = "Plan " + std::to_string(id);
  p.unit = unit;
  p.price_cents = price;
  p.active = active;
  return p;
}

struct RenewalFixture {
  Contract contract;
  std::vector<ContractLine> lines;
  std::vector<Plan> plans = {RenewalPlanOf(1, PlanUnit::kServer, 50000),
                             RenewalPlanOf(2, PlanUnit::kServer, 75000),
                             RenewalPlanOf(3, PlanUnit::kUser, 4000),
                             RenewalPlanOf(4, PlanUnit::kServer, 90000, /*active=*/false)};

  RenewalFixture() {
    contract.id = 7;
    contract.customer_id = 3;
    contract.start_date = D(2026, 12, 1);
    contract.term_months = 12;
    contract.setup_fee_cents = 100000;
    contract.payment_days = 14;
    contract.damages_months = 3;
    contract.notice_days = 60;
    SlaTerms sla;
    sla.critical.response.kind = SlaTarget::Kind::kWorkingTime;
    sla.critical.response.working = std::chrono::minutes(180);
    contract.sla = sla;
    ContractLine servers{11, 7, 1, std::nullopt, {}, D(2026, 12, 1), std::nullopt};
    servers.devices = {{101, D(2026, 12, 1), std::nullopt},
                       {102, D(2026, 12, 1), D(2027, 6, 1)},  // removed in June
                       {103, D(2027, 2, 1), std::nullopt}};
    ContractLine users{12, 7, 3, 25, {}, D(2026, 12, 1), std::nullopt};
    ContractLine ended{13, 7, 3, 5, {}, D(2026, 12, 1), D(2027, 3, 1)};  // reduced away
    lines = {servers, users, ended};
  }

  Result<RenewalPlan> Renew(const ContractRenewal& r, Date today = D(2027, 9, 20)) {
    return PlanRenewal(contract, lines, plans, r, today);
  }
};

TEST(RenewalTest, TheNextTermStartsWhenThisOneWouldRenewAndCarriesTheTerms) {
  RenewalFixture f;
  auto plan = f.Renew({});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const NewContract& next = plan->next;
  EXPECT_EQ(next.start_date, D(2027, 12, 1));
  EXPECT_EQ(next.customer_id, 3);
  EXPECT_EQ(next.renews_contract_id, 7);
  EXPECT_EQ(next.term_months, 12);
  EXPECT_EQ(next.payment_days, 14);
  EXPECT_EQ(next.damages_months, 3);
  EXPECT_EQ(next.notice_days, 60);
  EXPECT_TRUE(next.auto_renew);
  EXPECT_EQ(next.setup_fee_cents, 0);  // no new setup
  ASSERT_TRUE(next.sla.has_value());
  EXPECT_EQ(next.sla->critical.response.working, std::chrono::minutes(180));
  // The server line with the devices still covered (101, 103), the users
  // line with its quantity; the line reduced away in March is not carried.
  ASSERT_EQ(plan->lines.size(), 2u);
  EXPECT_EQ(plan->lines[0].from_line_id, 11);
  EXPECT_EQ(plan->lines[0].plan_id, 1);
  EXPECT_EQ(plan->lines[0].ci_ids, (std::vector<int64_t>{101, 103}));
  EXPECT_FALSE(plan->lines[0].quantity.has_value());
  EXPECT_EQ(plan->lines[1].plan_id, 3);
  EXPECT_EQ(plan->lines[1].quantity, 25);
  EXPECT_TRUE(plan->lines[1].ci_ids.empty());
}

TEST(RenewalTest, ChangedTermsPlansAndQuantities) {
  RenewalFixture f;
  ContractRenewal r;
  r.term_months = 36;
  r.payment_days = 30;
  r.damages_months = 2;
  r.notice_days = 90;
  r.auto_renew = false;
  r.setup_fee_cents = 25000;
  r.replace_sla = true;  // back to the built-in policy
  r.lines = {{11, 2, std::nullopt, false}, {12, std::nullopt, 30, false}};
  auto plan = f.Renew(r);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->next.term_months, 36);
  EXPECT_EQ(plan->next.payment_days, 30);
  EXPECT_EQ(plan->next.damages_months, 2);
  EXPECT_EQ(plan->next.notice_days, 90);
  EXPECT_FALSE(plan->next.auto_renew);
  EXPECT_EQ(plan->next.setup_fee_cents, 25000);
  EXPECT_FALSE(plan->next.sla.has_value());
  ASSERT_EQ(plan->lines.size(), 2u);
  EXPECT_EQ(plan->lines[0].plan_id, 2);  // Bronze → Silver
  EXPECT_EQ(plan->lines[0].ci_ids, (std::vector<int64_t>{101, 103}));
  EXPECT_EQ(plan->lines[1].quantity, 30);  // 25 → 30 users
}

TEST(RenewalTest, DroppedLinesAndLinesWithNoDeviceLeftAreNotCarried) {
  RenewalFixture f;
  f.lines[0].devices = {{101, D(2026, 12, 1), D(2027, 4, 1)}};  // nothing left by December
  ContractRenewal r;
  r.lines = {{12, std::nullopt, std::nullopt, true}};
  auto plan = f.Renew(r);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->lines.empty());
}

TEST(RenewalTest, AfterNoticeTheRenewalFollowsTheEnd) {
  RenewalFixture f;
  f.contract.ends_on = D(2027, 12, 1);
  f.contract.auto_renew = false;
  auto plan = f.Renew({});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->next.start_date, D(2027, 12, 1));
  // In its second term (auto-renewed) the renewal follows that term.
  RenewalFixture later;
  auto second = later.Renew({}, D(2028, 1, 10));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->next.start_date, D(2028, 12, 1));
}

TEST(RenewalTest, OnlyAnActiveContract) {
  RenewalFixture ended;
  ended.contract.ends_on = D(2027, 6, 1);
  EXPECT_EQ(ended.Renew({}).status().code(), StatusCode::kConflict);
  RenewalFixture terminated;
  terminated.contract.status = ContractStatus::kTerminated;
  terminated.contract.terminated_on = D(2027, 8, 1);
  EXPECT_EQ(terminated.Renew({}).status().code(), StatusCode::kConflict);
  EXPECT_EQ(terminated.Renew({}).status().field(), "status");
}

void ExpectRenewalInvalid(const Result<RenewalPlan>& r, const std::string& field) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_EQ(r.status().field(), field) << r.status().ToString();
}

TEST(RenewalTest, RefusalsNameTheirField) {
  RenewalFixture f;
  ContractRenewal r;
  r.lines = {{99, std::nullopt, std::nullopt, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].line_id");  // not the contract's
  r.lines = {{12, std::nullopt, std::nullopt, true}, {13, std::nullopt, std::nullopt, true}};
  ExpectRenewalInvalid(f.Renew(r), "lines[1].line_id");  // ended in March
  r.lines = {{12, std::nullopt, std::nullopt, true}, {12, std::nullopt, std::nullopt, true}};
  ExpectRenewalInvalid(f.Renew(r), "lines[1].line_id");  // twice
  r.lines = {{11, 42, std::nullopt, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].plan_id");  // unknown
  r.lines = {{11, 3, std::nullopt, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].plan_id");  // per user for servers
  r.lines = {{11, 4, std::nullopt, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].plan_id");  // retired
  r.lines = {{11, std::nullopt, 3, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].quantity");  // a device line
  r.lines = {{12, std::nullopt, 0, false}};
  ExpectRenewalInvalid(f.Renew(r), "lines[0].quantity");
  // A carried line on a plan retired since: move it or drop it.
  RenewalFixture stale;
  stale.plans[0].active = false;
  ExpectRenewalInvalid(stale.Renew({}), "lines");
  ContractRenewal moved;
  moved.lines = {{11, 2, std::nullopt, false}};
  EXPECT_TRUE(stale.Renew(moved).ok());
}

}  // namespace
}  // namespace steward::billing
