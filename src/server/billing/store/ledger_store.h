// The SQL behind the ledger reads (issue 13): issued invoices as
// receivables for AR aging, and issued invoices and credit notes as
// documents for the accounting export, each with its customer's name.
// Under the caller's tenant scope like every billing store.
#pragma once

#include <vector>

#include "core/result.h"
#include "server/billing/rules/aging.h"
#include "server/billing/rules/export.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class LedgerStore {
 public:
  explicit LedgerStore(const storage::ScopedConnection& c) : c_(c) {}

  // Every invoice issued on or before `as_of` (paid and void too: aging
  // decides what each owed that day) with its payments and void date.
  Result<std::vector<Receivable>> Receivables(Date as_of);
  // Invoices and credit notes issued from `from` to `to` inclusive, by
  // issue date, then number.
  Result<std::vector<ExportDocument>> Documents(Date from, Date to);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
