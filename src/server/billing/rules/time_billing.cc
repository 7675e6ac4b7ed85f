#include "server/billing/rules/time_billing.h"

#include <algorithm>
#include <tuple>

#include "server/billing/model/dates.h"
#include "server/billing/rules/recurring.h"

namespace steward::billing {

int64_t IncludedPoolMinutes(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                            Month m) {
  int64_t pool = 0;
  for (const LineCharge& lc : MonthlyRecurring(lines, plans, m).lines) {
    if (const Plan* p = FindPlan(plans, lc.plan_id)) pool += p->included_support_minutes * lc.units;
  }
  return pool;
}

int64_t FlexEarnedMinutes(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                          Month m) {
  int64_t earned = 0;
  for (const LineCharge& lc : MonthlyRecurring(lines, plans, m).lines) {
    if (const Plan* p = FindPlan(plans, lc.plan_id)) earned += p->flex_minutes * lc.units;
  }
  return earned;
}

Cents EmergencyOnsiteRate(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                          Month m, Cents fallback) {
  std::optional<Cents> best;
  for (const LineCharge& lc : MonthlyRecurring(lines, plans, m).lines) {
    const Plan* p = FindPlan(plans, lc.plan_id);
    if (!p || p->unit != PlanUnit::kServer || lc.units == 0) continue;
    best =
        std::min(best.value_or(p->emergency_onsite_hourly_cents), p->emergency_onsite_hourly_cents);
  }
  return best.value_or(fallback);
}

TimeCharges ChargeTime(const std::vector<UnbilledTime>& entries,
                       const std::map<Month, WorkMonthTerms>& months,
                       const std::vector<WorkTypeRate>& rates) {
  TimeCharges out;
  out.splits.resize(entries.size());
  // Split month by month: each month draws only its own pool.
  std::map<Month, std::vector<size_t>> by_month;
  for (size_t i = 0; i < entries.size(); ++i) by_month[MonthOf(entries[i].work_date)].push_back(i);
  for (const auto& [month, indexes] : by_month) {
    const auto terms = months.find(month);
    const int64_t pool = terms == months.end() ? 0 : terms->second.pool_left_minutes;
    std::vector<BillableTime> month_entries;
    for (size_t i : indexes) {
      const WorkTypeRate* rate = FindRate(rates, entries[i].work_type);
      month_entries.push_back({entries[i].entry_id, entries[i].work_date, entries[i].minutes,
                               rate && rate->draws_included, 0});
    }
    const std::vector<TimeSplit> splits = SplitIncludedTime(pool, month_entries);
    int64_t drawn = 0;
    for (size_t k = 0; k < indexes.size(); ++k) {
      out.splits[indexes[k]] = splits[k];
      drawn += splits[k].included_minutes;
    }
    if (drawn > 0) {
      out.lines.push_back({LineKind::kTime,
                           "Included support hours, " + FormatIsoMonth(month) + ": " +
                               FormatDuration(drawn) + " drawn",
                           1, 0, 0, std::nullopt});
    }
  }
  // Billable lines in order of work date, then entry.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(entries[a].work_date, entries[a].entry_id) <
           std::tie(entries[b].work_date, entries[b].entry_id);
  });
  for (size_t i : order) {
    const UnbilledTime& e = entries[i];
    const int64_t minutes = out.splits[i].billable_minutes;
    if (minutes <= 0) continue;
    const WorkTypeRate* rate = FindRate(rates, e.work_type);
    Cents hourly = rate ? rate->hourly_cents : 0;
    if (e.work_type == WorkType::kEmergencyOnsite) {
      const auto terms = months.find(MonthOf(e.work_date));
      if (terms != months.end()) hourly = terms->second.emergency_onsite_cents;
    }
    const Cents amount = HourlyCharge(minutes, hourly);
    std::string description = "Ticket #" + std::to_string(e.ticket_id) + " " + e.ticket_subject +
                              " — " + std::string(WorkTypeName(e.work_type)) + ", " +
                              FormatIsoDate(e.work_date) + ": " + FormatDuration(minutes);
    description += hourly > 0 ? " at " + FormatUsd(hourly) + "/h" : " (included in the plan)";
    out.lines.push_back({LineKind::kTime, std::move(description), 1, amount, amount, std::nullopt});
  }
  return out;
}

MonthHours SummarizeMonth(int64_t pool_minutes, const std::vector<LoggedTime>& entries) {
  MonthHours out;
  out.included_minutes = std::max<int64_t>(0, pool_minutes);
  int64_t drawn_before = 0;
  std::vector<BillableTime> open;
  for (const LoggedTime& e : entries) {
    if (e.included_minutes) {
      drawn_before += *e.included_minutes;
      out.covered_minutes += *e.included_minutes;
      out.billable_minutes += e.minutes - *e.included_minutes;
    } else {
      open.push_back({e.entry_id, e.work_date, e.minutes, e.draws_included, 0});
    }
  }
  for (const TimeSplit& s : SplitIncludedTime(out.included_minutes - drawn_before, open)) {
    out.covered_minutes += s.included_minutes;
    out.billable_minutes += s.billable_minutes;
  }
  return out;
}

std::string FormatDuration(int64_t minutes) {
  const int64_t h = minutes / 60;
  const int64_t m = minutes % 60;
  if (h == 0) return std::to_string(m) + " min";
  if (m == 0) return std::to_string(h) + " h";
  return std::to_string(h) + " h " + std::to_string(m) + " min";
}

}  // namespace steward::billing
