// Invoices (SPEC §7): the invoice for month M holds M's recurring charges,
// the setup fee on the contract's first, term credits, late fees accrued on
// earlier invoices and liquidated damages. A draft can be previewed; issuing
// gives it the next gapless number and its due date, after which it is never
// edited. Payments (partial too) settle it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"

namespace steward::billing {

// Stored statuses: draft, issued, paid, and void (a credit note reversed
// the invoice); "overdue" is derived: issued, unpaid and past due.
enum class InvoiceStatus { kDraft, kIssued, kPaid, kOverdue, kVoid };
std::string_view InvoiceStatusName(InvoiceStatus s);
std::optional<InvoiceStatus> ParseInvoiceStatus(std::string_view name);

enum class LineKind { kRecurring, kDiscount, kSetup, kTime, kExpense, kCredit, kLateFee, kDamages };
std::string_view LineKindName(LineKind k);
std::optional<LineKind> ParseLineKind(std::string_view name);

struct InvoiceLine {
  LineKind kind = LineKind::kRecurring;
  std::string description;
  int64_t quantity = 1;
  Cents unit_cents = 0;
  Cents amount_cents = 0;
  std::optional<int64_t> late_fee_of;   // the earlier invoice a late fee is charged for
  std::optional<int64_t> reduction_of;  // the reduction whose damages these are
  bool operator==(const InvoiceLine&) const = default;
};

struct Invoice {
  int64_t id = 0;
  std::optional<int64_t> number;  // set when issued: gapless across the MSP
  int64_t customer_id = 0;
  int64_t contract_id = 0;
  Month month{};
  int sequence = 1;  // the contract's n-th month (1 = its first invoice)
  InvoiceStatus status = InvoiceStatus::kDraft;
  std::optional<Date> issue_date;
  std::optional<Date> due_date;
  std::vector<InvoiceLine> lines;
  Cents total_cents = 0;
  Cents paid_cents = 0;
  Cents late_fee_billed_cents = 0;        // this invoice's late fees already charged on later ones
  std::optional<int64_t> credit_note_id;  // set once void: the credit note reversing it
  std::optional<int64_t> credit_note_number;  // that credit note's number

  Cents unpaid_cents() const { return total_cents - paid_cents; }
};

// A credit note reverses an issued invoice nobody has paid towards: its own
// number from the invoices' gapless sequence, the day it was issued, the
// reason, and the original's lines negated. It is how an invoice is voided;
// an issued invoice itself is never edited or deleted.
struct CreditNote {
  int64_t id = 0;
  int64_t number = 0;
  int64_t customer_id = 0;
  int64_t invoice_id = 0;      // the invoice it credits
  int64_t invoice_number = 0;  // that invoice's number
  Date issue_date{};
  std::string reason;
  std::vector<InvoiceLine> lines;
  Cents total_cents = 0;  // the original's total negated
};

struct Payment {
  int64_t id = 0;
  int64_t invoice_id = 0;
  Cents amount_cents = 0;
  Date paid_on{};
};

}  // namespace steward::billing
