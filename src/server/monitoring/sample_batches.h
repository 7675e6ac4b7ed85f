// Recent samples: each acknowledged batch of a device is one write-ahead
// record in `metric_batches` (sample_batch_codec.h), committed in the
// transaction that acknowledges it — together with the agent's sequence
// number, so exactly-once delivery needs no second log and survives a crash
// at any instant (tests/integration/ingest_crash_test.cc kills the server
// with SIGKILL mid-stream). Readers decode the records of the range they ask
// for; once a record's two-hour windows are closed, compaction turns its
// samples into per-series chunks (sample_chunks.h), folds them into the
// rollups and deletes the record, all in one transaction: every sample is in
// exactly one place at any moment.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "server/monitoring/sample.h"
#include "server/monitoring/sample_chunks.h"
#include "server/monitoring/sample_store.h"
#include "storage/database.h"

namespace steward::monitoring {

// Stores validated samples of one device as one record.
Status AppendBatch(storage::Connection& c, int64_t customer_id, int64_t device_id,
                   std::span<const Sample> samples);

// Calls `add` for every sample of the query's device, metric and [from, to)
// still held in batch records (labels_json is the series key, or "{}").
Status ReadBatchedPoints(storage::Connection& c, const SeriesQuery& q, const ChunkPointSink& add);

// Calls `add(metric, series_key)` for every series in the device's records
// whose newest sample is at or after `since_ms` (repeats possible).
Status ForEachBatchedSeries(
    storage::Connection& c, int64_t device_id, int64_t since_ms,
    const std::function<void(const std::string& metric, const std::string& series_key)>& add);

// Moves the samples of closed windows (ended at or before now - grace) from
// records into chunks and rollups, device by device, until about
// `max_samples` moved; a record's samples of open windows stay, re-written
// as a smaller record.
Result<CompactionStep> CompactClosedBatches(storage::Connection& c, int64_t now_ms,
                                            int64_t max_samples);

// Deletes records whose newest sample is older than `before_ms`.
Result<int64_t> PruneBatches(storage::Connection& c, int64_t before_ms);

}  // namespace steward::monitoring
