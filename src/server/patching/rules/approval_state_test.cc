// Approval states: the policy decides for records no person decided, a
// delayed automatic approval takes effect at its time, and only an update
// still waiting for a decision can be overdue.
#include "server/patching/rules/approval_state.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::patching {
namespace {

using std::chrono::hours;

const Timestamp kSeen = *ParseIso8601("2026-12-01T09:00:00Z");

DeviceUpdate Record(UpdateClass cls) {
  DeviceUpdate d;
  d.cls = cls;
  d.first_seen = kSeen;
  d.deadline = kSeen + hours(24 * 3);
  return d;
}

TEST(ApprovalStateTest, ThePolicyDecidesWhatNoPersonDecided) {
  std::vector<ApprovalRule> rules = {
      {PolicyLevel::kGlobal, UpdateClass::kCritical, ApprovalMode::kAutomatic, 2},
      {PolicyLevel::kGlobal, UpdateClass::kMajorRevision, ApprovalMode::kReject, 0}};
  std::vector<DeviceUpdate> records = {Record(UpdateClass::kCritical),
                                       Record(UpdateClass::kMajorRevision),
                                       Record(UpdateClass::kLow), Record(UpdateClass::kCritical)};
  records[3].approval = {Approval::kRejected, kSeen, 7, true, "breaks the ERP"};
  const Timestamp now = kSeen + hours(1);
  ApplyPolicy(records, rules, now);
  EXPECT_EQ(records[0].approval.decision, Approval::kApproved);
  EXPECT_EQ(records[0].approval.at, kSeen + hours(48)) << "two days' soak";
  EXPECT_EQ(records[1].approval.decision, Approval::kRejected);
  EXPECT_EQ(records[1].approval.at, now);
  EXPECT_EQ(records[2].approval.decision, Approval::kPending) << "no rule: a person decides";
  EXPECT_EQ(records[3].approval.decision, Approval::kRejected) << "a person's decision stays";
  EXPECT_EQ(records[3].approval.note, "breaks the ERP");
}

TEST(ApprovalStateTest, ADelayedApprovalIsInForceFromItsTime) {
  UpdateApproval a{Approval::kApproved, kSeen + hours(48), std::nullopt, false, ""};
  EXPECT_EQ(InForce(a, kSeen + hours(47)), Approval::kPending);
  EXPECT_EQ(InForce(a, kSeen + hours(48)), Approval::kApproved);
  EXPECT_EQ(InForce(UpdateApproval{}, kSeen), Approval::kPending);
}

TEST(ApprovalStateTest, OnlyAnUpdateStillWaitingForADecisionIsOverdue) {
  DeviceUpdate d = Record(UpdateClass::kCritical);
  const Timestamp late = d.deadline + hours(1);
  EXPECT_FALSE(IsOverdue(d, d.deadline - hours(1)));
  EXPECT_TRUE(IsOverdue(d, d.deadline)) << "due at the deadline itself";
  d.approval = {Approval::kApproved, kSeen + hours(5), 3, true, ""};
  EXPECT_FALSE(IsOverdue(d, late)) << "approved in time: the clock stopped";
  d.approval = {Approval::kApproved, late + hours(24), std::nullopt, false, ""};
  EXPECT_TRUE(IsOverdue(d, late)) << "an automatic approval not yet in force";
  d.approval = {Approval::kRejected, kSeen, 3, true, ""};
  EXPECT_FALSE(IsOverdue(d, late)) << "rejected: out of the count";
  d.approval = {};
  d.status = UpdateStatus::kInstalled;
  EXPECT_FALSE(IsOverdue(d, late));
}

}  // namespace
}  // namespace steward::patching
