#include "server/monitoring/rules/maintenance_window_check.h"

#include <gtest/gtest.h>

namespace steward::monitoring {
namespace {

NewMaintenanceWindow Lasting(std::chrono::milliseconds length) {
  NewMaintenanceWindow w;
  w.customer_id = 1;
  w.starts_at = FromMillis(1'000'000);
  w.ends_at = w.starts_at + length;
  w.reason = "patching";
  return w;
}

TEST(MaintenanceWindowCheckTest, EndsAfterItStartsAndLastsAtMost31Days) {
  EXPECT_TRUE(CheckMaintenanceWindow(Lasting(std::chrono::hours(2))).ok());
  EXPECT_TRUE(CheckMaintenanceWindow(Lasting(std::chrono::hours(24 * 31))).ok());
  Status empty = CheckMaintenanceWindow(Lasting(std::chrono::milliseconds(0)));
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.field(), "ends_at");
  EXPECT_EQ(CheckMaintenanceWindow(Lasting(-std::chrono::hours(1))).field(), "ends_at");
  Status too_long =
      CheckMaintenanceWindow(Lasting(std::chrono::hours(24 * 31) + std::chrono::milliseconds(1)));
  EXPECT_EQ(too_long.field(), "ends_at");
  EXPECT_EQ(too_long.message(), "a window lasts at most 31 days");
}

}  // namespace
}  // namespace steward::monitoring
