// What the invoice for month M holds (SPEC §7), decided without a database:
// M's recurring charges per line with the quantity discount, the setup fee
// on the contract's first invoice, the term credit, late fees accrued on the
// contract's earlier unpaid invoices (only what was not charged before), and
// liquidated damages once after a termination. Also the derived status
// (overdue) and the sequence of month M in a contract.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/invoice.h"
#include "server/billing/model/plan.h"

namespace steward::billing {

// An earlier issued invoice of the contract (or of the contract it renews)
// that is not fully paid.
struct OpenInvoice {
  int64_t id = 0;
  int64_t number = 0;
  Cents unpaid_cents = 0;
  Date due_date{};
  Cents late_fee_billed_cents = 0;
};

struct InvoiceInput {
  const Contract& contract;
  const std::vector<ContractLine>& lines;  // as billed (LinesAsBilled)
  const std::vector<Plan>& plans;
  Month month{};
  Date as_of{};  // the run's day: late fees accrue up to it
  std::vector<OpenInvoice> open;
  bool damages_billed = false;  // an earlier invoice already charged the damages
};

// The contract's invoice sequence for month M: 1 for the month it starts.
int InvoiceSequence(const Contract& c, Month m);

// Whether month M is billed at all: from the contract's start month; for a
// terminated contract up to its termination month — and after it while the
// damages are still to be charged (the next invoice carries them); for a
// contract that ends (notice, no auto-renewal, renewed by a successor)
// through the month of its last day in force.
bool BillsMonth(const Contract& c, Month m, bool damages_billed);

// The lines, in order: recurring and discount per contract line, setup,
// credit, late fees, damages. Empty when there is nothing to charge.
std::vector<InvoiceLine> InvoiceLines(const InvoiceInput& in);

Cents InvoiceTotal(const std::vector<InvoiceLine>& lines);

// Issued and unpaid past the due date: overdue; fully paid: paid; void stays
// void (a credit note reversed it), whatever was due.
InvoiceStatus EffectiveStatus(const Invoice& inv, Date today);

}  // namespace steward::billing
