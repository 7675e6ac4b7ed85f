#include "server/monitoring/sample_batches.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "server/monitoring/conditions.h"
#include "server/monitoring/sample_batch_codec.h"
#include "server/monitoring/sample_rollups.h"

namespace steward::monitoring {

namespace {

using storage::Bytes;
using storage::Connection;
using storage::Row;

Status Damaged(int64_t id, const Status& why) {
  return Status::DataLoss("write-ahead sample batch " + std::to_string(id) + ": " + why.message());
}

Status InsertRecord(Connection& c, int64_t customer_id, int64_t device_id,
                    const SampleBatch& batch) {
  return c
      .Execute(
          "INSERT INTO metric_batches (customer_id, device_id, min_ts, max_ts, sample_count,"
          " data) VALUES (?, ?, ?, ?, ?, ?)",
          {customer_id, device_id, batch.min_ts(), batch.max_ts(),
           static_cast<int64_t>(batch.points.size()), Bytes{EncodeSampleBatch(batch)}})
      .status();
}

}  // namespace

Status AppendBatch(Connection& c, int64_t customer_id, int64_t device_id,
                   std::span<const Sample> samples) {
  SampleBatch batch;
  batch.points.reserve(samples.size());
  // (metric, series key) → index; a batch names each series once.
  std::map<std::pair<std::string, std::string>, uint32_t> index;
  for (const Sample& s : samples) {
    auto [it, added] = index.try_emplace({s.metric, SeriesKey(s.labels)},
                                         static_cast<uint32_t>(batch.series.size()));
    if (added) batch.series.push_back({it->first.first, it->first.second});
    batch.points.push_back({it->second, ToMillis(s.ts), s.value});
  }
  return InsertRecord(c, customer_id, device_id, batch);
}

Status ReadBatchedPoints(Connection& c, const SeriesQuery& q, const ChunkPointSink& add) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows, c.Query("SELECT id, data FROM metric_batches"
                                  " WHERE device_id = ? AND max_ts >= ? AND min_ts < ? ORDER BY id",
                                  {q.device_id, q.from_ms, q.to_ms}));
  for (const Row& r : rows) {
    auto batch = DecodeSampleBatch(r.Blob("data"));
    if (!batch.ok()) return Damaged(r.Int("id"), batch.status());
    for (const BatchPoint& p : batch->points) {
      const BatchSeries& s = batch->series[p.series];
      if (s.metric != q.metric || p.ts_ms < q.from_ms || p.ts_ms >= q.to_ms) continue;
      STEWARD_RETURN_IF_ERROR(add(s.series_key, LabelsJsonOfKey(s.series_key), p.ts_ms, p.value));
    }
  }
  return Status::Ok();
}

Status ForEachBatchedSeries(
    Connection& c, int64_t device_id, int64_t since_ms,
    const std::function<void(const std::string&, const std::string&)>& add) {
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query("SELECT id, data FROM metric_batches"
                                                       " WHERE device_id = ? AND max_ts >= ?",
                                                       {device_id, since_ms}));
  for (const Row& r : rows) {
    auto batch = DecodeSampleBatch(r.Blob("data"));
    if (!batch.ok()) return Damaged(r.Int("id"), batch.status());
    for (const BatchSeries& s : batch->series) add(s.metric, s.series_key);
  }
  return Status::Ok();
}

Result<CompactionStep> CompactClosedBatches(Connection& c, int64_t now_ms, int64_t max_samples) {
  int64_t cutoff = ChunkWindowOf(now_ms - kCompactionGraceMs);
  CompactionStep step;
  // One series' closed samples of one window, and the customer they belong to.
  struct Group {
    int64_t customer_id = 0;
    std::vector<storage::tsdb::Point> points;
  };
  // (device, metric, series key, window) → group.
  std::map<std::tuple<int64_t, std::string, std::string, int64_t>, Group> groups;
  RollupFolder rollups;
  while (step.moved < max_samples) {
    // Device by device (the one with the oldest closed sample first), so
    // that a device's records of a window become one chunk per series.
    STEWARD_ASSIGN_OR_RETURN(auto oldest,
                             c.QueryOptional("SELECT device_id FROM metric_batches WHERE min_ts < ?"
                                             " ORDER BY min_ts LIMIT 1",
                                             {cutoff}));
    if (!oldest) {
      step.more = false;
      break;
    }
    step.more = true;
    int64_t device_id = oldest->Int("device_id");
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query("SELECT id, customer_id, data FROM metric_batches"
                                     " WHERE device_id = ? AND min_ts < ? ORDER BY id LIMIT ?",
                                     {device_id, cutoff, std::max<int64_t>(1, max_samples / 16)}));
    for (const Row& r : rows) {
      int64_t id = r.Int("id"), customer_id = r.Int("customer_id");
      auto batch = DecodeSampleBatch(r.Blob("data"));
      if (!batch.ok()) return Damaged(id, batch.status());
      // Samples of closed windows move; any others (a record spanning the
      // cutoff, e.g. an agent's spool after an outage) stay in a new record.
      SampleBatch rest{batch->series, {}};
      for (const BatchPoint& p : batch->points) {
        const BatchSeries& s = batch->series[p.series];
        if (p.ts_ms >= cutoff) {
          rest.points.push_back(p);
          continue;
        }
        Group& g = groups[{device_id, s.metric, s.series_key, ChunkWindowOf(p.ts_ms)}];
        g.customer_id = customer_id;
        g.points.push_back({p.ts_ms, p.value});
        rollups.Add(customer_id, device_id, s.metric, s.series_key, p.ts_ms, p.value);
        ++step.moved;
      }
      // By id: on PostgreSQL another transaction may commit a record this
      // one never read.
      STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM metric_batches WHERE id = ?", {id}).status());
      if (!rest.points.empty()) {
        STEWARD_RETURN_IF_ERROR(InsertRecord(c, customer_id, device_id, rest));
      }
    }
  }
  for (auto& [key, g] : groups) {
    const auto& [device_id, metric, series_key, window] = key;
    // Records come in id order, which is not always time order (an agent
    // back from an outage sends old samples late).
    std::stable_sort(g.points.begin(), g.points.end(),
                     [](const auto& a, const auto& b) { return a.ts_ms < b.ts_ms; });
    STEWARD_RETURN_IF_ERROR(WriteChunks(
        c, ChunkSeries{g.customer_id, device_id, metric, series_key, LabelsJsonOfKey(series_key)},
        window, g.points));
  }
  STEWARD_RETURN_IF_ERROR(rollups.Write(c));
  return step;
}

Result<int64_t> PruneBatches(Connection& c, int64_t before_ms) {
  // min_ts < max_ts: the condition on min_ts lets the index narrow the scan
  // (a full scan here would hold the write lock while agents wait).
  return c.Execute("DELETE FROM metric_batches WHERE min_ts < ? AND max_ts < ?",
                   {before_ms, before_ms});
}

}  // namespace steward::monitoring
