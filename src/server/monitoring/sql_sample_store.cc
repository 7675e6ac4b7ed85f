// Raw samples one row each until their two-hour window closes, then
// compacted into compressed chunks (sample_chunks.h); rollups per (series,
// resolution, bucket) kept current by an upsert that folds the batch's
// aggregate into the bucket.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/json.h"
#include "server/monitoring/conditions.h"
#include "server/monitoring/sample_chunks.h"
#include "server/monitoring/sample_store.h"

namespace steward::monitoring {

namespace {

using storage::Connection;
using storage::Row;

constexpr int64_t kRollupResolutions[] = {5 * 60 * 1000, 60 * 60 * 1000};

std::string LabelsJson(const std::map<std::string, std::string>& labels) {
  Json j = Json::object();
  for (const auto& [k, v] : labels) j[k] = v;
  return j.dump();
}

std::map<std::string, std::string> ParseLabels(const std::string& text) {
  std::map<std::string, std::string> out;
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string() && k != "message") out[k] = v.get<std::string>();
  }
  return out;
}

bool Matches(const std::map<std::string, std::string>& labels,
             const std::map<std::string, std::string>& filter) {
  for (const auto& [k, v] : filter) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

int64_t BucketOf(int64_t ts, int64_t res) { return ts - ((ts % res) + res) % res; }

class SqlSampleStore final : public SampleStore {
 public:
  Status Append(Connection& c, int64_t customer_id, int64_t device_id,
                std::span<const Sample> samples) override {
    struct Agg {
      std::string labels_json;
      double min, max, sum;
      int64_t count;
    };
    // (metric, series key, resolution, bucket) → the batch's aggregate.
    std::map<std::tuple<std::string, std::string, int64_t, int64_t>, Agg> rollups;
    for (const Sample& s : samples) {
      std::string key = SeriesKey(s.labels);
      int64_t ts = ToMillis(s.ts);
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO metric_samples (customer_id, device_id, metric, series_key,"
                    " labels_json, ts, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    {customer_id, device_id, s.metric, key, LabelsJson(s.labels), ts, s.value})
              .status());
      for (int64_t res : kRollupResolutions) {
        auto k = std::make_tuple(s.metric, key, res, BucketOf(ts, res));
        auto it = rollups.find(k);
        if (it == rollups.end()) {
          rollups.emplace(k, Agg{key.empty() ? "{}" : key, s.value, s.value, s.value, 1});
        } else {
          it->second.min = std::min(it->second.min, s.value);
          it->second.max = std::max(it->second.max, s.value);
          it->second.sum += s.value;
          ++it->second.count;
        }
      }
    }
    for (const auto& [k, a] : rollups) {
      const auto& [metric, key, res, bucket] = k;
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO metric_rollups (device_id, metric, series_key, resolution_ms,"
                    " bucket_start, customer_id, labels_json, min_value, max_value, sum_value,"
                    " sample_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (device_id, metric, series_key, resolution_ms, bucket_start)"
                    " DO UPDATE SET"
                    " min_value = CASE WHEN excluded.min_value < metric_rollups.min_value"
                    " THEN excluded.min_value ELSE metric_rollups.min_value END,"
                    " max_value = CASE WHEN excluded.max_value > metric_rollups.max_value"
                    " THEN excluded.max_value ELSE metric_rollups.max_value END,"
                    " sum_value = metric_rollups.sum_value + excluded.sum_value,"
                    " sample_count = metric_rollups.sample_count + excluded.sample_count",
                    {device_id, metric, key, res, bucket, customer_id, a.labels_json, a.min, a.max,
                     a.sum, a.count})
              .status());
    }
    return Status::Ok();
  }

  Result<std::vector<Series>> Read(Connection& c, const SeriesQuery& q) override {
    std::map<std::string, Series> by_key;
    std::set<std::string> filtered_out;
    size_t total = 0;
    auto add = [&](const std::string& key, const std::string& labels_json,
                   const Point& p) -> Status {
      if (filtered_out.count(key)) return Status::Ok();
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        auto labels = ParseLabels(labels_json);
        if (!Matches(labels, q.label_filter)) {
          filtered_out.insert(key);
          return Status::Ok();
        }
        it = by_key.emplace(key, Series{std::move(labels), {}}).first;
      }
      if (++total > q.max_points) {
        return Status::InvalidArgument("more than " + std::to_string(q.max_points) +
                                           " points; use a larger step or a shorter range",
                                       "step");
      }
      it->second.points.push_back(p);
      return Status::Ok();
    };
    if (q.resolution == Resolution::kRaw) {
      STEWARD_RETURN_IF_ERROR(
          ReadChunkedPoints(c, q,
                            [&](const std::string& key, const std::string& labels_json, int64_t ts,
                                double v) -> Status {
                              return add(key, labels_json, Point{ts, v, v, v, 1});
                            }));
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT series_key, labels_json, ts, value FROM metric_samples"
                  " WHERE device_id = ? AND metric = ? AND ts >= ? AND ts < ?"
                  " ORDER BY ts, id",
                  {q.device_id, q.metric, q.from_ms, q.to_ms}));
      for (const Row& r : rows) {
        double v = r.Real("value");
        STEWARD_RETURN_IF_ERROR(
            add(r.Text("series_key"), r.Text("labels_json"), Point{r.Int("ts"), v, v, v, 1}));
      }
    } else {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT series_key, labels_json, bucket_start, min_value, max_value, sum_value,"
                  " sample_count FROM metric_rollups"
                  " WHERE device_id = ? AND metric = ? AND resolution_ms = ?"
                  " AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start",
                  {q.device_id, q.metric, ResolutionMillis(q.resolution),
                   BucketOf(q.from_ms, ResolutionMillis(q.resolution)), q.to_ms}));
      for (const Row& r : rows) {
        STEWARD_RETURN_IF_ERROR(
            add(r.Text("series_key"), r.Text("labels_json"),
                Point{r.Int("bucket_start"), r.Real("min_value"), r.Real("max_value"),
                      r.Real("sum_value"), r.Int("sample_count")}));
      }
    }
    std::vector<Series> out;
    for (auto& [key, s] : by_key) {
      // Chunks and the raw rows not compacted yet arrive in two runs; rollup
      // buckets are already in order.
      std::stable_sort(s.points.begin(), s.points.end(),
                       [](const Point& a, const Point& b) { return a.ts_ms < b.ts_ms; });
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<std::vector<SeriesInfo>> ListSeries(Connection& c, int64_t device_id,
                                             int64_t since_ms) override {
    // The hourly rollups name every series that reported in an hour, and are
    // far fewer rows than the raw samples.
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT DISTINCT metric, series_key, labels_json FROM metric_rollups"
                " WHERE device_id = ? AND resolution_ms = ? AND bucket_start >= ?"
                " ORDER BY metric, series_key",
                {device_id, kRollupResolutions[1], BucketOf(since_ms, kRollupResolutions[1])}));
    std::vector<SeriesInfo> out;
    for (const Row& r : rows) out.push_back({r.Text("metric"), ParseLabels(r.Text("labels_json"))});
    return out;
  }

  Result<int64_t> Prune(Connection& c, const Retention& retention, int64_t now_ms) override {
    int64_t removed = 0;
    STEWARD_ASSIGN_OR_RETURN(int64_t raw, c.Execute("DELETE FROM metric_samples WHERE ts < ?",
                                                    {now_ms - retention.raw.count()}));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t five,
        c.Execute("DELETE FROM metric_rollups WHERE resolution_ms = ? AND bucket_start < ?",
                  {kRollupResolutions[0], now_ms - retention.five_minutes.count()}));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t hourly,
        c.Execute("DELETE FROM metric_rollups WHERE resolution_ms = ? AND bucket_start < ?",
                  {kRollupResolutions[1], now_ms - retention.hourly.count()}));
    STEWARD_ASSIGN_OR_RETURN(int64_t chunks, PruneChunks(c, now_ms - retention.raw.count()));
    removed = raw + five + hourly + chunks;
    return removed;
  }

  Result<int64_t> Compact(Connection& c, int64_t now_ms, int64_t max_rows) override {
    return CompactClosedWindows(c, now_ms, max_rows);
  }
};

}  // namespace

std::unique_ptr<SampleStore> MakeSqlSampleStore() { return std::make_unique<SqlSampleStore>(); }

}  // namespace steward::monitoring
