// Renewal with changed terms as a pure decision (SPEC §7): the next term is
// a new contract that starts the day the current one stops (its end, or the
// day its current term renews), with the changed terms and the current
// contract's otherwise, and the lines in force on that day carried across —
// each with the devices it still covers or its quantity — except where the
// renewal moves a line to another plan of the same unit, changes a
// quantity, or drops it. Each term is then its own contract: its own
// invoice sequence (setup fee and term credits count from its start), its
// own SLA terms and damages.
#pragma once

#include <vector>

#include "core/result.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/plan.h"

namespace steward::billing {

struct RenewalPlan {
  NewContract next;  // the renewal, to validate as any new contract
  std::vector<RenewedLine> lines;
};

// `lines` are the contract's lines without retired devices (not cut at the
// contract's end: what runs on into the next term is carried).
// Conflict naming "status" unless the contract is active on `today`.
// InvalidArgument naming "lines[i].line_id" (not a line in force when the
// renewal starts, or named twice), "lines[i].plan_id" (unknown, retired, or
// of another unit), "lines[i].quantity" (for a device line, or not 1 to
// 1,000,000), or "lines" (a carried line's plan is retired: choose another).
Result<RenewalPlan> PlanRenewal(const Contract& contract, const std::vector<ContractLine>& lines,
                                const std::vector<Plan>& plans, const ContractRenewal& renewal,
                                Date today);

}  // namespace steward::billing
