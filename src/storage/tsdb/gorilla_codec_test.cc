#include "storage/tsdb/gorilla_codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace steward::storage::tsdb {
namespace {

std::string Encode(const std::vector<Point>& points) {
  ChunkEncoder enc;
  for (const Point& p : points) EXPECT_TRUE(enc.Append(p.ts_ms, p.value).ok());
  return enc.Finish();
}

void ExpectBitExact(const std::vector<Point>& want, const std::vector<Point>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(want[i].ts_ms, got[i].ts_ms) << i;
    EXPECT_EQ(std::bit_cast<uint64_t>(want[i].value), std::bit_cast<uint64_t>(got[i].value)) << i;
  }
}

TEST(GorillaCodecTest, EmptyAndSinglePointChunksRoundTrip) {
  auto empty = DecodeChunk(Encode({}));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  std::vector<Point> one = {{1'795'000'000'123, 42.5}};
  auto got = DecodeChunk(Encode(one));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectBitExact(one, *got);
}

// What agents mostly send — whole numbers, byte counts, percentages with one
// or two decimals — is stored as scaled integers: bit-exact and small.
TEST(GorillaCodecTest, DecimalValuesAreStoredAsScaledIntegers) {
  std::mt19937_64 rng(11);
  std::vector<Point> percent, bytes, tricky;
  double p = 40.0;
  int64_t free_bytes = 512'000'000'000;
  for (int i = 0; i < 1440; ++i) {
    int64_t ts = 1'795'000'000'000 + i * int64_t{60'000};
    p = std::clamp(p + (static_cast<double>(rng() % 11) - 5) / 10.0, 0.0, 100.0);
    percent.push_back({ts, std::round(p * 10) / 10});
    free_bytes -= static_cast<int64_t>(rng() % 4096) * 4096;
    bytes.push_back({ts, static_cast<double>(free_bytes)});
  }
  for (const auto& series : {percent, bytes}) {
    std::string chunk = Encode(series);
    EXPECT_NE(chunk[2], 0) << "mode byte after the two-byte count";
    auto got = DecodeChunk(chunk);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectBitExact(series, *got);
  }
  double percent_bytes = static_cast<double>(Encode(percent).size()) / 1440;
  EXPECT_LT(percent_bytes, 1.5) << "one-decimal percentages";
  // -0.0, NaN and infinities cannot be scaled: the chunk falls back to XOR
  // values and still gives back every bit.
  tricky = {{1, 1.5}, {2, -0.0}, {3, 2.25}};
  auto got = DecodeChunk(Encode(tricky));
  ASSERT_TRUE(got.ok());
  ExpectBitExact(tricky, *got);
  tricky = {{1, 1.5},
            {2, std::numeric_limits<double>::quiet_NaN()},
            {3, std::numeric_limits<double>::infinity()},
            {4, 1e300},
            {5, 0.1 + 0.2}};
  got = DecodeChunk(Encode(tricky));
  ASSERT_TRUE(got.ok());
  ExpectBitExact(tricky, *got);
  // An unknown value mode is corruption, not a crash.
  std::string chunk = Encode(percent);
  chunk[2] = 9;  // the mode byte
  EXPECT_FALSE(DecodeChunk(chunk).ok());
}

TEST(GorillaCodecTest, RandomSeriesRoundTripBitExact) {
  std::mt19937_64 rng(7);
  for (int series = 0; series < 200; ++series) {
    std::vector<Point> points;
    int64_t ts = static_cast<int64_t>(rng() % 2'000'000'000'000);
    int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      // Mix regular intervals, jitter and large gaps, and every kind of value.
      switch (rng() % 4) {
        case 0:
          ts += 60'000;
          break;
        case 1:
          ts += 60'000 + static_cast<int64_t>(rng() % 2000) - 1000;
          break;
        case 2:
          ts += 1 + static_cast<int64_t>(rng() % 10'000'000);
          break;
        default:
          ts += 1 + static_cast<int64_t>(rng() % 100);
          break;
      }
      double v;
      switch (rng() % 5) {
        case 0:
          v = static_cast<double>(rng() % 100);
          break;
        case 1:
          v = std::bit_cast<double>(rng());
          break;  // any bit pattern, NaNs included
        case 2:
          v = points.empty() ? 1.0 : points.back().value;
          break;
        case 3:
          v = -0.0;
          break;
        default:
          v = std::ldexp(static_cast<double>(rng() % 1000), static_cast<int>(rng() % 40) - 20);
      }
      points.push_back({ts, v});
    }
    auto got = DecodeChunk(Encode(points));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectBitExact(points, *got);
  }
}

