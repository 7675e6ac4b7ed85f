// Reductions as pure decisions (SPEC §7 "a reduction: N × the monthly amount
// removed"): whether a change can be made to a contract's lines on a day,
// the lines as they stand after it, and what it removes from the monthly
// charge — the full-month charge in force that day before minus after, so a
// server leaving a discount tier also counts what the others now cost more.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/invoice.h"
#include "server/billing/model/plan.h"
#include "server/billing/model/reduction.h"

namespace steward::billing {

struct ReductionPlan {
  std::vector<ContractLine> after;  // the lines once the change applies
  std::string description;
  Cents removed_monthly_cents = 0;
  Cents damages_cents = 0;
};

// InvalidArgument naming "line_id" (not a line of the contract in force on
// `on`), "ci_ids" (empty, or a device the line does not cover that day, or
// given for a per-unit line), "quantity" (not a per-unit line, or not 1 to
// one less than now), "date" (before the contract or the line starts).
// A lower quantity ends the line on `on` and continues it as a new line
// (id 0) with the new quantity from that day.
Result<ReductionPlan> PlanReduction(const Contract& contract,
                                    const std::vector<ContractLine>& lines,
                                    const std::vector<Plan>& plans, const ReductionChange& change,
                                    Date on);

// "Liquidated damages: 2 devices of Silver removed from 2026-12-15
// (2 × $1,440.00 a month)": the damages line for the next invoice.
InvoiceLine ReductionDamagesLine(const Reduction& r, int damages_months);

}  // namespace steward::billing
