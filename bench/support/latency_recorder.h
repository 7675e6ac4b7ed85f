// Latency percentiles for the fleet simulator (acknowledgement latency,
// sample-to-alert latency) without keeping every value: log-linear buckets
// with ~1 % relative error (HdrHistogram's idea, small enough to write here),
// mergeable across the simulator's threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace steward::bench {

class LatencyRecorder {
 public:
  void Record(int64_t micros);
  void Merge(const LatencyRecorder& other);
  int64_t count() const { return count_; }
  // The value at quantile q (0..1), in microseconds; 0 when empty.
  int64_t Percentile(double q) const;
  int64_t max() const { return max_; }
  // The recorder as text ("max bucket:count ..." over the non-empty buckets),
  // so that fleets split over several processes merge into true percentiles.
  std::string Encode() const;
  // nullopt for text that Encode did not write.
  static std::optional<LatencyRecorder> Decode(std::string_view text);

 private:
  // 64 sub-buckets per power of two up to 2^40 µs (~12 days).
  static constexpr int kSub = 64;
  static constexpr int kMagnitudes = 41;
  static int BucketOf(int64_t micros);
  static int64_t UpperBoundOf(int bucket);
  std::array<int64_t, kSub * kMagnitudes> buckets_{};
  int64_t count_ = 0;
  int64_t max_ = 0;
};

}  // namespace steward::bench