TEST(GorillaCodecTest, ExtremeTimestampsAndValues) {
  std::vector<Point> points = {
      {std::numeric_limits<int64_t>::min() / 2, 0},
      {-1, std::numeric_limits<double>::infinity()},
      {0, -std::numeric_limits<double>::infinity()},
      {1, std::numeric_limits<double>::quiet_NaN()},
      {std::numeric_limits<int64_t>::max() / 2, std::numeric_limits<double>::denorm_min()}};
  auto got = DecodeChunk(Encode(points));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectBitExact(points, *got);
}

TEST(GorillaCodecTest, RefusesOutOfOrderAndOverflowingTimestamps) {
  ChunkEncoder enc;
  ASSERT_TRUE(enc.Append(1000, 1).ok());
  EXPECT_FALSE(enc.Append(1000, 2).ok());
  EXPECT_FALSE(enc.Append(999, 2).ok());
  ChunkEncoder wide;
  ASSERT_TRUE(wide.Append(std::numeric_limits<int64_t>::min(), 1).ok());
  EXPECT_FALSE(wide.Append(std::numeric_limits<int64_t>::max(), 1).ok());
  EXPECT_EQ(enc.count(), 1u);
}

// The reason for the format: a regular agent series (60 s interval, values
// changing now and then) must compress far below a row per sample.
TEST(GorillaCodecTest, RegularSeriesCompressToAFewBitsPerSample) {
  std::vector<Point> steady, cpu;
  std::mt19937_64 rng(11);
  for (int i = 0; i < 120; ++i) {  // two hours of one-minute samples
    int64_t ts = 1'795'000'000'000 + i * 60'000;
    steady.push_back({ts, 512.0 * 1024 * 1024 * 1024});
    cpu.push_back({ts, static_cast<double>(rng() % 100)});  // whole percentages
  }
  std::string s = Encode(steady), c = Encode(cpu);
  EXPECT_LT(static_cast<double>(s.size()) / 120, 0.5) << s.size();
  EXPECT_LT(static_cast<double>(c.size()) / 120, 2.5) << c.size();
}

TEST(GorillaCodecTest, CorruptChunksFailCleanlyNeverCrash) {
  std::vector<Point> points;
  for (int i = 0; i < 100; ++i) points.push_back({i * 60'000 + (i % 3), i * 0.5});
  const std::string good = Encode(points);
  EXPECT_FALSE(DecodeChunk("").ok());
  EXPECT_FALSE(DecodeChunk(good.substr(0, good.size() - 1)).ok());
  EXPECT_FALSE(DecodeChunk(good + "x").ok());
  EXPECT_FALSE(DecodeChunk(std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11)).ok());
  std::mt19937_64 rng(3);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bad = good;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
    auto r = DecodeChunk(bad);
    if (r.ok()) {
      ++decoded;
      // Whatever decodes keeps the invariant callers rely on: increasing time.
      for (size_t k = 1; k < r->size(); ++k) ASSERT_LT((*r)[k - 1].ts_ms, (*r)[k].ts_ms);
    }
  }
  EXPECT_LT(decoded, 20000);  // the checks catch at least some corruption
}

}  // namespace
}  // namespace steward::storage::tsdb
