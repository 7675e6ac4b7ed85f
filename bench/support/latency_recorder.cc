#include "support/latency_recorder.h"

#include <algorithm>
#include <bit>

namespace steward::bench {

int LatencyRecorder::BucketOf(int64_t micros) {
  if (micros < kSub) return static_cast<int>(std::max<int64_t>(micros, 0));
  // Shift so that the top seven bits remain: (micros >> shift) is in [64, 128).
  int shift = std::bit_width(static_cast<uint64_t>(micros)) - 7;  // ≥ 0
  int magnitude = shift + 1;
  if (magnitude >= kMagnitudes) return kSub * kMagnitudes - 1;
  int sub = static_cast<int>((micros >> shift) - kSub);  // 0..63
  return magnitude * kSub + sub;
}

int64_t LatencyRecorder::UpperBoundOf(int bucket) {
  int magnitude = bucket / kSub, sub = bucket % kSub;
  if (magnitude == 0) return sub;
  return ((static_cast<int64_t>(kSub + sub + 1)) << (magnitude - 1)) - 1;
}

void LatencyRecorder::Record(int64_t micros) {
  ++buckets_[BucketOf(micros)];
  ++count_;
  max_ = std::max(max_, micros);
}

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

int64_t LatencyRecorder::Percentile(double q) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<int64_t>(q * static_cast<double>(count_ - 1)) + 1;
  int64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(UpperBoundOf(static_cast<int>(i)), max_);
  }
  return max_;
}

}  // namespace steward::bench
