// Compliance: nothing past its deadline on a fresh scan; a device that
// stopped reporting is unknown, never compliant.
#include "server/patching/rules/compliance.h"

#include <random>

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

TEST(ComplianceTest, TheFactsKeepWhetherAnythingIsLeftAndTheOverdueRecords) {
  DeviceComplianceFacts f =
      FactsOf(Device(4, kNow, {{UpdateClass::kLow, 3}, {UpdateClass::kCritical, 0}},
                     {{UpdateClass::kLow, 2}, {UpdateClass::kModerate, 0}}));
  EXPECT_EQ(f.device_id, 4);
  EXPECT_EQ(f.last_scan, kNow);
  EXPECT_TRUE(f.open);
  EXPECT_EQ(f.overdue, (std::map<UpdateClass, int64_t>{{UpdateClass::kLow, 2}})) << "no zeros";
  EXPECT_FALSE(FactsOf(Device(5, kNow, {{UpdateClass::kLow, 0}})).open);
  EXPECT_FALSE(FactsOf(Device(5, std::nullopt)).last_scan);
}

// The figure from facts is the figure from the full state, on random fleets
// with scans around the 48 h mark and counts of zero among the others.
TEST(ComplianceTest, TheFigureFromFactsIsTheFigureFromTheFullState) {
  std::mt19937_64 rng(9);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int round = 0; round < 500; ++round) {
    std::vector<DevicePatchState> fleet;
    std::vector<DeviceComplianceFacts> facts;
    const int64_t devices = pick(0, 12);
    for (int64_t i = 0; i < devices; ++i) {
      DevicePatchState d{i, std::nullopt, {}, {}};
      const int64_t scan = pick(0, 4);
      if (scan == 1) d.last_scan = kNow - hours(48);
      if (scan == 2) d.last_scan = kNow - hours(48) - std::chrono::milliseconds(1);
      if (scan == 3) d.last_scan = kNow - std::chrono::minutes(pick(0, 6000));
      if (scan == 4) d.last_scan = kNow + std::chrono::minutes(pick(0, 10));
      for (UpdateClass c : kAllUpdateClasses) {
        if (pick(0, 2) == 0) continue;
        const int64_t pending = pick(0, 4);
        d.pending[c] = pending;
        if (pick(0, 1) == 0) d.overdue[c] = pick(0, pending);
      }
      fleet.push_back(d);
      facts.push_back(FactsOf(d));
    }
    const CustomerCompliance want = SummariseCompliance(fleet, kNow);
    const CustomerCompliance got = SummariseFacts(facts, kNow);
    ASSERT_EQ(got.devices, want.devices) << "round " << round;
    ASSERT_EQ(got.compliant, want.compliant) << "round " << round;
    ASSERT_EQ(got.fully_patched, want.fully_patched) << "round " << round;
    ASSERT_EQ(got.unknown, want.unknown) << "round " << round;
    ASSERT_EQ(got.percent, want.percent) << "round " << round;
    ASSERT_EQ(got.overdue_by_class, want.overdue_by_class) << "round " << round;
  }
}

}  // namespace
}  // namespace steward::patching
