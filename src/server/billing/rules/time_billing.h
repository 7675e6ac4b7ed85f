// Support time on an invoice (SPEC §7), decided without a database: how many
// included and flex minutes a month of a customer's contract lines gives,
// the emergency on-site rate their server plans set, the split of logged
// time between the month's included hours and billable hours, and the
// invoice lines of the billable part. Quantity discounts never apply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/invoice.h"
#include "server/billing/model/plan.h"
#include "server/billing/model/work_type.h"
#include "server/billing/rules/hours.h"

namespace steward::billing {

// Included support minutes of month `m`: Σ plan hours × units covered in m
// over every line of the customer's contracts, pooled.
int64_t IncludedPoolMinutes(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                            Month m);

// Flex minutes earned by month `m` (before the 160 h cap): Σ plan flex
// minutes × units covered in m.
int64_t FlexEarnedMinutes(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                          Month m);

// The hourly rate of emergency on-site work in month `m`: the lowest rate of
// the server plans covering a device in m, where a server plan's 0 means it
// is included (Gold); `fallback` (the MSP's rate card) when no server plan
// covers anything that month.
Cents EmergencyOnsiteRate(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                          Month m, Cents fallback);

// Billable time not yet invoiced, as billing sees it.
struct UnbilledTime {
  int64_t entry_id = 0;
  int64_t ticket_id = 0;
  std::string ticket_subject;
  Date work_date{};
  int64_t minutes = 0;
  WorkType work_type = WorkType::kRemote;
};

// What one month of work may still draw, and at what rates.
struct WorkMonthTerms {
  int64_t pool_left_minutes = 0;     // included minutes not drawn by earlier invoices
  Cents emergency_onsite_cents = 0;  // from EmergencyOnsiteRate
};

struct TimeCharges {
  std::vector<TimeSplit> splits;   // one per entry, in the input's order
  std::vector<InvoiceLine> lines;  // kind time, in work-date order
};

// Splits each work month's entries against that month's remaining pool
// (entries whose work type draws included hours, in order of work date) and
// prices the rest: one line per entry with billable minutes, at its work
// type's rate (emergency on-site at the month's plan rate), plus one line
// per month stating the included time drawn, at no charge. An entry whose
// work type has no rate in `rates` is billed at 0 and says so.
TimeCharges ChargeTime(const std::vector<UnbilledTime>& entries,
                       const std::map<Month, WorkMonthTerms>& months,
                       const std::vector<WorkTypeRate>& rates);

// A month's hours for the technician and the customer: the pool, the
// minutes it covered, and the minutes billed (or to be billed) beyond it.
struct LoggedTime {
  int64_t entry_id = 0;
  Date work_date{};
  int64_t minutes = 0;
  bool draws_included = true;
  std::optional<int64_t> included_minutes;  // set once invoiced
};
struct MonthHours {
  int64_t included_minutes = 0;
  int64_t covered_minutes = 0;
  int64_t billable_minutes = 0;
  bool operator==(const MonthHours&) const = default;
};
// Invoiced entries keep the split their invoice made; the others draw what
// is left of the pool, as the next invoice will.
MonthHours SummarizeMonth(int64_t pool_minutes, const std::vector<LoggedTime>& entries);

// "2 h", "45 min", "1 h 15 min".
std::string FormatDuration(int64_t minutes);

}  // namespace steward::billing
