// Reading series: metric queries at the chosen resolution, the disk-full
// forecast and a device's monitoring status.
#include "server/monitoring/conditions.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/sample_validation.h"
#include "server/monitoring/store/alert_store.h"

namespace steward::monitoring {

using storage::Connection;
using storage::Row;

namespace {
constexpr int64_t kDayMs = 24 * 3600 * 1000;
}  // namespace

Result<Json> MonitoringService::QueryMetric(const accounts::Principal& viewer, int64_t device_id,
                                            const MetricQuery& query) {
  if (!ValidMetricName(query.metric)) {
    return Status::InvalidArgument("is not a metric name", "metric");
  }
  int64_t now = ToMillis(clock_.Now());
  int64_t to = query.to ? ToMillis(*query.to) : now;
  int64_t from = query.from ? ToMillis(*query.from) : to - 6 * 3600 * 1000;
  if (from >= to) return Status::InvalidArgument("must be before to", "from");
  if (to - from > options_.retention.hourly.count() + kDayMs) {
    return Status::InvalidArgument("the range is longer than the hourly retention", "from");
  }
  std::optional<int64_t> step_ms;
  if (query.step_seconds) step_ms = *query.step_seconds * 1000;
  SeriesQuery q;
  q.device_id = device_id;
  q.metric = query.metric;
  q.from_ms = from;
  q.to_ms = to;
  q.resolution = ChooseResolution(from, to, step_ms, now, options_.retention);
  q.label_filter = query.labels;
  std::vector<Series> series;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(LoadDevice(c, viewer.scope(), device_id).status());
    STEWARD_ASSIGN_OR_RETURN(series, store_->Read(c, q));
    return Status::Ok();
  }));
  Json list = Json::array();
  for (const Series& s : series) {
    std::vector<Point> points = step_ms && *step_ms > ResolutionMillis(q.resolution)
                                    ? Downsample(s.points, *step_ms)
                                    : s.points;
    Json pts = Json::array();
    for (const Point& p : points) {
      pts.push_back({{"ts", internal::Iso(p.ts_ms)},
                     {"value", p.avg()},
                     {"min", p.min},
                     {"max", p.max},
                     {"count", p.count}});
    }
    Json labels = Json::object();
    for (const auto& [k, v] : s.labels) labels[k] = v;
    list.push_back({{"labels", labels}, {"points", pts}});
  }
  return Json{{"device_id", device_id},
              {"metric", query.metric},
              {"resolution", ResolutionName(q.resolution)},
              {"from", internal::Iso(from)},
              {"to", internal::Iso(to)},
              {"step", query.step_seconds ? Json(*query.step_seconds) : Json(nullptr)},
              {"series", list}};
}

Result<Json> MonitoringService::Forecast(const accounts::Principal& viewer, int64_t device_id) {
  int64_t now = ToMillis(clock_.Now());
  SeriesQuery q;
  q.device_id = device_id;
  q.metric = std::string(kVolumeFreeBytes);
  q.from_ms = now - 14 * kDayMs;
  q.to_ms = now + 1;
  q.resolution = Resolution::kHourly;
  std::vector<Series> series;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(LoadDevice(c, viewer.scope(), device_id).status());
    STEWARD_ASSIGN_OR_RETURN(series, store_->Read(c, q));
    return Status::Ok();
  }));
  Json volumes = Json::array();
  for (const Series& s : series) {
    if (s.points.empty()) continue;
    std::vector<std::pair<int64_t, double>> xy;
    // Each hour's average, placed mid-bucket.
    for (const Point& p : s.points) xy.emplace_back(p.ts_ms + 30 * 60 * 1000, p.avg());
    Json labels = Json::object();
    for (const auto& [k, v] : s.labels) labels[k] = v;
    Json v = {{"labels", labels},
              {"free_bytes", s.points.back().avg()},
              {"slope_bytes_per_day", nullptr},
              {"days_until_full", nullptr},
              {"full_at", nullptr}};
    if (auto f = ForecastFull(xy)) {
      v["slope_bytes_per_day"] = f->slope_bytes_per_day;
      if (f->full_at_ms) {
        v["full_at"] = internal::Iso(*f->full_at_ms);
        v["days_until_full"] =
            std::max(0.0, static_cast<double>(*f->full_at_ms - now) / static_cast<double>(kDayMs));
      }
    }
    volumes.push_back(v);
  }
  return Json{{"device_id", device_id}, {"volumes", volumes}};
}

Result<Json> MonitoringService::ListDeviceMetrics(const accounts::Principal& viewer,
                                                  int64_t device_id) {
  int64_t since = ToMillis(clock_.Now()) - 7 * kDayMs;
  std::vector<SampleStore::SeriesInfo> series;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(LoadDevice(c, viewer.scope(), device_id).status());
    STEWARD_ASSIGN_OR_RETURN(series, store_->ListSeries(c, device_id, since));
    return Status::Ok();
  }));
  Json list = Json::array();
  for (const auto& s : series) {
    Json labels = Json::object();
    for (const auto& [k, v] : s.labels) labels[k] = v;
    list.push_back({{"metric", s.metric}, {"labels", labels}});
  }
  return Json{{"device_id", device_id}, {"metrics", list}};
}

Result<Json> MonitoringService::DeviceStatus(const accounts::Principal& viewer, int64_t device_id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Device d, LoadDevice(c, viewer.scope(), device_id));
    STEWARD_ASSIGN_OR_RETURN(
        auto seen,
        c.QueryOptional("SELECT last_seen_at FROM device_checkins WHERE device_id = ?", {d.id}));
    storage::ScopedConnection sc(c, viewer.scope());
    STEWARD_ASSIGN_OR_RETURN(int64_t open, AlertStore(sc).CountOpen(d.id));
    out = {{"device_id", d.id},
           {"customer_id", d.customer_id},
           {"name", d.name},
           {"last_seen_at", seen ? IsoOrNull(seen->Int("last_seen_at")) : Json(nullptr)},
           {"open_alerts", open}};
    return Status::Ok();
  }));
  return out;
}

}  // namespace steward::monitoring
