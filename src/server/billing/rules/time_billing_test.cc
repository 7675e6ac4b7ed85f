// Support time on the invoice (SPEC §7): the included pool and flex earned
// from the lines in force, the emergency on-site rate of the server plans,
// each work month drawing only its own pool, and billable time priced at its
// work type's rate without any quantity discount. Every expected number is
// worked out by hand beside it.
#include "server/billing/rules/time_billing.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

Plan ServerPlan(int64_t id, std::string name, Cents price, Cents emergency) {
  Plan p;
  p.id = id;
  p.name = std::move(name);
  p.unit = PlanUnit::kServer;
  p.price_cents = price;
  p.included_support_minutes = 60;
  p.flex_minutes = 60;
  p.discountable = true;
  p.emergency_onsite_hourly_cents = emergency;
  return p;
}

const std::vector<Plan> kPlans = {ServerPlan(1, "Bronze", 50000, 18500),
                                  ServerPlan(3, "Gold", 100000, 0)};

ContractLine Line(int64_t id, int64_t plan, std::vector<CoveredDevice> devices) {
  ContractLine l;
  l.id = id;
  l.contract_id = 1;
  l.plan_id = plan;
  l.devices = std::move(devices);
  l.starts_on = D(2027, 1, 1);
  return l;
}

const std::vector<WorkTypeRate> kRates = {{WorkType::kRemote, 15000, true},
                                          {WorkType::kAfterHours, 22500, false},
                                          {WorkType::kEmergencyOnsite, 18500, false}};

TEST(TimeBillingTest, PoolAndFlexCountEveryServerCoveredInTheMonth) {
  // Two Bronze servers all March, a third from 20 March: 3 units × 60 min.
  const std::vector<ContractLine> lines = {
      Line(1, 1, {{10, D(2027, 1, 1), {}}, {11, D(2027, 1, 1), {}}, {12, D(2027, 3, 20), {}}})};
  EXPECT_EQ(IncludedPoolMinutes(lines, kPlans, M(2027, 3)), 180);
  EXPECT_EQ(FlexEarnedMinutes(lines, kPlans, M(2027, 3)), 180);
  // In February the third was not yet covered: 2 × 60.
  EXPECT_EQ(IncludedPoolMinutes(lines, kPlans, M(2027, 2)), 120);
  // Before the line starts: nothing.
  EXPECT_EQ(IncludedPoolMinutes(lines, kPlans, M(2026, 12)), 0);
}

TEST(TimeBillingTest, EmergencyOnsiteRateIsTheLowestServerPlanRateAndGoldIncludesIt) {
  const std::vector<ContractLine> bronze = {Line(1, 1, {{10, D(2027, 1, 1), {}}})};
  EXPECT_EQ(EmergencyOnsiteRate(bronze, kPlans, M(2027, 3), 20000), 18500);
  std::vector<ContractLine> both = bronze;
  both.push_back(Line(2, 3, {{11, D(2027, 1, 1), {}}}));
  EXPECT_EQ(EmergencyOnsiteRate(both, kPlans, M(2027, 3), 20000), 0);
  // No server covered that month: the rate card's.
  EXPECT_EQ(EmergencyOnsiteRate(bronze, kPlans, M(2026, 12), 20000), 20000);
}

