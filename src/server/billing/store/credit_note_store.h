// All SQL over credit notes and their lines, behind the caller's tenant
// scope: another customer's credit note (or a credit note for another
// customer's invoice) is NotFound. Credit notes are written once, in the
// transaction that voids their invoice, and never changed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/invoice.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class CreditNoteStore {
 public:
  explicit CreditNoteStore(const storage::ScopedConnection& c) : c_(c) {}

  // The note with its lines; NotFound outside the scope.
  Result<CreditNote> Get(int64_t id);
  // The note voiding `invoice_id`, if any (none outside the scope).
  Result<std::optional<CreditNote>> ForInvoice(int64_t invoice_id);
  // Notes issued from `from` to `to` inclusive, by number.
  Result<std::vector<CreditNote>> IssuedBetween(Date from, Date to);

  // Writes `note` with its lines → its id. NotFound("invoice") when the
  // invoice it credits is outside the scope or belongs to another customer.
  Result<int64_t> Insert(const CreditNote& note, std::optional<int64_t> by, int64_t now);

 private:
  Result<std::vector<CreditNote>> Load(storage::Rows rows);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
