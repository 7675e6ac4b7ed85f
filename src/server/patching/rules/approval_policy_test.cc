// Approval policy: the most specific level with a rule for the class
// decides, the most cautious rule wins within a level, delays, and the
// default when nothing is configured.
#include "server/patching/rules/approval_policy.h"

#include <vector>

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::patching {
namespace {

using std::chrono::hours;

constexpr ApprovalMode kAuto = ApprovalMode::kAutomatic;
constexpr ApprovalMode kManual = ApprovalMode::kManual;
constexpr ApprovalMode kReject = ApprovalMode::kReject;
constexpr UpdateClass kCritical = UpdateClass::kCritical;

ApprovalDecision Decide(UpdateClass cls, const std::vector<ApprovalRule>& rules) {
  return DecideApproval(cls, rules);
}

TEST(ApprovalPolicyTest, TheMostSpecificLevelDecides) {
  std::vector<ApprovalRule> rules = {
      {PolicyLevel::kGlobal, kCritical, kManual, 0},
      {PolicyLevel::kCustomer, kCritical, kAuto, 2},
  };
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kAuto, 2, PolicyLevel::kCustomer}));
  rules.push_back({PolicyLevel::kGroup, kCritical, kManual, 0});
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kManual, 0, PolicyLevel::kGroup}));
  // A device's own rule wins even when it is less cautious than its group's.
  rules.push_back({PolicyLevel::kDevice, kCritical, kAuto, 0});
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kAuto, 0, PolicyLevel::kDevice}));
}

TEST(ApprovalPolicyTest, OnlyRulesForTheClassCount) {
  const std::vector<ApprovalRule> rules = {
      {PolicyLevel::kGlobal, UpdateClass::kLow, kAuto, 7},
      {PolicyLevel::kDevice, kCritical, kReject, 0},
  };
  EXPECT_EQ(Decide(UpdateClass::kLow, rules), (ApprovalDecision{kAuto, 7, PolicyLevel::kGlobal}));
}

TEST(ApprovalPolicyTest, WithinOneLevelRejectBeatsManualBeatsAutomatic) {
  // A device in three groups.
  std::vector<ApprovalRule> rules = {
      {PolicyLevel::kCustomer, kCritical, kAuto, 0},
      {PolicyLevel::kGroup, kCritical, kAuto, 1},
      {PolicyLevel::kGroup, kCritical, kManual, 0},
  };
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kManual, 0, PolicyLevel::kGroup}));
  rules.push_back({PolicyLevel::kGroup, kCritical, kReject, 0});
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kReject, 0, PolicyLevel::kGroup}));
  // Order does not matter.
  std::vector<ApprovalRule> reversed(rules.rbegin(), rules.rend());
  EXPECT_EQ(Decide(kCritical, reversed), (ApprovalDecision{kReject, 0, PolicyLevel::kGroup}));
}

TEST(ApprovalPolicyTest, AmongAutomaticRulesTheLongestDelayWins) {
  const std::vector<ApprovalRule> rules = {
      {PolicyLevel::kGroup, kCritical, kAuto, 1},
      {PolicyLevel::kGroup, kCritical, kAuto, 5},
      {PolicyLevel::kGroup, kCritical, kAuto, 3},
      {PolicyLevel::kCustomer, kCritical, kAuto, 30},  // a broader level: ignored
  };
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kAuto, 5, PolicyLevel::kGroup}));
}

TEST(ApprovalPolicyTest, NoRuleMeansManualAtTheGlobalLevel) {
  EXPECT_EQ(Decide(kCritical, {}), (ApprovalDecision{kManual, 0, PolicyLevel::kGlobal}));
}

TEST(ApprovalPolicyTest, AutomaticApprovalWaitsForTheDelay) {
  const Timestamp first_seen = *ParseIso8601("2026-11-23T09:00:00Z");
  const auto at = AutoApproveAt({kAuto, 3, PolicyLevel::kGroup}, first_seen);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(FormatIso8601(*at), "2026-11-26T09:00:00Z");
  EXPECT_EQ(AutoApproveAt({kAuto, 0, PolicyLevel::kGlobal}, first_seen), first_seen);
  EXPECT_EQ(AutoApproveAt({kManual, 0, PolicyLevel::kGlobal}, first_seen), std::nullopt);
  EXPECT_EQ(AutoApproveAt({kReject, 0, PolicyLevel::kDevice}, first_seen), std::nullopt);
}

TEST(ApprovalPolicyTest, ANegativeDelayCountsAsNone) {
  const std::vector<ApprovalRule> rules = {{PolicyLevel::kGlobal, kCritical, kAuto, -4}};
  EXPECT_EQ(Decide(kCritical, rules), (ApprovalDecision{kAuto, 0, PolicyLevel::kGlobal}));
}

}  // namespace
}  // namespace steward::patching
