// The watch after a change (SPEC §6 "incidents after deployment watched; a
// spike opens a problem record"; issue 14 item 8). For 72 hours after a
// change is implemented, the incidents on its CIs are compared with the rate
// the same CIs had in the 28 days before it. Incidents arrive as a Poisson
// count, so a spike is a count three standard deviations above what the
// baseline predicts for the span watched so far — and never fewer than three
// incidents, so one unlucky ticket on a quiet server is not a "spike". The
// span grows as the watch goes on, which lets a burst in the first hours
// count at once instead of after three days. Pure.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/clock.h"
#include "server/change/model/change_request.h"

namespace steward::change {

inline constexpr std::chrono::hours kWatchSpan{72};
inline constexpr std::chrono::hours kBaselineSpan{28 * 24};
inline constexpr int64_t kMinSpikeIncidents = 3;

struct WatchCounts {
  int64_t baseline_incidents = 0;       // in the 28 days before the change
  int64_t observed_incidents = 0;       // since the change, in `watched`
  std::chrono::milliseconds watched{};  // how much of the 72 hours has passed
};

struct SpikeVerdict {
  double expected = 0;    // what the baseline predicts for `watched`
  int64_t threshold = 0;  // the least count that is a spike
  bool spike = false;
};

SpikeVerdict JudgeIncidents(const WatchCounts& counts);

// The watch's state at `now`: a spike once one was seen; quiet when the 72
// hours are over without one; watching before that.
WatchState NextWatchState(WatchState current, const SpikeVerdict& verdict, Timestamp now,
                          Timestamp ends_at);

}  // namespace steward::change
