#include "server/servicedesk/rules/time_entry_rules.h"

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

using date::literals::operator""_d;
using date::literals::operator""_y;

TEST(TimeEntryRules, RoundsUpToTheNextQuarterHour) {
  EXPECT_EQ(RoundUpToQuarter(1), 15);
  EXPECT_EQ(RoundUpToQuarter(14), 15);
  EXPECT_EQ(RoundUpToQuarter(15), 15);
  EXPECT_EQ(RoundUpToQuarter(16), 30);
  EXPECT_EQ(RoundUpToQuarter(40), 45);
  EXPECT_EQ(RoundUpToQuarter(1440), 1440);
}

TEST(TimeEntryRules, WorkDateIsNotInTheFutureNorOverAYearOld) {
  const billing::Date today = 2026_y / 3 / 1_d;
  EXPECT_TRUE(CheckWorkDate(today, today).ok());
  EXPECT_TRUE(CheckWorkDate(2026_y / 2 / 28_d, today).ok());
  Status tomorrow = CheckWorkDate(2026_y / 3 / 2_d, today);
  EXPECT_EQ(tomorrow.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(tomorrow.field(), "work_date");
  // 366 days back from 2026-03-01 is 2025-02-28 (2025 is not a leap year).
  EXPECT_TRUE(CheckWorkDate(2025_y / 2 / 28_d, today).ok());
  EXPECT_EQ(CheckWorkDate(2025_y / 2 / 27_d, today).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace steward::servicedesk
