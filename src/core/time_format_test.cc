#include "core/time_format.h"

#include <gtest/gtest.h>

namespace steward {
namespace {

TEST(TimeFormatTest, RoundTripsUtc) {
  auto t = ParseIso8601("2026-11-22T08:30:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatIso8601(*t), "2026-11-22T08:30:00Z");
  EXPECT_EQ(ToMillis(*t), 1795336200000);
}

TEST(TimeFormatTest, AppliesOffsetsAndFractions) {
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22T10:30:00+02:00")), "2026-11-22T08:30:00Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-22T08:30:00.250Z")), "2026-11-22T08:30:00.250Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-02-28")), "2026-02-28T00:00:00Z");
}

TEST(TimeFormatTest, RejectsNonsense) {
  for (const char* bad : {"", "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T08:30:00",
                          "yesterday", "2026-11-22T08:30:00Zjunk", "2026-13-01"}) {
    EXPECT_FALSE(ParseIso8601(bad).ok()) << bad;
  }
}

TEST(ManualClockTest, MovesOnlyWhenTold) {
  ManualClock clock(*ParseIso8601("2026-01-01T00:00:00Z"));
  auto t0 = clock.Now();
  clock.Advance(std::chrono::minutes(5));
  EXPECT_EQ(clock.Now() - t0, std::chrono::minutes(5));
}

}  // namespace
}  // namespace steward
