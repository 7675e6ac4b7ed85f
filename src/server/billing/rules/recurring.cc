#include "server/billing/rules/recurring.h"

#include <map>

#include "server/billing/rules/pricing.h"
#include "server/billing/rules/terms.h"

namespace steward::billing {

bool InForceOn(Date from, const std::optional<Date>& to, Date on) {
  return date::sys_days(from) <= date::sys_days(on) &&
         (!to || date::sys_days(on) < date::sys_days(*to));
}

namespace {

// `to` moved back to `day` if it is later (none: still open).
void EndBy(std::optional<Date>& to, Date day) {
  if (!to || date::sys_days(day) < date::sys_days(*to)) to = day;
}

// Units of a line in month m: devices covered on any day while the line is
// in force (as the discount tier counts them), or the quantity.
int64_t UnitsIn(const Plan& plan, const ContractLine& line, Month m) {
  if (!CountsDevices(plan.unit)) return line.quantity.value_or(0);
  int64_t n = 0;
  for (const CoveredDevice& d : line.devices) n += DeviceDaysInForce(d, line, m) > 0 ? 1 : 0;
  return n;
}

}  // namespace

std::vector<ContractLine> WithoutRetiredDevices(std::vector<ContractLine> lines,
                                                const RetiredOn& retired) {
  for (ContractLine& line : lines) {
    for (CoveredDevice& d : line.devices) {
      auto it = retired.find(d.ci_id);
      if (it == retired.end()) continue;
      // Retired before it was covered: covered for no day at all.
      const Date end = date::sys_days(it->second) < date::sys_days(d.from) ? d.from : it->second;
      EndBy(d.to, end);
    }
  }
  return lines;
}

std::vector<ContractLine> LinesAsBilled(const Contract& c, std::vector<ContractLine> lines,
                                        const RetiredOn& retired) {
  lines = WithoutRetiredDevices(std::move(lines), retired);
  const std::optional<Date> end = ContractEnd(c);
  if (!end) return lines;
  for (ContractLine& line : lines) {
    EndBy(line.ends_on,
          date::sys_days(*end) < date::sys_days(line.starts_on) ? line.starts_on : *end);
    for (CoveredDevice& d : line.devices) {
      EndBy(d.to, date::sys_days(*end) < date::sys_days(d.from) ? d.from : *end);
    }
  }
  return lines;
}

RecurringCharges MonthlyRecurring(const std::vector<ContractLine>& lines,
                                  const std::vector<Plan>& plans, Month m) {
  RecurringCharges out;
  out.servers = ServersCovered(lines, plans, m);
  out.discount = QuantityDiscount(out.servers);
  // A tiered price is chosen by the customer's total units of that plan.
  std::map<int64_t, int64_t> plan_units;
  for (const ContractLine& line : lines) {
    if (const Plan* p = FindPlan(plans, line.plan_id)) plan_units[p->id] += UnitsIn(*p, line, m);
  }
  for (const ContractLine& line : lines) {
    const Plan* p = FindPlan(plans, line.plan_id);
    if (!p) continue;
    LineCharge c;
    c.line_id = line.id;
    c.plan_id = p->id;
    c.units = UnitsIn(*p, line, m);
    c.gross = LineRecurringCents(*p, line, m, plan_units[p->id]);
    if (c.gross == 0) continue;
    c.discount = LineDiscountCents(*p, c.gross, out.discount);
    out.total += c.gross + c.discount;
    out.lines.push_back(c);
  }
  return out;
}

Cents FullMonthRecurringCents(const std::vector<ContractLine>& lines,
                              const std::vector<Plan>& plans, Date on) {
  const Month m{on.year(), on.month()};
  const Date first{on.year(), on.month(), date::day{1}};
  // What is in force on `on`, as if it had been all month and stayed.
  std::vector<ContractLine> in_force;
  for (const ContractLine& line : lines) {
    if (!InForceOn(line.starts_on, line.ends_on, on)) continue;
    ContractLine whole = line;
    whole.starts_on = first;
    whole.ends_on.reset();
    whole.devices.clear();
    for (const CoveredDevice& d : line.devices) {
      if (InForceOn(d.from, d.to, on)) whole.devices.push_back({d.ci_id, first, std::nullopt});
    }
    in_force.push_back(std::move(whole));
  }
  return MonthlyRecurring(in_force, plans, m).total;
}

}  // namespace steward::billing
