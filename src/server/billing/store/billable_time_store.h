// All SQL over support time as billing reads and settles it, behind the
// caller's tenant scope: the billable entries an invoice has not taken yet,
// a month's entries with the split their invoice made, and marking an entry
// billed (which also freezes it for the technician).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "server/billing/model/contract.h"
#include "server/billing/rules/time_billing.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

// A billable entry of a month with what its invoice drew (none: not invoiced).
struct MonthEntry {
  int64_t entry_id = 0;
  Date work_date{};
  int64_t minutes = 0;
  WorkType work_type = WorkType::kRemote;
  std::optional<int64_t> included_minutes;
};

class BillableTimeStore {
 public:
  explicit BillableTimeStore(const storage::ScopedConnection& c) : c_(c) {}

  // The customer's billable entries no invoice has taken, worked on or
  // before `through`, oldest work first.
  Result<std::vector<UnbilledTime>> Unbilled(int64_t customer_id, Date through);
  // The customer's billable entries worked in month `m`.
  Result<std::vector<MonthEntry>> InMonth(int64_t customer_id, Month m);
  // Included minutes that invoices already drew for work in month `m`.
  Result<int64_t> IncludedDrawn(int64_t customer_id, Month m);
  // Records the invoice that billed the entry and its included share;
  // Conflict when another invoice took it first.
  Status MarkBilled(int64_t entry_id, int64_t invoice_id, int64_t included_minutes, int64_t now);
  // Gives the time a voided invoice billed back to the next run (its
  // included share is drawn again) → how many entries.
  Result<int64_t> Release(int64_t invoice_id, int64_t now);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
