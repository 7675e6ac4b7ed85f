#include "server/billing/rules/hours.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace steward::billing {

std::vector<TimeSplit> SplitIncludedTime(int64_t pool_minutes,
                                         const std::vector<BillableTime>& entries) {
  std::vector<TimeSplit> splits(entries.size());
  std::vector<size_t> order;
  for (size_t i = 0; i < entries.size(); ++i) {
    splits[i] = {entries[i].entry_id, 0, entries[i].minutes};
    if (entries[i].covered) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(entries[a].work_date, entries[a].entry_id) <
           std::tie(entries[b].work_date, entries[b].entry_id);
  });
  // Only whole 15-minute steps of the pool can be drawn.
  int64_t remaining = std::max<int64_t>(0, pool_minutes) / kStepMinutes * kStepMinutes;
  for (size_t i : order) {
    const int64_t drawn = std::clamp<int64_t>(entries[i].minutes, 0, remaining);
    splits[i].included_minutes = drawn;
    splits[i].billable_minutes = entries[i].minutes - drawn;
    remaining -= drawn;
  }
  return splits;
}

Cents HourlyCharge(int64_t minutes, Cents hourly_cents) {
  return Prorate(hourly_cents, minutes, 60);
}

int64_t FlexCredit(int64_t balance, int64_t earned) {
  return std::clamp<int64_t>(kFlexCapMinutes - balance, 0, std::max<int64_t>(0, earned));
}

Status CheckFlexDraw(int64_t balance, int64_t minutes) {
  if (minutes <= 0 || minutes % kFlexDrawMinutes != 0) {
    return Status::InvalidArgument(
        "flex hours are drawn in positive multiples of 4 hours (240 minutes)", "minutes");
  }
  if (minutes > balance) {
    return Status::InvalidArgument("the draw of " + std::to_string(minutes) +
                                       " minutes exceeds the flex balance of " +
                                       std::to_string(std::max<int64_t>(0, balance)) + " minutes",
                                   "minutes");
  }
  return Status::Ok();
}

Timestamp FlexExpiry(int year, const date::time_zone* zone) {
  const date::local_days new_year{date::year(year + 1) / date::January / 1};
  const date::sys_seconds instant =
      zone ? zone->to_sys(date::local_seconds(new_year), date::choose::earliest)
           : date::sys_seconds(new_year.time_since_epoch());
  return std::chrono::time_point_cast<std::chrono::milliseconds>(instant);
}

}  // namespace steward::billing
