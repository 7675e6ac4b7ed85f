#include "server/billing/rules/invoicing.h"

#include "server/billing/model/dates.h"
#include "server/billing/rules/recurring.h"
#include "server/billing/rules/terms.h"

namespace steward::billing {

namespace {

int MonthIndex(Month m) {
  return static_cast<int>(m.year()) * 12 + static_cast<int>(static_cast<unsigned>(m.month())) - 1;
}

}  // namespace

int InvoiceSequence(const Contract& c, Month m) {
  return MonthIndex(m) - MonthIndex(MonthOf(c.start_date)) + 1;
}

bool BillsMonth(const Contract& c, Month m, bool damages_billed) {
  if (InvoiceSequence(c, m) < 1) return false;
  if (c.status == ContractStatus::kTerminated && c.terminated_on) {
    if (MonthIndex(m) <= MonthIndex(MonthOf(*c.terminated_on))) return true;
    // After the termination, one more invoice carries the damages.
    return !damages_billed && c.damages_cents.value_or(0) > 0;
  }
  // An ending contract bills through the month of its last day in force.
  const std::optional<Date> end = ContractEnd(c);
  if (!end) return true;
  const Date last_day = date::sys_days(*end) - date::days(1);
  return MonthIndex(m) <= MonthIndex(MonthOf(last_day));
}

std::vector<InvoiceLine> InvoiceLines(const InvoiceInput& in) {
  std::vector<InvoiceLine> out;
  const Contract& c = in.contract;
  const std::string month = FormatIsoMonth(in.month);
  const RecurringCharges recurring = MonthlyRecurring(in.lines, in.plans, in.month);
  for (const LineCharge& lc : recurring.lines) {
    const Plan* plan = FindPlan(in.plans, lc.plan_id);
    const std::string name = plan ? plan->name : "Plan " + std::to_string(lc.plan_id);
    const std::string unit = plan ? std::string(PlanUnitName(plan->unit)) : "unit";
    out.push_back({LineKind::kRecurring,
                   name + ", " + month + " (" + std::to_string(lc.units) + " × " + unit + ")",
                   lc.units, lc.units > 0 ? lc.gross / lc.units : lc.gross, lc.gross,
                   std::nullopt});
    if (lc.discount != 0) {
      out.push_back({LineKind::kDiscount,
                     "Quantity discount " + std::to_string(recurring.discount / 100) + " % (" +
                         std::to_string(recurring.servers) + " servers) on " + name,
                     1, lc.discount, lc.discount, std::nullopt});
    }
  }
  const int sequence = InvoiceSequence(c, in.month);
  if (sequence == 1 && c.setup_fee_cents > 0) {
    out.push_back({LineKind::kSetup, "One-time setup fee", 1, c.setup_fee_cents, c.setup_fee_cents,
                   std::nullopt});
  }
  if (Cents credit = TermCreditCents(c.term_months, sequence); credit != 0) {
    out.push_back({LineKind::kCredit,
                   "Term credit: month " + std::to_string(sequence) + " of a " +
                       std::to_string(c.term_months) + "-month term",
                   1, credit, credit, std::nullopt});
  }
  for (const OpenInvoice& o : in.open) {
    const Cents accrued = LateFeeCents(o.unpaid_cents, o.due_date, in.as_of);
    const Cents due_now = accrued - o.late_fee_billed_cents;
    if (due_now <= 0) continue;
    out.push_back({LineKind::kLateFee,
                   "Late fee on invoice " + std::to_string(o.number) + " (1.5 % a month of " +
                       FormatUsd(o.unpaid_cents) + " unpaid since " + FormatIsoDate(o.due_date) +
                       ")",
                   1, due_now, due_now, o.id});
  }
  if (c.status == ContractStatus::kTerminated && !in.damages_billed &&
      c.damages_cents.value_or(0) > 0 && c.terminated_on &&
      MonthIndex(in.month) > MonthIndex(MonthOf(*c.terminated_on))) {
    out.push_back({LineKind::kDamages,
                   "Liquidated damages: " + std::to_string(c.damages_months) +
                       " months' fees, contract ended " + FormatIsoDate(*c.terminated_on),
                   1, *c.damages_cents, *c.damages_cents, std::nullopt});
  }
  return out;
}

Cents InvoiceTotal(const std::vector<InvoiceLine>& lines) {
  Cents total = 0;
  for (const InvoiceLine& l : lines) total += l.amount_cents;
  return total;
}

InvoiceStatus EffectiveStatus(const Invoice& inv, Date today) {
  if (inv.status == InvoiceStatus::kDraft) return InvoiceStatus::kDraft;
  // A credit note settled it: nothing is owed and nothing accrues.
  if (inv.status == InvoiceStatus::kVoid) return InvoiceStatus::kVoid;
  if (inv.total_cents <= inv.paid_cents) return InvoiceStatus::kPaid;
  if (inv.due_date && date::sys_days(today) > date::sys_days(*inv.due_date)) {
    return InvoiceStatus::kOverdue;
  }
  return InvoiceStatus::kIssued;
}

}  // namespace steward::billing
