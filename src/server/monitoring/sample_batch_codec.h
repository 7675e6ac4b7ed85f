// The write-ahead form of an acknowledged agent batch: one compact binary
// record per batch (a table of the batch's series, then per sample the
// series index, the time offset from the batch's first sample and the value
// as its eight IEEE bytes), stored as one row of `metric_batches` in the
// transaction that acknowledges the batch. One insert per batch instead of a
// row per sample and two rollup upserts per series is what lets ingest keep
// up with tens of thousands of samples per second (docs/PERFORMANCE.md).
//
// The decoder checks every length and index: a damaged record is an error,
// never a crash or a read past the buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace steward::monitoring {

struct BatchSeries {
  std::string metric;
  std::string series_key;  // SeriesKey(labels): labels without "message", "" for none
  bool operator==(const BatchSeries&) const = default;
};

struct BatchPoint {
  uint32_t series = 0;  // index into SampleBatch::series
  int64_t ts_ms = 0;
  double value = 0;
  bool operator==(const BatchPoint&) const = default;
};

struct SampleBatch {
  std::vector<BatchSeries> series;
  std::vector<BatchPoint> points;  // in the order they arrived
  int64_t min_ts() const;
  int64_t max_ts() const;
};

// Version byte 1, varint series count, each series as two length-prefixed
// strings, varint point count, the smallest timestamp as a zigzag varint,
// then per point: varint series index, varint offset from that timestamp,
// eight bytes of value (little-endian IEEE 754).
std::string EncodeSampleBatch(const SampleBatch& batch);
Result<SampleBatch> DecodeSampleBatch(std::string_view bytes);

}  // namespace steward::monitoring
