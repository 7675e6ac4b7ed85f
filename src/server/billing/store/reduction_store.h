// All SQL over contract reductions, behind the caller's tenant scope: the
// line changes a reduction makes (devices' cover ended, a line ended, a
// lower quantity continued as a new line), the reduction records with
// their damages, and settling those damages on an invoice.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/reduction.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class ReductionStore {
 public:
  explicit ReductionStore(const storage::ScopedConnection& c) : c_(c) {}

  // Writes `change` (already judged by PlanReduction) to the contract's
  // lines on `on`.
  Status ApplyToLines(const Contract& contract, const ReductionChange& change, Date on,
                      int64_t now);
  Result<int64_t> Insert(const Reduction& r, std::optional<int64_t> created_by, int64_t now);
  // The contract's reductions, oldest first.
  Result<std::vector<Reduction>> ForContract(int64_t contract_id);
  // The ones whose damages no invoice has charged yet.
  Result<std::vector<Reduction>> Unbilled(int64_t contract_id);
  // Conflict when another invoice charged it first.
  Status MarkBilled(int64_t id, int64_t invoice_id);
  // Gives what a voided invoice charged back to the next run → how many.
  Result<int64_t> Release(int64_t invoice_id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