TEST(TimeBillingTest, EachMonthDrawsItsOwnPoolAndTheRestIsBilledAtItsRate) {
  const std::vector<UnbilledTime> entries = {
      {1, 7, "Server slow", D(2027, 3, 2), 90, WorkType::kRemote},
      {2, 7, "Server slow", D(2027, 3, 5), 60, WorkType::kAfterHours},
      {3, 8, "VPN down", D(2027, 3, 9), 45, WorkType::kRemote},
      {4, 9, "Flooded room", D(2027, 3, 10), 30, WorkType::kEmergencyOnsite},
      {5, 8, "VPN down", D(2027, 2, 27), 30, WorkType::kRemote},  // a February straggler
  };
  // March: 120 min pool. February's pool was drawn by its own invoice.
  const std::map<Month, WorkMonthTerms> months = {{M(2027, 2), {0, 18500}},
                                                  {M(2027, 3), {120, 18500}}};
  const TimeCharges charges = ChargeTime(entries, months, kRates);
  // March by work date: #1 draws 90 (30 left), #3 draws 30 and bills 15.
  // After hours and emergency on-site never draw; the straggler bills all.
  EXPECT_EQ(charges.splits,
            (std::vector<TimeSplit>{{1, 90, 0}, {2, 0, 60}, {3, 30, 15}, {4, 0, 30}, {5, 0, 30}}));
  ASSERT_EQ(charges.lines.size(), 5u);
  EXPECT_EQ(charges.lines[0].description, "Included support hours, 2027-03: 2 h drawn");
  EXPECT_EQ(charges.lines[0].amount_cents, 0);
  // In work-date order: 30 min × $150 = $75; 1 h × $225; 15 min × $150 =
  // $37.50; 30 min × $185 = $92.50.
  EXPECT_EQ(charges.lines[1].amount_cents, 7500);
  EXPECT_EQ(charges.lines[1].description,
            "Ticket #8 VPN down — remote, 2027-02-27: 30 min at $150.00/h");
  EXPECT_EQ(charges.lines[2].amount_cents, 22500);
  EXPECT_EQ(charges.lines[3].amount_cents, 3750);
  EXPECT_EQ(charges.lines[4].amount_cents, 9250);
  Cents total = 0;
  for (const InvoiceLine& l : charges.lines) {
    EXPECT_EQ(l.kind, LineKind::kTime);
    total += l.amount_cents;
  }
  EXPECT_EQ(total, 43000);
}

TEST(TimeBillingTest, GoldIncludesEmergencyOnsiteAndAnUnratedTypeIsFree) {
  const std::vector<UnbilledTime> entries = {
      {1, 9, "Flooded room", D(2027, 3, 10), 120, WorkType::kEmergencyOnsite},
      {2, 9, "Flooded room", D(2027, 3, 11), 15, WorkType::kPhone}};  // phone has no rate here
  const TimeCharges charges = ChargeTime(entries, {{M(2027, 3), {0, 0}}}, kRates);
  ASSERT_EQ(charges.lines.size(), 2u);
  EXPECT_EQ(charges.lines[0].amount_cents, 0);
  EXPECT_EQ(charges.lines[0].description,
            "Ticket #9 Flooded room — emergency_onsite, 2027-03-10: 2 h (included in the plan)");
  EXPECT_EQ(charges.lines[1].amount_cents, 0);
  EXPECT_EQ(charges.splits[1], (TimeSplit{2, 0, 15}));
}

TEST(TimeBillingTest, AMonthSummaryKeepsInvoicedSplitsAndDrawsTheRestFromWhatIsLeft) {
  // Pool 120. #1 was invoiced with 60 included; #2 (90, covered) draws the
  // remaining 60 and bills 30; #3 (after hours, 30) bills all.
  const std::vector<LoggedTime> entries = {{1, D(2027, 3, 20), 60, true, 60},
                                           {2, D(2027, 3, 2), 90, true, std::nullopt},
                                           {3, D(2027, 3, 3), 30, false, std::nullopt}};
  EXPECT_EQ(SummarizeMonth(120, entries), (MonthHours{120, 120, 60}));
  // No pool: everything is billable.
  EXPECT_EQ(SummarizeMonth(0, {{2, D(2027, 3, 2), 90, true, std::nullopt}}),
            (MonthHours{0, 0, 90}));
}

TEST(TimeBillingTest, DurationsReadAsHoursAndMinutes) {
  EXPECT_EQ(FormatDuration(45), "45 min");
  EXPECT_EQ(FormatDuration(120), "2 h");
  EXPECT_EQ(FormatDuration(75), "1 h 15 min");
  EXPECT_EQ(FormatDuration(0), "0 min");
}

}  // namespace
}  // namespace steward::billing
