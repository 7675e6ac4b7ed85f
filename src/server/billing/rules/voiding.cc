#include "server/billing/rules/voiding.h"

#include <utility>

namespace steward::billing {

Status CheckVoidable(const Invoice& inv) {
  switch (inv.status) {
    case InvoiceStatus::kDraft:
      return Status::Conflict(
          "a draft is not a document yet: leave it or let the next billing run replace it; only "
          "an issued invoice is voided",
          "status");
    case InvoiceStatus::kVoid:
      return Status::Conflict("the invoice is already void", "status");
    case InvoiceStatus::kPaid:
      return Status::Conflict(
          "the invoice is paid: refund the payment before voiding it through a credit note",
          "status");
    case InvoiceStatus::kIssued:
    case InvoiceStatus::kOverdue:
      break;
  }
  if (inv.paid_cents != 0) {
    return Status::Conflict("the invoice is part-paid (" + FormatUsd(inv.paid_cents) +
                                "): refund the payment before voiding it through a credit note",
                            "status");
  }
  return Status::Ok();
}

Result<std::string> VoidReason(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return Status::InvalidArgument("must say why the invoice is voided", "reason");
  }
  const size_t last = text.find_last_not_of(kSpace);
  std::string reason(text.substr(first, last - first + 1));
  if (reason.size() > 500) return Status::InvalidArgument("is over 500 characters", "reason");
  return reason;
}

CreditNote CreditNoteFor(const Invoice& inv, int64_t number, Date issue_date, std::string reason) {
  CreditNote note;
  note.number = number;
  note.customer_id = inv.customer_id;
  note.invoice_id = inv.id;
  note.invoice_number = inv.number.value_or(0);
  note.issue_date = issue_date;
  note.reason = std::move(reason);
  for (const InvoiceLine& l : inv.lines) {
    note.lines.push_back(
        {l.kind, l.description, l.quantity, -l.unit_cents, -l.amount_cents, l.late_fee_of});
  }
  note.total_cents = -inv.total_cents;
  return note;
}

}  // namespace steward::billing
