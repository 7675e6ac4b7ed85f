// The metric mix of one simulated agent: ~30 series like a real Linux server
// reports every interval (CPU, memory, three volumes, four interfaces, load,
// services), with slowly wandering values, and now and then a system volume
// that drops below the 2 GB threshold so alerts open (the "deciding" samples
// whose acknowledgement time is the sample-to-alert latency).
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace steward::bench {

class MetricMix {
 public:
  MetricMix(int64_t device_id, uint64_t seed) : device_id_(device_id), rng_(seed) {}
  // Appends this interval's samples at `ts_iso` as JSON objects (comma-
  // separated, no brackets) to `out`; returns how many. When `deciding`, the
  // system volume reports 1 GB free.
  int AppendSamples(const std::string& ts_iso, bool deciding, std::string& out);
  // The same for the agent channel: ts in epoch milliseconds, no device_id.
  int AppendChannelSamples(int64_t ts_ms, bool deciding, std::string& out);
  static constexpr int kSeriesPerAgent = 30;

 private:
  double Wander(double& v, double lo, double hi, double step);
  int AppendWith(const std::string& ts_json, int64_t device, bool deciding, std::string& out);
  int64_t device_id_;
  std::mt19937_64 rng_;
  double cpu_ = 20, mem_ = 45, load_ = 0.5;
  double vol_free_[3] = {40e9, 300e9, 800e9};
  double net_[8] = {};
};

}  // namespace steward::bench
