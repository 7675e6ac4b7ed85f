#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "support/latency_recorder.h"
#include "support/process_stats.h"

namespace steward::bench {
namespace {

TEST(LatencyRecorderTest, PercentilesWithinOnePercentOfTheExactOnes) {
  LatencyRecorder rec;
  std::vector<int64_t> values;
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100000; ++i) {
    auto v = static_cast<int64_t>(std::exp(std::uniform_real_distribution<>(0, 16)(rng)));
    values.push_back(v);
    rec.Record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    int64_t exact = values[static_cast<size_t>(q * (values.size() - 1))];
    int64_t approx = rec.Percentile(q);
    EXPECT_GE(approx, exact) << q;
    EXPECT_LE(approx, exact + exact / 50 + 1) << q;
  }
  EXPECT_EQ(rec.Percentile(1.0), values.back());
}

TEST(LatencyRecorderTest, MergeEqualsRecordingEverythingInOne) {
  LatencyRecorder a, b, all;
  for (int i = 0; i < 1000; ++i) {
    (i % 2 ? a : b).Record(i * 37);
    all.Record(i * 37);
  }
  a.Merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.Percentile(0.99), all.Percentile(0.99));
  EXPECT_EQ(LatencyRecorder().Percentile(0.5), 0);
}

TEST(LatencyRecorderTest, EncodeDecodeKeepsEveryPercentile) {
  LatencyRecorder rec;
  for (int i = 0; i < 5000; ++i) rec.Record((i * 7919) % 250000);
  auto back = LatencyRecorder::Decode(rec.Encode());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->count(), rec.count());
  EXPECT_EQ(back->max(), rec.max());
  for (double q : {0.0, 0.5, 0.99, 1.0}) EXPECT_EQ(back->Percentile(q), rec.Percentile(q)) << q;
  auto empty = LatencyRecorder::Decode(LatencyRecorder().Encode());
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->count(), 0);
  EXPECT_FALSE(LatencyRecorder::Decode("").has_value());
  EXPECT_FALSE(LatencyRecorder::Decode("10 99999:1").has_value());
  EXPECT_FALSE(LatencyRecorder::Decode("10 3-1").has_value());
}

TEST(ProcessStatsTest, ReadsThisProcessAndRefusesAMissingOne) {
  volatile double sink = 0;
  for (int i = 0; i < 20'000'000; ++i) sink = sink + i * 0.5;
  auto s = ReadProcessStats(getpid());
  ASSERT_TRUE(s.has_value());
  EXPECT_GT(s->cpu_seconds, 0);
  EXPECT_GT(s->rss_bytes, 1 << 20);
  EXPECT_GE(s->peak_rss_bytes, s->rss_bytes);
  EXPECT_FALSE(ReadProcessStats(999'999'999).has_value());
}

}  // namespace
}  // namespace steward::bench
