#include "server/monitoring/sample_batch_codec.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace steward::monitoring {

namespace {

constexpr uint8_t kVersion = 1;
// Bounds that no honest batch reaches (the channel caps batches at 5,000
// samples); they keep a damaged record from asking for gigabytes.
constexpr uint64_t kMaxSeries = 1 << 20;
constexpr uint64_t kMaxPoints = 1 << 22;
constexpr uint64_t kMaxString = 1 << 16;

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool Byte(uint8_t& out) {
    if (pos_ >= bytes_.size()) return false;
    out = static_cast<uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool Varint(uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = 0;
      if (!Byte(b)) return false;
      out |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;  // more than ten bytes: not a varint we wrote
  }
  bool String(std::string& out) {
    uint64_t n = 0;
    if (!Varint(n) || n > kMaxString || n > bytes_.size() - pos_) return false;
    out.assign(bytes_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool Double(double& out) {
    if (bytes_.size() - pos_ < 8) return false;
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) {
      bits |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += 8;
    out = std::bit_cast<double>(bits);
    return true;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

int64_t SampleBatch::min_ts() const {
  int64_t m = std::numeric_limits<int64_t>::max();
  for (const auto& p : points) m = std::min(m, p.ts_ms);
  return points.empty() ? 0 : m;
}

int64_t SampleBatch::max_ts() const {
  int64_t m = std::numeric_limits<int64_t>::min();
  for (const auto& p : points) m = std::max(m, p.ts_ms);
  return points.empty() ? 0 : m;
}

std::string EncodeSampleBatch(const SampleBatch& batch) {
  std::string out;
  out.reserve(16 + batch.series.size() * 40 + batch.points.size() * 12);
  out.push_back(static_cast<char>(kVersion));
  PutVarint(out, batch.series.size());
  for (const auto& s : batch.series) {
    PutString(out, s.metric);
    PutString(out, s.series_key);
  }
  PutVarint(out, batch.points.size());
  int64_t base = batch.min_ts();
  PutVarint(out, ZigZag(base));
  for (const auto& p : batch.points) {
    PutVarint(out, p.series);
    PutVarint(out, static_cast<uint64_t>(p.ts_ms - base));
    uint64_t bits = std::bit_cast<uint64_t>(p.value);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  return out;
}

Result<SampleBatch> DecodeSampleBatch(std::string_view bytes) {
  auto corrupt = [](const char* what) {
    return Status::DataLoss(std::string("sample batch record is damaged: ") + what);
  };
  Reader r(bytes);
  uint8_t version = 0;
  if (!r.Byte(version) || version != kVersion) return corrupt("unknown version");
  SampleBatch batch;
  uint64_t nseries = 0;
  if (!r.Varint(nseries) || nseries > kMaxSeries) return corrupt("series count");
  batch.series.resize(nseries);
  for (auto& s : batch.series) {
    if (!r.String(s.metric) || !r.String(s.series_key)) return corrupt("series name");
  }
  uint64_t npoints = 0, base = 0;
  if (!r.Varint(npoints) || npoints > kMaxPoints) return corrupt("point count");
  if (!r.Varint(base)) return corrupt("base time");
  int64_t base_ts = UnZigZag(base);
  batch.points.reserve(std::min<uint64_t>(npoints, bytes.size() / 10 + 1));
  for (uint64_t i = 0; i < npoints; ++i) {
    BatchPoint p;
    uint64_t series = 0, offset = 0;
    if (!r.Varint(series) || series >= nseries) return corrupt("series index");
    if (!r.Varint(offset) || offset > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        __builtin_add_overflow(base_ts, static_cast<int64_t>(offset), &p.ts_ms)) {
      return corrupt("time offset");
    }
    if (!r.Double(p.value)) return corrupt("value");
    p.series = static_cast<uint32_t>(series);
    batch.points.push_back(p);
  }
  if (!r.done()) return corrupt("trailing bytes");
  return batch;
}

}  // namespace steward::monitoring
