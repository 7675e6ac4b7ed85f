#include "storage/tsdb/gorilla_codec.h"

#include <bit>
#include <cmath>

namespace steward::storage::tsdb {
namespace {

// Delta-of-delta buckets: control prefix, then a signed value of `bits` bits.
struct Bucket {
  uint64_t prefix;
  int prefix_bits;
  int value_bits;
};
constexpr Bucket kBuckets[] = {{0b10, 2, 7}, {0b110, 3, 12}, {0b1110, 4, 20}};
constexpr uint64_t kWidePrefix = 0b1111;  // then 64 raw bits

bool Fits(int64_t v, int bits) {
  int64_t lo = -(int64_t{1} << (bits - 1));
  int64_t hi = (int64_t{1} << (bits - 1)) - 1;
  return v >= lo && v <= hi;
}

uint64_t Mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

int64_t SignExtend(uint64_t v, int bits) {
  uint64_t sign = uint64_t{1} << (bits - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

}  // namespace

Status ChunkEncoder::Append(int64_t ts_ms, double value) {
  if (!points_.empty() && ts_ms <= points_.back().ts_ms) {
    return Status::InvalidArgument("chunk points must be in strictly increasing time order", "ts");
  }
  int64_t delta = 0;
  if (!points_.empty() && __builtin_sub_overflow(ts_ms, points_.back().ts_ms, &delta)) {
    return Status::InvalidArgument("chunk points are too far apart", "ts");
  }
  points_.push_back({ts_ms, value});
  return Status::Ok();
}

namespace {

// Scaled integers stay below 2^52 so that n / scale is computed exactly
// enough to give back the very same double, and deltas cannot overflow.
constexpr double kMaxScaled = 4503599627370496.0;  // 2^52
constexpr double kScales[] = {1, 10, 100, 1000};

// The scale (index into kScales) at which every value is an exact decimal,
// or -1.
int DecimalScale(const std::vector<Point>& points) {
  for (int i = 0; i < 4; ++i) {
    bool exact = !points.empty();
    for (const Point& p : points) {
      // What the decoder will compute must be the very same double (this
      // also sends -0.0, NaN and infinities to the XOR encoding).
      double scaled = std::nearbyint(p.value * kScales[i]);
      if (!(std::fabs(scaled) < kMaxScaled)) {
        exact = false;
        break;
      }
      double decoded = static_cast<double>(static_cast<int64_t>(scaled)) / kScales[i];
      if (std::bit_cast<uint64_t>(decoded) != std::bit_cast<uint64_t>(p.value)) {
        exact = false;
        break;
      }
    }
    if (exact) return i;
  }
  return -1;
}

// Integer value deltas: '0' for no change, then growing signed buckets.
// Small steps (a percentage's tenths, a counter's increments) take the short
// forms; a byte counter's page-sized steps the 28-bit one.
constexpr Bucket kValueBuckets[] = {{0b10, 2, 6}, {0b110, 3, 8}, {0b1110, 4, 12}, {0b11110, 5, 28}};
constexpr uint64_t kWideValuePrefix = 0b11111;  // then the value itself, 64 bits

class Writer {
 public:
  void Timestamp(int64_t ts_ms) {
    if (first_ts_) {
      bits_.Write(static_cast<uint64_t>(ts_ms), 64);
      prev_ts_ = ts_ms;
      prev_delta_ = 0;
      first_ts_ = false;
      return;
    }
    // Deltas are positive (strictly increasing times); the delta-of-delta
    // may overflow only for absurd inputs, which the wide form carries.
    int64_t delta = ts_ms - prev_ts_;
    int64_t dod =
        static_cast<int64_t>(static_cast<uint64_t>(delta) - static_cast<uint64_t>(prev_delta_));
    prev_ts_ = ts_ms;
    prev_delta_ = delta;
    if (dod == 0) {
      bits_.WriteBit(false);
      return;
    }
    for (const Bucket& b : kBuckets) {
      if (Fits(dod, b.value_bits)) {
        bits_.Write(b.prefix, b.prefix_bits);
        bits_.Write(static_cast<uint64_t>(dod) & Mask(b.value_bits), b.value_bits);
        return;
      }
    }
    bits_.Write(kWidePrefix, 4);
    bits_.Write(static_cast<uint64_t>(delta), 64);  // the delta itself: no overflow
  }

  void XorValue(double value) {
    uint64_t bits = std::bit_cast<uint64_t>(value);
    if (first_value_) {
      bits_.Write(bits, 64);
      prev_bits_ = bits;
      first_value_ = false;
      return;
    }
    uint64_t x = bits ^ prev_bits_;
    prev_bits_ = bits;
    if (x == 0) {
      bits_.WriteBit(false);
      return;
    }
    bits_.WriteBit(true);
    int leading = std::min(std::countl_zero(x), 31);  // stored in 5 bits
    int trailing = std::countr_zero(x);
    if (prev_leading_ >= 0 && leading >= prev_leading_ && trailing >= prev_trailing_) {
      // Fits the previous window: reuse it.
      bits_.WriteBit(false);
      int meaningful = 64 - prev_leading_ - prev_trailing_;
      bits_.Write(x >> prev_trailing_, meaningful);
      return;
    }
    bits_.WriteBit(true);
    int meaningful = 64 - leading - trailing;  // 1..64
    bits_.Write(static_cast<uint64_t>(leading), 5);
    bits_.Write(static_cast<uint64_t>(meaningful - 1), 6);
    bits_.Write(x >> trailing, meaningful);
    prev_leading_ = leading;
    prev_trailing_ = trailing;
  }

  void IntegerValue(int64_t n) {
    if (first_value_) {
      bits_.Write(static_cast<uint64_t>(n), 64);
      prev_n_ = n;
      first_value_ = false;
      return;
    }
    int64_t d = n - prev_n_;  // both below 2^52 in magnitude
    prev_n_ = n;
    if (d == 0) {
      bits_.WriteBit(false);
      return;
    }
    for (const Bucket& b : kValueBuckets) {
      if (Fits(d, b.value_bits)) {
        bits_.Write(b.prefix, b.prefix_bits);
        bits_.Write(static_cast<uint64_t>(d) & Mask(b.value_bits), b.value_bits);
        return;
      }
    }
    bits_.Write(kWideValuePrefix, 5);
    bits_.Write(static_cast<uint64_t>(n), 64);  // the value itself
  }

  const BitWriter& bits() const { return bits_; }

 private:
  BitWriter bits_;
  bool first_ts_ = true, first_value_ = true;
  int64_t prev_ts_ = 0, prev_delta_ = 0, prev_n_ = 0;
  uint64_t prev_bits_ = 0;
  int prev_leading_ = -1;  // -1: no XOR window yet
  int prev_trailing_ = 0;
};

// Reads a '1'-prefix of at most `max` ones; returns the count (0..max).
bool ReadPrefix(BitReader& in, int& ones, int max = 4) {
  ones = 0;
  bool bit = false;
  while (ones < max) {
    if (!in.ReadBit(bit)) return false;
    if (!bit) break;
    ++ones;
  }
  return true;
}

}  // namespace

std::string ChunkEncoder::Finish() const {
  int scale = DecimalScale(points_);
  Writer w;
  for (const Point& p : points_) {
    w.Timestamp(p.ts_ms);
    if (scale >= 0) {
      w.IntegerValue(static_cast<int64_t>(std::nearbyint(p.value * kScales[scale])));
    } else {
      w.XorValue(p.value);
    }
  }
  std::string out;
  PutVarint(out, points_.size());
  out.push_back(static_cast<char>(scale + 1));
  PutVarint(out, w.bits().bit_count());
  out += w.bits().bytes();
  return out;
}

Result<std::vector<Point>> DecodeChunk(std::string_view chunk) {
  auto corrupt = [](const char* what) {
    return Status::DataLoss(std::string("corrupt sample chunk: ") + what);
  };
  uint64_t count = 0, bit_count = 0;
  if (!GetVarint(chunk, count) || chunk.empty()) return corrupt("header");
  int mode = static_cast<unsigned char>(chunk.front());
  chunk.remove_prefix(1);
  if (mode > 4) return corrupt("value mode");
  const bool integers = mode > 0;
  const double scale = integers ? kScales[mode - 1] : 1;
  if (!GetVarint(chunk, bit_count)) return corrupt("header");
  if (bit_count > chunk.size() * 8 || (bit_count + 7) / 8 != chunk.size()) {
    return corrupt("length");
  }
  // Every point after the first takes at least two bits: bound the count
  // before reserving memory for it.
  // (Written without multiplying: a huge count must not wrap — found by fuzz_tsdb_chunk.)
  if (count > 0 && (bit_count < 128 || count - 1 > (bit_count - 128) / 2)) {
    return corrupt("count");
  }
  BitReader in(chunk, bit_count);
  std::vector<Point> points;
  points.reserve(count);
  int64_t ts = 0, delta = 0;
  uint64_t value_bits = 0;
  int64_t n = 0;
  int leading = 0, trailing = 0;
  bool have_window = false;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t v = 0;
    if (i == 0) {
      if (!in.Read(64, v)) return corrupt("first timestamp");
      ts = static_cast<int64_t>(v);
      if (!in.Read(64, value_bits)) return corrupt("first value");
      n = static_cast<int64_t>(value_bits);
      points.push_back(
          {ts, integers ? static_cast<double>(n) / scale : std::bit_cast<double>(value_bits)});
      continue;
    }
    // Timestamp: count the leading ones of the control prefix (at most 4).
    int ones = 0;
    bool bit = false;
    if (!ReadPrefix(in, ones)) return corrupt("timestamp control");
    if (ones == 4) {
      if (!in.Read(64, v)) return corrupt("wide delta");
      delta = static_cast<int64_t>(v);
    } else if (ones > 0) {
      int width = kBuckets[ones - 1].value_bits;
      if (!in.Read(width, v)) return corrupt("delta-of-delta");
      // Unsigned arithmetic: a corrupt chunk wraps instead of overflowing.
      delta = static_cast<int64_t>(static_cast<uint64_t>(delta) +
                                   static_cast<uint64_t>(SignExtend(v, width)));
    }
    int64_t next = static_cast<int64_t>(static_cast<uint64_t>(ts) + static_cast<uint64_t>(delta));
    if (delta <= 0 || next <= ts) return corrupt("time order");
    ts = next;
    if (integers) {
      if (!ReadPrefix(in, ones, 5)) return corrupt("value control");
      if (ones == 5) {
        if (!in.Read(64, v)) return corrupt("wide value");
        n = static_cast<int64_t>(v);
      } else if (ones > 0) {
        int width = kValueBuckets[ones - 1].value_bits;
        if (!in.Read(width, v)) return corrupt("value delta");
        n = static_cast<int64_t>(static_cast<uint64_t>(n) +
                                 static_cast<uint64_t>(SignExtend(v, width)));
      }
      points.push_back({ts, static_cast<double>(n) / scale});
      continue;
    }
    // Value.
    if (!in.ReadBit(bit)) return corrupt("value control");
    if (bit) {
      bool new_window = false;
      if (!in.ReadBit(new_window)) return corrupt("value window");
      if (new_window) {
        uint64_t lead = 0, meaningful_minus_one = 0;
        if (!in.Read(5, lead) || !in.Read(6, meaningful_minus_one)) return corrupt("window");
        int meaningful = static_cast<int>(meaningful_minus_one) + 1;
        if (static_cast<int>(lead) + meaningful > 64) return corrupt("window size");
        leading = static_cast<int>(lead);
        trailing = 64 - leading - meaningful;
        have_window = true;
      } else if (!have_window) {
        return corrupt("window reuse before any window");
      }
      int meaningful = 64 - leading - trailing;
      if (!in.Read(meaningful, v)) return corrupt("value bits");
      value_bits ^= trailing >= 64 ? 0 : (v << trailing);
    }
    points.push_back({ts, std::bit_cast<double>(value_bits)});
  }
  return points;
}

}  // namespace steward::storage::tsdb
