#include "server/monitoring/sample_chunks.h"

#include <map>
#include <tuple>
#include <vector>

#include "storage/tsdb/gorilla_codec.h"

namespace steward::monitoring {

namespace {

using storage::Bytes;
using storage::Connection;
using storage::Row;

int64_t WindowOf(int64_t ts) {
  return ts - ((ts % kChunkWindowMs) + kChunkWindowMs) % kChunkWindowMs;
}

// One series' raw rows of one window, in time order.
struct Group {
  int64_t customer_id = 0;
  std::string labels_json;
  std::vector<Row> rows;
};

}  // namespace

int64_t ChunkWindowOf(int64_t ts_ms) { return WindowOf(ts_ms); }

Status WriteChunks(Connection& c, const ChunkSeries& series, int64_t window_start,
                   std::span<const storage::tsdb::Point> points) {
  storage::tsdb::ChunkEncoder encoder;
  int64_t first_ts = 0, last_ts = 0;
  auto flush = [&]() -> Status {
    if (encoder.count() == 0) return Status::Ok();
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO metric_chunks (customer_id, device_id, metric, series_key,"
                  " labels_json, window_start, start_ts, end_ts, sample_count, data)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {series.customer_id, series.device_id, series.metric, series.series_key,
                   series.labels_json, window_start, first_ts, last_ts,
                   static_cast<int64_t>(encoder.count()), Bytes{encoder.Finish()}})
            .status());
    encoder = storage::tsdb::ChunkEncoder();
    return Status::Ok();
  };
  for (const auto& p : points) {
    // Two samples of one series at the same millisecond (the ingest API
    // allows it) cannot share a chunk: the second starts another one.
    if (encoder.count() > 0 && p.ts_ms <= last_ts) STEWARD_RETURN_IF_ERROR(flush());
    STEWARD_RETURN_IF_ERROR(encoder.Append(p.ts_ms, p.value));
    if (encoder.count() == 1) first_ts = p.ts_ms;
    last_ts = p.ts_ms;
  }
  return flush();
}

Result<int64_t> CompactClosedWindows(Connection& c, int64_t now_ms, int64_t max_rows) {
  // Only windows that can no longer grow: the last one ended before the grace.
  int64_t cutoff = WindowOf(now_ms - kCompactionGraceMs);
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT id, customer_id, device_id, metric, series_key, labels_json, ts, value"
              " FROM metric_samples WHERE ts < ?"
              " ORDER BY device_id, metric, series_key, ts, id LIMIT ?",
              {cutoff, max_rows}));
  int64_t taken = static_cast<int64_t>(rows.size());
  // (device, metric, series key, window) → rows. A group cut by the LIMIT is
  // compacted as far as it goes; the rest becomes a second chunk next time.
  std::map<std::tuple<int64_t, std::string, std::string, int64_t>, Group> groups;
  for (Row& r : rows) {
    auto key = std::make_tuple(r.Int("device_id"), r.Text("metric"), r.Text("series_key"),
                               WindowOf(r.Int("ts")));
    Group& g = groups[key];
    if (g.rows.empty()) {
      g.customer_id = r.Int("customer_id");
      g.labels_json = r.Text("labels_json");
    }
    g.rows.push_back(std::move(r));
  }
  for (auto& [key, g] : groups) {
    const auto& [device_id, metric, series_key, window] = key;
    std::vector<storage::tsdb::Point> points;
    points.reserve(g.rows.size());
    for (const Row& r : g.rows) {
      points.push_back({r.Int("ts"), r.Real("value")});
      // By id, not by range: on PostgreSQL another transaction may commit a
      // row into this range that this one never read.
      STEWARD_RETURN_IF_ERROR(
          c.Execute("DELETE FROM metric_samples WHERE id = ?", {r.Int("id")}).status());
    }
    STEWARD_RETURN_IF_ERROR(
        WriteChunks(c, ChunkSeries{g.customer_id, device_id, metric, series_key, g.labels_json},
                    window, points));
  }
  return taken;
}

Status ReadChunkedPoints(Connection& c, const SeriesQuery& q, const ChunkPointSink& add) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows chunks,
      c.Query("SELECT series_key, labels_json, data FROM metric_chunks"
              " WHERE device_id = ? AND metric = ? AND end_ts >= ? AND start_ts < ?"
              " ORDER BY start_ts, id",
              {q.device_id, q.metric, q.from_ms, q.to_ms}));
  for (const Row& r : chunks) {
    auto points = storage::tsdb::DecodeChunk(r.Blob("data"));
    if (!points.ok()) {
      return Status::DataLoss("a compressed sample chunk of device " + std::to_string(q.device_id) +
                              " is corrupt: " + points.status().message());
    }
    std::string key = r.Text("series_key");
    std::string labels = r.Text("labels_json");
    for (const auto& p : *points) {
      if (p.ts_ms < q.from_ms || p.ts_ms >= q.to_ms) continue;
      STEWARD_RETURN_IF_ERROR(add(key, labels, p.ts_ms, p.value));
    }
  }
  return Status::Ok();
}

Result<int64_t> PruneChunks(Connection& c, int64_t before_ms) {
  return c.Execute("DELETE FROM metric_chunks WHERE end_ts < ?", {before_ms});
}

}  // namespace steward::monitoring
