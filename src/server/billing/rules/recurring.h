// A contract's recurring charges for a month (SPEC §7): each line's gross
// charge prorated by calendar days, the quantity discount on discountable
// plans by the customer's servers under server plans, and the full monthly
// charge in force on a day (the basis of liquidated damages).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"
#include "server/billing/model/plan.h"

namespace steward::billing {

struct LineCharge {
  int64_t line_id = 0;
  int64_t plan_id = 0;
  int64_t units = 0;   // devices covered or the quantity
  Cents gross = 0;     // prorated, before discount
  Cents discount = 0;  // ≤ 0
};

struct RecurringCharges {
  int64_t servers = 0;  // distinct devices under server plans in the month
  BasisPoints discount = 0;
  std::vector<LineCharge> lines;  // lines with a charge in the month
  Cents total = 0;                // Σ gross + discount
};

// Whether something in force from `from` until the day before `to` (none:
// still) is in force on `on`.
bool InForceOn(Date from, const std::optional<Date>& to, Date on);

// The CMDB's retirement days of covered devices, by CI id.
using RetiredOn = std::map<int64_t, Date>;

// The lines without the devices the CMDB has retired: a device retired on
// day R is not covered from R on (as a device removed by a reduction), and
// one retired before the line covered it is not covered at all.
std::vector<ContractLine> WithoutRetiredDevices(std::vector<ContractLine> lines,
                                                const RetiredOn& retired);

// The lines as the contract bills them: without retired devices, and no
// line or device in force on or after the contract's end (ContractEnd).
std::vector<ContractLine> LinesAsBilled(const Contract& c, std::vector<ContractLine> lines,
                                        const RetiredOn& retired);

// Lines whose plan is missing from `plans` are skipped.
RecurringCharges MonthlyRecurring(const std::vector<ContractLine>& lines,
                                  const std::vector<Plan>& plans, Month m);

// The charge of one whole month for what is in force on `on`: every line and
// device in force that day counted for the full month, with the discount of
// that many servers. Liquidated damages are N × this.
Cents FullMonthRecurringCents(const std::vector<ContractLine>& lines,
                              const std::vector<Plan>& plans, Date on);

}  // namespace steward::billing
