#include "support/latency_recorder.h"

#include <algorithm>
#include <bit>
#include <sstream>

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

std::string LatencyRecorder::Encode() const {
  std::string out = std::to_string(max_);
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (buckets_[i]) out += " " + std::to_string(i) + ":" + std::to_string(buckets_[i]);
  }
  return out;
}

std::optional<LatencyRecorder> LatencyRecorder::Decode(std::string_view text) {
  LatencyRecorder out;
  std::istringstream in{std::string(text)};
  if (!(in >> out.max_) || out.max_ < 0) return std::nullopt;
  int64_t bucket = 0, count = 0;
  char colon = 0;
  while (in >> bucket >> colon >> count) {
    if (colon != ':' || bucket < 0 || bucket >= static_cast<int64_t>(out.buckets_.size()) ||
        count <= 0) {
      return std::nullopt;
    }
    out.buckets_[static_cast<size_t>(bucket)] += count;
    out.count_ += count;
  }
  if (!in.eof()) return std::nullopt;
  return out;
}

}  // namespace steward::bench
