#include "server/monitoring/sample_batch_codec.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace steward::monitoring {
namespace {

SampleBatch Example() {
  SampleBatch b;
  b.series = {{"cpu.used_percent", ""}, {"volume.free_bytes", R"({"mount":"/"})"}};
  b.points = {{0, 1793577600123, 12.25},
              {1, 1793577600123, 5.5e9},
              {0, 1793577540000, -0.0},  // older than the first: offsets are from the minimum
              {1, 1793577660000, std::numeric_limits<double>::max()}};
  return b;
}

TEST(SampleBatchCodec, RoundTripsSeriesPointsAndExactValues) {
  SampleBatch b = Example();
  std::string bytes = EncodeSampleBatch(b);
  auto back = DecodeSampleBatch(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->series, b.series);
  EXPECT_EQ(back->points, b.points);
  EXPECT_TRUE(std::signbit(back->points[2].value));
  EXPECT_EQ(back->min_ts(), 1793577540000);
  EXPECT_EQ(back->max_ts(), 1793577660000);
  // About a dozen bytes a sample plus the names, against ~350 for a row.
  EXPECT_LT(bytes.size(), 4 * 14 + 60u);
}

TEST(SampleBatchCodec, EmptyBatchAndNegativeTimesRoundTrip) {
  auto empty = DecodeSampleBatch(EncodeSampleBatch({}));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->points.empty());
  SampleBatch old;
  old.series = {{"m", ""}};
  old.points = {{0, -5000, 1}, {0, 7000, 2}};
  auto back = DecodeSampleBatch(EncodeSampleBatch(old));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->points, old.points);
}

TEST(SampleBatchCodec, EveryTruncationIsRefusedCleanly) {
  std::string bytes = EncodeSampleBatch(Example());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeSampleBatch(std::string_view(bytes).substr(0, n));
    EXPECT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << n;
  }
  EXPECT_FALSE(DecodeSampleBatch(bytes + "x").ok()) << "trailing bytes";
}

TEST(SampleBatchCodec, RefusesAnIndexPastTheSeriesTable) {
  SampleBatch b;
  b.series = {{"m", ""}};
  b.points = {{3, 1000, 1}};
  auto r = DecodeSampleBatch(EncodeSampleBatch(b));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("series index"), std::string::npos);
  std::string bad_version = EncodeSampleBatch(Example());
  bad_version[0] = 9;
  EXPECT_FALSE(DecodeSampleBatch(bad_version).ok());
}

}  // namespace
}  // namespace steward::monitoring
