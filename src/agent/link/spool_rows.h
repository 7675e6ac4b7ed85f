// How a collection becomes spool rows and how large a row is on the wire.
// Pure functions shared by Spool::Append and by the re-split of a row that is
// too large to send (spool.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "proto/agent_frames.h"

namespace steward::agent {

// One spool row: what one frame at most carries of one collection.
struct SpooledBatch {
  std::vector<proto::WireSample> samples;
  std::optional<Json> inventory;
};

struct RowLimits {
  size_t max_samples = proto::kMaxSamplesPerBatch;
  size_t max_bytes = 1024 * 1024;  // estimated wire bytes (EstimatedWireBytes)
};

// The spool writes samples with one-letter keys ("m", "t", "v", "l"); the wire
// spells them out ("metric", "ts", "value", "labels"): at most 15 more bytes a
// sample, plus a comma.
inline constexpr size_t kWireBytesPerSample = 16;

// An upper bound of a row's share of a batch frame, from its payload size.
inline size_t EstimatedWireBytes(size_t payload_bytes, size_t samples) {
  return payload_bytes + kWireBytesPerSample * samples;
}

// Splits a collection into rows within `limits`, in order. The inventory
// rides in the first row; an inventory larger than the byte limit travels
// alone (and may still be too large to send: the caller decides). Never
// returns an empty list.
std::vector<SpooledBatch> SplitCollection(std::vector<proto::WireSample> samples,
                                          std::optional<Json> inventory, const RowLimits& limits);

// A row's payload text, and back. ParsePayload: InvalidArgument if the text
// is not a payload (a damaged row).
std::string EncodePayload(const SpooledBatch& row);
Result<SpooledBatch> ParsePayload(std::string_view text);

}  // namespace steward::agent
