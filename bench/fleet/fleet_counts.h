// What one share of the simulated fleet measured: accepted samples and
// batches, errors, and the latency recorders (acknowledgement; the
// acknowledgement of batches carrying a deciding sample, i.e. sample-to-alert).
#pragma once

#include <cstdint>

#include "support/latency_recorder.h"

namespace steward::bench {

struct FleetCounts {
  LatencyRecorder ack, alert;
  int64_t samples = 0, batches = 0, errors = 0, deciding = 0;

  void Merge(const FleetCounts& other) {
    ack.Merge(other.ack);
    alert.Merge(other.alert);
    samples += other.samples;
    batches += other.batches;
    errors += other.errors;
    deciding += other.deciding;
  }
};

}  // namespace steward::bench
