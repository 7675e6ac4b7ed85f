// Recent samples as write-ahead batch records (sample_batches.h) until their
// two-hour window closes, then compressed chunks (sample_chunks.h) with their
// rollups folded in. Databases from before the records may still hold raw
// rows per sample (`metric_samples`, with rollups written at ingest): they
// are read and compacted the same way until none are left.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/json.h"
#include "server/monitoring/conditions.h"
#include "server/monitoring/sample_batches.h"
#include "server/monitoring/sample_chunks.h"
#include "server/monitoring/sample_rollups.h"
#include "server/monitoring/sample_store.h"

namespace steward::monitoring {

namespace {

using storage::Connection;
using storage::Row;

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

class SqlSampleStore final : public SampleStore {
 public:
  Status Append(Connection& c, int64_t customer_id, int64_t device_id,
                std::span<const Sample> samples) override {
    return AppendBatch(c, customer_id, device_id, samples);
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
      auto add_raw = [&](const std::string& key, const std::string& labels_json, int64_t ts,
                         double v) -> Status {
        return add(key, labels_json, Point{ts, v, v, v, 1});
      };
      STEWARD_RETURN_IF_ERROR(ReadChunkedPoints(c, q, add_raw));
      STEWARD_RETURN_IF_ERROR(ReadBatchedPoints(c, q, add_raw));
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
      // Buckets from the rollup table, merged with the same buckets computed
      // from the samples still in write-ahead records.
      int64_t res = ResolutionMillis(q.resolution);
      std::map<std::pair<std::string, int64_t>, Point> buckets;
      std::map<std::string, std::string> labels_of;
      // The label filter, decided once per series before any bucket of it
      // is kept: a week of one volume must not build buckets for all thirty.
      std::map<std::string, bool> wanted;
      auto keep = [&](const std::string& key, const std::string& labels_json) {
        auto it = wanted.find(key);
        if (it == wanted.end()) {
          it = wanted.emplace(key, Matches(ParseLabels(labels_json), q.label_filter)).first;
          if (it->second) labels_of.emplace(key, labels_json);
        }
        return it->second;
      };
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows rows,
          c.Query("SELECT series_key, labels_json, bucket_start, min_value, max_value, sum_value,"
                  " sample_count FROM metric_rollups"
                  " WHERE device_id = ? AND metric = ? AND resolution_ms = ?"
                  " AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start",
                  {q.device_id, q.metric, res, BucketOf(q.from_ms, res), q.to_ms}));
      for (const Row& r : rows) {
        std::string key = r.Text("series_key");
        if (!keep(key, r.Text("labels_json"))) continue;
        int64_t bucket = r.Int("bucket_start");
        MergeInto(buckets[{key, bucket}], Point{bucket, r.Real("min_value"), r.Real("max_value"),
                                                r.Real("sum_value"), r.Int("sample_count")});
      }
      SeriesQuery whole_buckets = q;
      whole_buckets.from_ms = BucketOf(q.from_ms, res);
      STEWARD_RETURN_IF_ERROR(
          ReadBatchedPoints(c, whole_buckets,
                            [&](const std::string& key, const std::string& labels_json, int64_t ts,
                                double v) -> Status {
                              if (!keep(key, labels_json)) return Status::Ok();
                              int64_t bucket = BucketOf(ts, res);
                              MergeInto(buckets[{key, bucket}], Point{bucket, v, v, v, 1});
                              return Status::Ok();
                            }));
      for (const auto& [k, p] : buckets) {
        STEWARD_RETURN_IF_ERROR(add(k.first, labels_of[k.first], p));
      }
    }
    std::vector<Series> out;
    for (auto& [key, s] : by_key) {
      // Chunks, records and old rows arrive in separate runs.
      std::stable_sort(s.points.begin(), s.points.end(),
                       [](const Point& a, const Point& b) { return a.ts_ms < b.ts_ms; });
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<std::vector<SeriesInfo>> ListSeries(Connection& c, int64_t device_id,
                                             int64_t since_ms) override {
    // The hourly rollups name every compacted series that reported in an
    // hour (far fewer rows than samples); the records name the recent ones.
    std::set<std::pair<std::string, std::string>> seen;  // (metric, series key)
    std::vector<SeriesInfo> out;
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT DISTINCT metric, series_key, labels_json FROM metric_rollups"
                " WHERE device_id = ? AND resolution_ms = ? AND bucket_start >= ?",
                {device_id, kRollupResolutionsMs[1], BucketOf(since_ms, kRollupResolutionsMs[1])}));
    for (const Row& r : rows) {
      if (seen.insert({r.Text("metric"), r.Text("series_key")}).second) {
        out.push_back({r.Text("metric"), ParseLabels(r.Text("labels_json"))});
      }
    }
    STEWARD_RETURN_IF_ERROR(ForEachBatchedSeries(
        c, device_id, since_ms, [&](const std::string& metric, const std::string& key) {
          if (seen.insert({metric, key}).second) {
            out.push_back({metric, ParseLabels(LabelsJsonOfKey(key))});
          }
        }));
    std::sort(out.begin(), out.end(), [](const SeriesInfo& a, const SeriesInfo& b) {
      return std::tie(a.metric, a.labels) < std::tie(b.metric, b.labels);
    });
    return out;
  }

  Result<int64_t> Prune(Connection& c, const Retention& retention, int64_t now_ms) override {
    int64_t removed = 0;
    STEWARD_ASSIGN_OR_RETURN(int64_t raw, c.Execute("DELETE FROM metric_samples WHERE ts < ?",
                                                    {now_ms - retention.raw.count()}));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t five,
        c.Execute("DELETE FROM metric_rollups WHERE resolution_ms = ? AND bucket_start < ?",
                  {kRollupResolutionsMs[0], now_ms - retention.five_minutes.count()}));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t hourly,
        c.Execute("DELETE FROM metric_rollups WHERE resolution_ms = ? AND bucket_start < ?",
                  {kRollupResolutionsMs[1], now_ms - retention.hourly.count()}));
    STEWARD_ASSIGN_OR_RETURN(int64_t chunks, PruneChunks(c, now_ms - retention.raw.count()));
    STEWARD_ASSIGN_OR_RETURN(int64_t records, PruneBatches(c, now_ms - retention.raw.count()));
    removed = raw + five + hourly + chunks + records;
    return removed;
  }

  Result<CompactionStep> Compact(Connection& c, int64_t now_ms, int64_t max_samples) override {
    STEWARD_ASSIGN_OR_RETURN(int64_t rows, CompactClosedWindows(c, now_ms, max_samples));
    if (rows >= max_samples) return CompactionStep{rows, true};
    STEWARD_ASSIGN_OR_RETURN(CompactionStep step,
                             CompactClosedBatches(c, now_ms, max_samples - rows));
    step.moved += rows;
    return step;
  }
};

}  // namespace

std::unique_ptr<SampleStore> MakeSqlSampleStore() { return std::make_unique<SqlSampleStore>(); }

}  // namespace steward::monitoring
