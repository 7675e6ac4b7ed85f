// Support time and flex hours (SPEC §7): included hours pooled per customer
// and month, drawn in 15-minute steps in order of work date; time beyond them
// billed at its work type's rate (never discounted); flex hours earned at
// month end, capped at 160 h, drawn in 4-hour multiples, gone at the end of
// 31 December in the customer's time zone.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"

namespace steward::billing {

inline constexpr int64_t kStepMinutes = 15;
inline constexpr int64_t kFlexCapMinutes = 160 * 60;
inline constexpr int64_t kFlexDrawMinutes = 4 * 60;

// A logged time entry as billing sees it.
struct BillableTime {
  int64_t entry_id = 0;
  Date work_date{};
  int64_t minutes = 0;       // already a multiple of 15
  bool covered = true;       // work the contract covers (draws included hours first)
  int64_t hourly_cents = 0;  // its work type's rate
};

struct TimeSplit {
  int64_t entry_id = 0;
  int64_t included_minutes = 0;  // drawn from the month's included hours
  int64_t billable_minutes = 0;  // billed at the entry's rate
  bool operator==(const TimeSplit&) const = default;
};

// Draws `pool_minutes` of included time for the covered entries in order of
// work date (then entry id), in 15-minute steps (only whole steps of the
// pool are drawn; a negative pool is empty); an entry that crosses the
// remainder is split. Uncovered entries are wholly billable and draw
// nothing. One split per entry, in the input's order.
std::vector<TimeSplit> SplitIncludedTime(int64_t pool_minutes,
                                         const std::vector<BillableTime>& entries);

// `minutes` at `hourly_cents` an hour, rounded half up once.
Cents HourlyCharge(int64_t minutes, Cents hourly_cents);

// How much of `earned` minutes a flex balance of `balance` may take: the
// balance never exceeds 160 h; the excess is not earned.
int64_t FlexCredit(int64_t balance, int64_t earned);

// OK when `minutes` is a positive multiple of 4 h and no more than
// `balance`; InvalidArgument naming "minutes" otherwise.
Status CheckFlexDraw(int64_t balance, int64_t minutes);

// The instant flex hours of `year` expire: the end of 31 December (the
// start of 1 January of the next year) in `zone` (UTC when null; a local
// midnight skipped by a clock change is the instant of the change).
Timestamp FlexExpiry(int year, const date::time_zone* zone);

}  // namespace steward::billing
