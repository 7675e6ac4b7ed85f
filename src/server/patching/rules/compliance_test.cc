// Compliance: nothing past its deadline on a fresh scan; a device that
// stopped reporting is unknown, never compliant.
#include "server/patching/rules/compliance.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::patching {
namespace {

using std::chrono::hours;

const Timestamp kNow = *ParseIso8601("2026-12-07T12:00:00Z");

DevicePatchState Device(int64_t id, std::optional<Timestamp> scan,
                        std::map<UpdateClass, int64_t> pending = {},
                        std::map<UpdateClass, int64_t> overdue = {}) {
  return {id, scan, std::move(pending), std::move(overdue)};
}

TEST(ComplianceTest, ADeviceIsCompliantWhenNothingIsPastItsDeadlineOnAFreshScan) {
  auto ok = ComplianceOf(Device(1, kNow - hours(2), {{UpdateClass::kLow, 4}}), kNow);
  EXPECT_TRUE(ok.known);
  EXPECT_TRUE(ok.compliant) << "pending within the deadline is compliant";
  EXPECT_FALSE(ok.fully_patched);
  EXPECT_TRUE(ComplianceOf(Device(1, kNow - hours(2)), kNow).fully_patched);
  EXPECT_EQ(ok.pending, 4);
  auto late = ComplianceOf(
      Device(2, kNow - hours(2), {{UpdateClass::kCritical, 1}}, {{UpdateClass::kCritical, 1}}),
      kNow);
  EXPECT_FALSE(late.compliant);
  EXPECT_EQ(late.overdue, 1);
}

TEST(ComplianceTest, AStaleOrMissingScanIsUnknownAndNotCompliant) {
  EXPECT_FALSE(ComplianceOf(Device(1, std::nullopt), kNow).known);
  EXPECT_FALSE(ComplianceOf(Device(1, std::nullopt), kNow).compliant);
  auto stale = ComplianceOf(Device(1, kNow - hours(49)), kNow);
  EXPECT_FALSE(stale.known);
  EXPECT_FALSE(stale.compliant);
  EXPECT_TRUE(ComplianceOf(Device(1, kNow - hours(48)), kNow).compliant);
}

TEST(ComplianceTest, TheCustomerFigureCountsDevicesAndOverdueByClass) {
  std::vector<DevicePatchState> fleet = {
      Device(1, kNow - hours(1)),
      Device(2, kNow - hours(1), {{UpdateClass::kImportant, 3}}, {{UpdateClass::kImportant, 2}}),
      Device(3, std::nullopt),
  };
  CustomerCompliance c = SummariseCompliance(fleet, kNow);
  EXPECT_EQ(c.devices, 3);
  EXPECT_EQ(c.compliant, 1);
  EXPECT_EQ(c.fully_patched, 1);
  EXPECT_EQ(c.unknown, 1);
  ASSERT_TRUE(c.percent);
  EXPECT_DOUBLE_EQ(*c.percent, 33.3);
  EXPECT_EQ(c.overdue_by_class.at(UpdateClass::kImportant), 2);
  EXPECT_EQ(c.overdue_by_class.at(UpdateClass::kCritical), 0);
  EXPECT_EQ(c.overdue_by_class.size(), 6u);
  EXPECT_FALSE(SummariseCompliance({}, kNow).percent) << "no devices, no share";
}

}  // namespace
}  // namespace steward::patching
