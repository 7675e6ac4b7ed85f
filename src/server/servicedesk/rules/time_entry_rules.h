// The rules a time entry obeys before it is stored (SPEC §5): time is kept
// in 15-minute increments, rounded up; the work was done on a real day no
// later than today and no earlier than a year ago (older work belongs to a
// closed year the MSP no longer bills).
#pragma once

#include <cstdint>

#include "core/status.h"
#include "server/billing/model/contract.h"

namespace steward::servicedesk {

inline constexpr int64_t kMaxEntryMinutes = 24 * 60;

// Minutes rounded up to the next multiple of 15 (1 → 15, 15 → 15, 16 → 30).
int64_t RoundUpToQuarter(int64_t minutes);

// InvalidArgument naming "work_date" for a day after `today` or more than
// 366 days before it.
Status CheckWorkDate(billing::Date work_date, billing::Date today);

}  // namespace steward::servicedesk
