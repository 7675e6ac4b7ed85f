#include "server/billing/rules/reductions.h"

#include <algorithm>

#include "server/billing/model/dates.h"
#include "server/billing/rules/recurring.h"
#include "server/billing/rules/terms.h"

namespace steward::billing {

namespace {

const Plan* PlanOf(const std::vector<Plan>& plans, int64_t id) {
  for (const Plan& p : plans) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Result<ReductionPlan> PlanReduction(const Contract& contract,
                                    const std::vector<ContractLine>& lines,
                                    const std::vector<Plan>& plans, const ReductionChange& change,
                                    Date on) {
  if (!on.ok() || date::sys_days(on) < date::sys_days(contract.start_date)) {
    return Status::InvalidArgument("is before the contract starts", "date");
  }
  auto it = std::find_if(lines.begin(), lines.end(),
                         [&](const ContractLine& l) { return l.id == change.line_id; });
  if (it == lines.end())
    return Status::InvalidArgument("is not a line of this contract", "line_id");
  if (date::sys_days(on) < date::sys_days(it->starts_on)) {
    return Status::InvalidArgument("is before the line starts", "date");
  }
  if (!InForceOn(it->starts_on, it->ends_on, on)) {
    return Status::InvalidArgument("the line has ended by then", "line_id");
  }
  const Plan* plan = PlanOf(plans, it->plan_id);
  if (!plan) return Status::InvalidArgument("the line's plan is gone", "line_id");
  if (!change.ci_ids.empty() && change.quantity) {
    return Status::InvalidArgument("give devices or a quantity, not both", "quantity");
  }
  ReductionPlan out;
  out.after = lines;
  ContractLine& line = *std::find_if(out.after.begin(), out.after.end(),
                                     [&](const ContractLine& l) { return l.id == change.line_id; });
  const std::string what = plan->name;
  if (!change.ci_ids.empty()) {
    if (!CountsDevices(plan->unit)) {
      return Status::InvalidArgument("the line is counted by quantity, not devices", "ci_ids");
    }
    for (int64_t ci : change.ci_ids) {
      auto d = std::find_if(line.devices.begin(), line.devices.end(), [&](const CoveredDevice& x) {
        return x.ci_id == ci && InForceOn(x.from, x.to, on);
      });
      if (d == line.devices.end()) {
        return Status::InvalidArgument(
            "the line does not cover device " + std::to_string(ci) + " that day", "ci_ids");
      }
      d->to = on;
    }
    out.description = Plural(change.ci_ids.size(), "device", "devices") + " of " + what;
  } else if (change.quantity) {
    if (!line.quantity) {
      return Status::InvalidArgument("the line covers devices, not a quantity", "quantity");
    }
    if (*change.quantity < 1 || *change.quantity >= *line.quantity) {
      return Status::InvalidArgument(
          "must be 1 to " + std::to_string(*line.quantity - 1) + " (lower than now)", "quantity");
    }
    out.description =
        what + " " + std::to_string(*line.quantity) + " → " + std::to_string(*change.quantity);
    ContractLine continued = line;
    continued.id = 0;
    continued.quantity = change.quantity;
    continued.starts_on = on;
    line.ends_on = on;
    out.after.push_back(std::move(continued));
  } else {
    line.ends_on = on;
    for (CoveredDevice& d : line.devices) {
      if (!d.to || date::sys_days(*d.to) > date::sys_days(on)) d.to = on;
    }
    out.description = "the " + what + " line";
  }
  const Cents before = FullMonthRecurringCents(lines, plans, on);
  const Cents after = FullMonthRecurringCents(out.after, plans, on);
  out.removed_monthly_cents = std::max<Cents>(0, before - after);
  out.damages_cents = DamagesCents(contract.damages_months, out.removed_monthly_cents);
  return out;
}

InvoiceLine ReductionDamagesLine(const Reduction& r, int damages_months) {
  InvoiceLine l;
  l.kind = LineKind::kDamages;
  l.description = "Liquidated damages: " + r.description + " removed from " + FormatIsoDate(r.on) +
                  " (" + std::to_string(damages_months) + " × " +
                  FormatUsd(r.removed_monthly_cents) + " a month)";
  l.quantity = 1;
  l.unit_cents = r.damages_cents;
  l.amount_cents = r.damages_cents;
  l.reduction_of = r.id;
  return l;
}

}  // namespace steward::billing
