// Pure arithmetic on stored series: picking the resolution for a query,
// downsampling to a step, and the disk-full forecast.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace steward::monitoring {

enum class Resolution { kRaw, kFiveMinutes, kHourly };
std::string_view ResolutionName(Resolution r);  // "raw", "5m", "1h"
int64_t ResolutionMillis(Resolution r);         // 0 for raw

struct Retention {
  std::chrono::milliseconds raw = std::chrono::hours(24 * 7);
  std::chrono::milliseconds five_minutes = std::chrono::hours(24 * 90);
  std::chrono::milliseconds hourly = std::chrono::hours(24 * 730);
};

// One point of a series: a raw sample (min = avg = max = value, count 1) or
// a rollup bucket starting at ts_ms.
struct Point {
  int64_t ts_ms = 0;
  double min = 0, max = 0, sum = 0;
  int64_t count = 0;
  double avg() const { return count ? sum / static_cast<double>(count) : 0; }
};

// The coarsest data that still answers the query: raw for ranges up to 6
// hours with no step (or a step under 5 minutes), 5-minute rollups up to 7
// days or for a step under an hour, hourly beyond — and never a resolution
// whose retention no longer covers `from_ms`.
Resolution ChooseResolution(int64_t from_ms, int64_t to_ms, std::optional<int64_t> step_ms,
                            int64_t now_ms, const Retention& retention);

// Merges points (sorted by time) into buckets of `step_ms` aligned to the
// epoch; a no-op for a step not larger than the points' spacing.
std::vector<Point> Downsample(const std::vector<Point>& points, int64_t step_ms);

struct Forecast {
  double slope_bytes_per_day = 0;
  std::optional<double> days_until_full;  // nullopt when free space is not shrinking
  std::optional<int64_t> full_at_ms;
};

// Least-squares line through (ts_ms, free bytes); nullopt with fewer than
// three points or less than an hour between the first and the last.
std::optional<Forecast> ForecastFull(const std::vector<std::pair<int64_t, double>>& points);

}  // namespace steward::monitoring
