#include "server/billing/rules/pricing.h"

#include <algorithm>
#include <set>

namespace steward::billing {

namespace {

// [first, last + 1) of month `m` as days since the epoch.
date::sys_days MonthStart(Month m) { return date::sys_days(m / 1); }
date::sys_days MonthEnd(Month m) { return date::sys_days(m / date::last) + date::days(1); }

// Days of `m` inside [from, to) (to: none → open-ended).
int DaysOverlapping(date::sys_days from, std::optional<date::sys_days> to, Month m) {
  const date::sys_days begin = std::max(from, MonthStart(m));
  const date::sys_days end = to ? std::min(*to, MonthEnd(m)) : MonthEnd(m);
  return end > begin ? static_cast<int>((end - begin).count()) : 0;
}

std::optional<date::sys_days> SysDays(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return date::sys_days(*d);
}

}  // namespace

int DeviceDaysInForce(const CoveredDevice& d, const ContractLine& line, Month m) {
  const date::sys_days from = std::max(date::sys_days(d.from), date::sys_days(line.starts_on));
  std::optional<date::sys_days> to = SysDays(d.to);
  if (line.ends_on) to = to ? std::min(*to, date::sys_days(*line.ends_on)) : SysDays(line.ends_on);
  return DaysOverlapping(from, to, m);
}

BasisPoints QuantityDiscount(int64_t servers) {
  if (servers <= 1) return 0;
  if (servers <= 5) return 400;
  if (servers <= 10) return 800;
  if (servers <= 20) return 1200;
  if (servers <= 50) return 1800;
  return 2500;
}

Cents TieredUnitPrice(const Plan& plan, int64_t total_units) {
  if (plan.tiers.empty()) return plan.price_cents;
  const PriceTier* covering = nullptr;  // the smallest max_units ≥ total_units
  const PriceTier* highest = nullptr;   // the largest max_units
  for (const PriceTier& t : plan.tiers) {
    if (t.max_units >= total_units && (!covering || t.max_units < covering->max_units)) {
      covering = &t;
    }
    if (!highest || t.max_units > highest->max_units) highest = &t;
  }
  return covering ? covering->unit_cents : highest->unit_cents;
}

int DaysInMonth(Month m) { return static_cast<int>((MonthEnd(m) - MonthStart(m)).count()); }

int DaysCovered(const CoveredDevice& d, Month m) {
  return DaysOverlapping(date::sys_days(d.from), SysDays(d.to), m);
}

int DaysInForce(const ContractLine& line, Month m) {
  return DaysOverlapping(date::sys_days(line.starts_on), SysDays(line.ends_on), m);
}

int64_t ServersCovered(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                       Month m) {
  std::set<int64_t> servers;
  for (const ContractLine& line : lines) {
    const Plan* plan = FindPlan(plans, line.plan_id);
    if (!plan || plan->unit != PlanUnit::kServer) continue;
    for (const CoveredDevice& d : line.devices) {
      if (DeviceDaysInForce(d, line, m) > 0) servers.insert(d.ci_id);
    }
  }
  return static_cast<int64_t>(servers.size());
}

Cents LineRecurringCents(const Plan& plan, const ContractLine& line, Month m, int64_t tier_units) {
  const Cents unit = TieredUnitPrice(plan, tier_units);
  int64_t unit_days = 0;  // units × days each was in force
  if (CountsDevices(plan.unit)) {
    for (const CoveredDevice& d : line.devices) unit_days += DeviceDaysInForce(d, line, m);
  } else {
    unit_days = line.quantity.value_or(0) * DaysInForce(line, m);
  }
  return Prorate(unit, unit_days, DaysInMonth(m));
}

Cents LineDiscountCents(const Plan& plan, Cents gross, BasisPoints discount) {
  if (!plan.discountable || discount == 0) return 0;
  return -PercentOf(gross, discount);
}

}  // namespace steward::billing
