#include "server/billing/rules/renewal.h"

#include <set>
#include <string>

#include "server/billing/model/dates.h"
#include "server/billing/rules/recurring.h"
#include "server/billing/rules/terms.h"

namespace steward::billing {

namespace {

constexpr int64_t kMaxQuantity = 1'000'000;

std::string Field(size_t i, const char* name) { return "lines[" + std::to_string(i) + "]." + name; }

const ContractLine* FindLine(const std::vector<ContractLine>& lines, int64_t id) {
  for (const ContractLine& l : lines) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

NewContract NextTerms(const Contract& c, const ContractRenewal& r, Date start) {
  NewContract n;
  n.customer_id = c.customer_id;
  n.start_date = start;
  n.term_months = r.term_months.value_or(c.term_months);
  n.setup_fee_cents = r.setup_fee_cents.value_or(0);
  n.payment_days = r.payment_days.value_or(c.payment_days);
  n.damages_months = r.damages_months.value_or(c.damages_months);
  n.notice_days = r.notice_days.value_or(c.notice_days);
  n.auto_renew = r.auto_renew.value_or(c.auto_renew);
  n.sla = r.replace_sla ? r.sla : c.sla;
  n.renews_contract_id = c.id;
  return n;
}

}  // namespace

Result<RenewalPlan> PlanRenewal(const Contract& contract, const std::vector<ContractLine>& lines,
                                const std::vector<Plan>& plans, const ContractRenewal& renewal,
                                Date today) {
  if (ContractStatusOn(contract, today) != ContractStatus::kActive) {
    return Status::Conflict("only an active contract can be renewed", "status");
  }
  const Date start = RenewalStart(contract, today);
  RenewalPlan out;
  out.next = NextTerms(contract, renewal, start);

  // Check the changes against the lines in force when the renewal starts.
  std::set<int64_t> named;
  for (size_t i = 0; i < renewal.lines.size(); ++i) {
    const LineRenewal& change = renewal.lines[i];
    const ContractLine* line = FindLine(lines, change.line_id);
    if (!line || !InForceOn(line->starts_on, line->ends_on, start)) {
      return Status::InvalidArgument("is not a line in force on " + FormatIsoDate(start),
                                     Field(i, "line_id"));
    }
    if (!named.insert(change.line_id).second) {
      return Status::InvalidArgument("names the line twice", Field(i, "line_id"));
    }
    if (change.drop) continue;
    const Plan* current = FindPlan(plans, line->plan_id);
    if (change.plan_id) {
      const Plan* next = FindPlan(plans, *change.plan_id);
      if (!next) return Status::InvalidArgument("is not a plan", Field(i, "plan_id"));
      if (!next->active) return Status::InvalidArgument("the plan is retired", Field(i, "plan_id"));
      if (current && next->unit != current->unit) {
        return Status::InvalidArgument(
            "must be a plan per " + std::string(PlanUnitName(current->unit)), Field(i, "plan_id"));
      }
    }
    if (change.quantity) {
      if (current && CountsDevices(current->unit)) {
        return Status::InvalidArgument("a plan per device covers devices, not a quantity",
                                       Field(i, "quantity"));
      }
      if (*change.quantity < 1 || *change.quantity > kMaxQuantity) {
        return Status::InvalidArgument("must be between 1 and 1000000", Field(i, "quantity"));
      }
    }
  }

  // Carry every line in force on the first day of the renewal.
  for (const ContractLine& line : lines) {
    if (!InForceOn(line.starts_on, line.ends_on, start)) continue;
    const LineRenewal* change = nullptr;
    for (const LineRenewal& r : renewal.lines) {
      if (r.line_id == line.id) change = &r;
    }
    if (change && change->drop) continue;
    RenewedLine next;
    next.from_line_id = line.id;
    next.plan_id = change && change->plan_id ? *change->plan_id : line.plan_id;
    const Plan* plan = FindPlan(plans, next.plan_id);
    if (!plan || !plan->active) {
      return Status::InvalidArgument("line " + std::to_string(line.id) +
                                         " is on a retired plan: move it to another or drop it",
                                     "lines");
    }
    if (CountsDevices(plan->unit)) {
      for (const CoveredDevice& d : line.devices) {
        if (InForceOn(d.from, d.to, start)) next.ci_ids.push_back(d.ci_id);
      }
      if (next.ci_ids.empty()) continue;  // nothing left to cover
    } else {
      next.quantity = change && change->quantity ? change->quantity : line.quantity;
    }
    out.lines.push_back(std::move(next));
  }
  return out;
}

}  // namespace steward::billing
