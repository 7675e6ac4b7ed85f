#include "server/patching/rules/approval_state.h"

namespace steward::patching {

UpdateApproval FromPolicy(const ApprovalDecision& decision, Timestamp first_seen, Timestamp now) {
  UpdateApproval a;
  switch (decision.mode) {
    case ApprovalMode::kAutomatic:
      a.decision = Approval::kApproved;
      a.at = AutoApproveAt(decision, first_seen);
      break;
    case ApprovalMode::kReject:
      a.decision = Approval::kRejected;
      a.at = now;
      break;
    case ApprovalMode::kManual:
      break;
  }
  return a;
}

void ApplyPolicy(std::span<DeviceUpdate> records, std::span<const ApprovalRule> rules,
                 Timestamp now) {
  for (DeviceUpdate& d : records) {
    if (d.approval.by_person) continue;
    d.approval = FromPolicy(DecideApproval(d.cls, rules), d.first_seen, now);
  }
}

Approval InForce(const UpdateApproval& a, Timestamp now) {
  if (a.decision == Approval::kApproved && a.at && *a.at > now) return Approval::kPending;
  return a.decision;
}

bool IsOverdue(const DeviceUpdate& d, Timestamp now) {
  return d.status == UpdateStatus::kPending && InForce(d.approval, now) == Approval::kPending &&
         now >= d.deadline;
}

}  // namespace steward::patching
