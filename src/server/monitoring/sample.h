// One timestamped measurement from a device, and the interface through which
// every ingest path (the agent channel, POST /api/v1/ingest) hands samples to
// the monitoring store. The caller owns the transaction so that an agent batch,
// its sequence number and its samples commit together or not at all.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "storage/database.h"

namespace steward::monitoring {

struct Sample {
  int64_t device_id = 0;  // a CI of kind server or workstation
  std::string metric;     // e.g. cpu.used_percent, volume.free_bytes
  Timestamp ts{};
  double value = 0;
  std::map<std::string, std::string> labels;  // e.g. mount=/, system=true; message=...
};

// A sample left out of a batch: its place in the batch and why.
struct RefusedSample {
  size_t index = 0;
  std::string field;  // within the sample ("labels.mount"): the caller numbers it
  std::string message;
};

class SampleSink {
 public:
  virtual ~SampleSink() = default;
  // Stores `samples` (all for `device_id` of `customer_id`) and evaluates the
  // thresholds they touch, inside the caller's transaction `c`.
  virtual Status IngestInTransaction(storage::Connection& c, int64_t customer_id, int64_t device_id,
                                     std::span<const Sample> samples) = 0;
  // An agent's batch: the valid samples are stored as IngestInTransaction
  // does and the others are named, so one bad label costs its sample, not
  // the batch. InvalidArgument (the first refusal) when none is valid.
  virtual Result<std::vector<RefusedSample>> IngestValidInTransaction(
      storage::Connection& c, int64_t customer_id, int64_t device_id,
      std::span<const Sample> samples) = 0;
};

}  // namespace steward::monitoring
