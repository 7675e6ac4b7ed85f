#include "server/monitoring/series_math.h"

#include <algorithm>
#include <cmath>

namespace steward::monitoring {

namespace {
constexpr int64_t kFiveMinutes = 5 * 60 * 1000;
constexpr int64_t kHour = 60 * 60 * 1000;
constexpr int64_t kDay = 24 * kHour;
}  // namespace

std::string_view ResolutionName(Resolution r) {
  switch (r) {
    case Resolution::kRaw:
      return "raw";
    case Resolution::kFiveMinutes:
      return "5m";
    case Resolution::kHourly:
      return "1h";
  }
  return "raw";
}

int64_t ResolutionMillis(Resolution r) {
  switch (r) {
    case Resolution::kRaw:
      return 0;
    case Resolution::kFiveMinutes:
      return kFiveMinutes;
    case Resolution::kHourly:
      return kHour;
  }
  return 0;
}

Resolution ChooseResolution(int64_t from_ms, int64_t to_ms, std::optional<int64_t> step_ms,
                            int64_t now_ms, const Retention& retention) {
  int64_t range = to_ms - from_ms;
  Resolution r;
  if (step_ms) {
    r = *step_ms >= kHour          ? Resolution::kHourly
        : *step_ms >= kFiveMinutes ? Resolution::kFiveMinutes
                                   : Resolution::kRaw;
  } else {
    r = range <= 6 * kHour  ? Resolution::kRaw
        : range <= 7 * kDay ? Resolution::kFiveMinutes
                            : Resolution::kHourly;
  }
  if (r == Resolution::kRaw && from_ms < now_ms - retention.raw.count()) {
    r = Resolution::kFiveMinutes;
  }
  if (r == Resolution::kFiveMinutes && from_ms < now_ms - retention.five_minutes.count()) {
    r = Resolution::kHourly;
  }
  return r;
}

std::vector<Point> Downsample(const std::vector<Point>& points, int64_t step_ms) {
  if (step_ms <= 0) return points;
  std::vector<Point> out;
  for (const Point& p : points) {
    int64_t bucket = p.ts_ms - ((p.ts_ms % step_ms) + step_ms) % step_ms;
    if (!out.empty() && out.back().ts_ms == bucket) {
      Point& b = out.back();
      b.min = std::min(b.min, p.min);
      b.max = std::max(b.max, p.max);
      b.sum += p.sum;
      b.count += p.count;
    } else {
      Point b = p;
      b.ts_ms = bucket;
      out.push_back(b);
    }
  }
  return out;
}

std::optional<Forecast> ForecastFull(const std::vector<std::pair<int64_t, double>>& points) {
  if (points.size() < 3) return std::nullopt;
  int64_t first = points.front().first, last = points.front().first;
  for (const auto& [t, v] : points) {
    first = std::min(first, t);
    last = std::max(last, t);
  }
  if (last - first < kHour) return std::nullopt;
  // Centre the times (in days) for numerical stability.
  double n = static_cast<double>(points.size());
  double mean_t = 0, mean_v = 0;
  for (const auto& [t, v] : points) {
    mean_t += static_cast<double>(t - first) / kDay;
    mean_v += v;
  }
  mean_t /= n;
  mean_v /= n;
  double sxx = 0, sxy = 0;
  for (const auto& [t, v] : points) {
    double dt = static_cast<double>(t - first) / kDay - mean_t;
    sxx += dt * dt;
    sxy += dt * (v - mean_v);
  }
  if (sxx <= 0) return std::nullopt;
  Forecast f;
  f.slope_bytes_per_day = sxy / sxx;
  if (f.slope_bytes_per_day >= 0) return f;
  // Where the fitted line stands at the last point, and when it reaches zero.
  double last_days = static_cast<double>(last - first) / kDay;
  double free_now = mean_v + f.slope_bytes_per_day * (last_days - mean_t);
  double days = std::max(0.0, free_now / -f.slope_bytes_per_day);
  f.days_until_full = days;
  f.full_at_ms = last + static_cast<int64_t>(std::llround(days * kDay));
  return f;
}

}  // namespace steward::monitoring
