#include "server/monitoring/series_math.h"

#include <gtest/gtest.h>

namespace steward::monitoring {
namespace {

constexpr int64_t kHour = 3600'000;
constexpr int64_t kDay = 24 * kHour;

TEST(SeriesMathTest, ChoosesTheResolutionFromRangeStepAndRetention) {
  Retention r;
  int64_t now = 1000 * kDay;
  EXPECT_EQ(ChooseResolution(now - kHour, now, std::nullopt, now, r), Resolution::kRaw);
  EXPECT_EQ(ChooseResolution(now - 2 * kDay, now, std::nullopt, now, r), Resolution::kFiveMinutes);
  EXPECT_EQ(ChooseResolution(now - 30 * kDay, now, std::nullopt, now, r), Resolution::kHourly);
  EXPECT_EQ(ChooseResolution(now - kHour, now, 300'000, now, r), Resolution::kFiveMinutes);
  EXPECT_EQ(ChooseResolution(now - kHour, now, 3600'000, now, r), Resolution::kHourly);
  EXPECT_EQ(ChooseResolution(now - kHour, now, 60'000, now, r), Resolution::kRaw);
  // Raw data is gone after 7 days; 5-minute data after 90.
  EXPECT_EQ(ChooseResolution(now - 8 * kDay, now - 8 * kDay + kHour, std::nullopt, now, r),
            Resolution::kFiveMinutes);
  EXPECT_EQ(ChooseResolution(now - 100 * kDay, now - 99 * kDay, std::nullopt, now, r),
            Resolution::kHourly);
}

TEST(SeriesMathTest, DownsampleMergesBuckets) {
  std::vector<Point> raw;
  for (int i = 0; i < 10; ++i) {
    double v = i;
    raw.push_back({i * 60'000, v, v, v, 1});
  }
  auto five = Downsample(raw, 300'000);
  ASSERT_EQ(five.size(), 2u);
  EXPECT_EQ(five[0].ts_ms, 0);
  EXPECT_EQ(five[0].min, 0);
  EXPECT_EQ(five[0].max, 4);
  EXPECT_EQ(five[0].count, 5);
  EXPECT_DOUBLE_EQ(five[0].avg(), 2);
  EXPECT_EQ(five[1].ts_ms, 300'000);
  EXPECT_DOUBLE_EQ(five[1].avg(), 7);
}

TEST(SeriesMathTest, ForecastsWhenTheDiskFills) {
  // 100 GB free, losing 10 GB a day, sampled hourly for 3 days.
  std::vector<std::pair<int64_t, double>> pts;
  for (int h = 0; h <= 72; ++h) pts.emplace_back(h * kHour, 100e9 - 10e9 * h / 24.0);
  auto f = ForecastFull(pts);
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->slope_bytes_per_day, -10e9, 1e3);
  ASSERT_TRUE(f->days_until_full);
  EXPECT_NEAR(*f->days_until_full, 7.0, 1e-6);  // 70 GB left at hour 72
  EXPECT_EQ(*f->full_at_ms, 72 * kHour + 7 * kDay);
}

TEST(SeriesMathTest, NoForecastForGrowingSpaceOrTooLittleData) {
  std::vector<std::pair<int64_t, double>> growing = {{0, 1e9}, {kHour, 2e9}, {2 * kHour, 3e9}};
  auto f = ForecastFull(growing);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->days_until_full);
  EXPECT_FALSE(ForecastFull({{0, 1e9}, {kHour, 0.5e9}}));
  EXPECT_FALSE(ForecastFull({{0, 3e9}, {60'000, 2e9}, {120'000, 1e9}}));
}

}  // namespace
}  // namespace steward::monitoring
