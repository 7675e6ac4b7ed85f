// Compacted history: closed two-hour windows of recent samples, per series,
// re-written as one Gorilla-compressed chunk (src/storage/tsdb) in the
// `metric_chunks` table, on both backends.
//
// Recent samples are write-ahead batch records (sample_batches.h); rows per
// sample (`metric_samples`) remain only in databases from before those and
// are compacted here by CompactClosedWindows. Once a window can no longer
// grow (its end is past, plus a grace period for late batches from agents
// that were offline), compaction encodes its samples and deletes their
// source in one transaction, so every sample is, at any moment, in exactly
// one place — never both, never neither. A sample that arrives after its
// window was compacted (an agent back after hours) waits in a record until
// the next compaction makes a second chunk for that window; readers merge.
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

// Compacts rows of `metric_samples` (from before write-ahead records) of
// closed windows (ending at or before now - grace),
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
