#include "server/change/rules/incident_watch.h"

#include <algorithm>
#include <cmath>

namespace steward::change {

SpikeVerdict JudgeIncidents(const WatchCounts& counts) {
  SpikeVerdict v;
  const auto watched =
      std::clamp(counts.watched, std::chrono::milliseconds(0),
                 std::chrono::duration_cast<std::chrono::milliseconds>(kWatchSpan));
  const double share =
      static_cast<double>(watched.count()) /
      static_cast<double>(
          std::chrono::duration_cast<std::chrono::milliseconds>(kBaselineSpan).count());
  v.expected = static_cast<double>(std::max<int64_t>(counts.baseline_incidents, 0)) * share;
  // More than expected + 3σ of a Poisson count (σ = √expected): the least
  // whole count above it.
  const double bound = v.expected + 3.0 * std::sqrt(v.expected);
  v.threshold = std::max<int64_t>(kMinSpikeIncidents, static_cast<int64_t>(std::floor(bound)) + 1);
  v.spike = counts.observed_incidents >= v.threshold;
  return v;
}

WatchState NextWatchState(WatchState current, const SpikeVerdict& verdict, Timestamp now,
                          Timestamp ends_at) {
  if (current != WatchState::kWatching) return current;
  if (verdict.spike) return WatchState::kSpike;
  if (now >= ends_at) return WatchState::kQuiet;
  return WatchState::kWatching;
}

}  // namespace steward::change
