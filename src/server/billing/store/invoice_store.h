// All SQL over invoices, their lines and payments, behind the caller's
// tenant scope: another customer's invoice is NotFound for every read and
// write. Issued invoices are never edited: only a payment changes them, or
// the credit note that voids them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/invoice.h"
#include "server/billing/rules/invoicing.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

struct InvoiceFilter {
  std::optional<int64_t> customer_id;
  bool include_drafts = true;
};

class InvoiceStore {
 public:
  explicit InvoiceStore(const storage::ScopedConnection& c) : c_(c) {}

  Result<Invoice> Get(int64_t id);
  // Newest month first.
  Result<std::vector<Invoice>> List(const InvoiceFilter& filter);
  Result<std::optional<int64_t>> Owner(int64_t id);
  Result<bool> Exists(int64_t contract_id, Month month);
  // The contract's issued invoices not fully paid, oldest first.
  Result<std::vector<OpenInvoice>> Open(int64_t contract_id);
  // Whether an invoice that still stands (not void) charged the contract's
  // termination damages: a void gives them back to the next run.
  Result<bool> DamagesBilled(int64_t contract_id);
  Result<std::vector<Payment>> Payments(int64_t invoice_id);
  // The last month the scheduled billing run completed (MSP-wide).
  Result<std::optional<Month>> LastScheduledRun();
  Status RecordScheduledRun(Month m, int invoices, int64_t now);

  // A draft with its lines. NotFound("contract") outside the scope.
  Result<int64_t> InsertDraft(const Invoice& draft, int64_t now);
  // The next gapless invoice number, taken in the caller's transaction.
  Result<int64_t> TakeNumber();
  // Conflict unless the invoice is still a draft.
  Status Issue(int64_t id, int64_t number, Date issue_date, Date due_date, int64_t now);
  // Marks the invoice void by `credit_note_id` (inserted by the caller in
  // the same transaction). Conflict unless it is still issued, unpaid and
  // not void; NotFound outside the scope.
  Status Void(int64_t id, int64_t credit_note_id, int64_t now);
  // Adds the payment; paid in full when the total is reached. Conflict on a
  // void invoice or one paid meanwhile.
  Result<int64_t> AddPayment(const Invoice& inv, Cents amount, Date paid_on,
                             std::optional<int64_t> by, int64_t now);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
