// Compacted history: closed two-hour windows of raw samples, per series,
// re-written as one Gorilla-compressed chunk (src/storage/tsdb) in the
// `metric_chunks` table, on both backends.
//
// Why raw rows first: an agent's batch is acknowledged only after it is
// durably committed, and a row per sample in the same transaction as the
// alert evaluation is that write-ahead record. Once a window can no longer
// grow (its end is past, plus a grace period for late batches from agents
// that were offline), compaction encodes its rows and deletes them in one
// transaction, so every sample is, at any moment, either a raw row or inside
// exactly one chunk — never both, never neither. A sample that arrives after
// its window was compacted (an agent back after hours) stays raw until the
// next compaction makes a second chunk for that window; readers merge them.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "server/monitoring/sample_store.h"
#include "storage/database.h"
#include "storage/tsdb/gorilla_codec.h"

namespace steward::monitoring {

inline constexpr int64_t kChunkWindowMs = 2 * 60 * 60 * 1000;
inline constexpr int64_t kCompactionGraceMs = 15 * 60 * 1000;

// The start of the two-hour window holding `ts_ms`.
int64_t ChunkWindowOf(int64_t ts_ms);

struct ChunkSeries {
  int64_t customer_id = 0;
  int64_t device_id = 0;
  std::string metric;
  std::string series_key;
  std::string labels_json;
};
// Writes one series' points of one window, in ascending time order, as one
// chunk (a repeated timestamp starts a further chunk).
Status WriteChunks(storage::Connection& c, const ChunkSeries& series, int64_t window_start,
                   std::span<const storage::tsdb::Point> points);

// Compacts raw samples of closed windows (ending at or before now - grace),
// at most `max_rows` of them, inside the caller's transaction. Returns how
// many raw rows became chunk points (fewer than max_rows: nothing is left).
Result<int64_t> CompactClosedWindows(storage::Connection& c, int64_t now_ms, int64_t max_rows);

// Calls `add` for every chunked point of the query's device, metric and
// [from, to) range, series by series in no particular order.
using ChunkPointSink = std::function<Status(
    const std::string& series_key, const std::string& labels_json, int64_t ts_ms, double value)>;
Status ReadChunkedPoints(storage::Connection& c, const SeriesQuery& q, const ChunkPointSink& add);

// Deletes chunks whose newest sample is older than `before_ms`.
Result<int64_t> PruneChunks(storage::Connection& c, int64_t before_ms);

}  // namespace steward::monitoring
