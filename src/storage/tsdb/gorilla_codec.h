// Compressed chunks of one time series, after Facebook's Gorilla (Pelkonen et
// al., VLDB 2015): timestamps as delta-of-deltas, values as the XOR with the
// previous value (leading/trailing-zero windows). Regular agent samples (every
// 60 s, slowly changing values) cost one or two bytes each instead of ~40 in a
// row per sample.
//
// Differences from the paper, and why:
//  * timestamps are milliseconds (our Timestamp), so the delta-of-delta buckets
//    are wider (7/12/20 bits) to keep jitter of a few hundred ms cheap;
//  * a chunk is self-describing (a varint sample count in front), so a reader
//    knows when to stop without an end marker;
//  * decoding validates everything and fails cleanly on a corrupt chunk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/tsdb/bit_stream.h"

namespace steward::storage::tsdb {

struct Point {
  int64_t ts_ms = 0;
  double value = 0;
  bool operator==(const Point&) const = default;
};

// Builds one chunk from points appended in strictly increasing time order.
// The points are kept until Finish, which picks the value encoding: when
// every value is an exact decimal with at most three places (whole numbers,
// sizes in bytes, percentages with one or two decimals — most of what agents
// send), values are stored as scaled integers with delta coding, which costs
// a few bits where the XOR of two such doubles costs dozens; otherwise the
// Gorilla XOR encoding.
class ChunkEncoder {
 public:
  // Refuses a point that is not after the previous one.
  Status Append(int64_t ts_ms, double value);
  size_t count() const { return points_.size(); }
  // The chunk's bytes: varint count, a mode byte (0: XOR values, 1-4:
  // integers scaled by 10^(mode-1)), varint bit count, then the bit stream.
  // The encoder may keep appending after Finish.
  std::string Finish() const;

 private:
  std::vector<Point> points_;
};

// Decodes a whole chunk.
Result<std::vector<Point>> DecodeChunk(std::string_view chunk);

}  // namespace steward::storage::tsdb
