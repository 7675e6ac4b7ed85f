#include "server/patching/rules/approval_policy.h"

#include <algorithm>
#include <chrono>

namespace steward::patching {

namespace {

// How cautious a mode is: the larger wins within one level.
int Caution(ApprovalMode m) {
  switch (m) {
    case ApprovalMode::kAutomatic:
      return 0;
    case ApprovalMode::kManual:
      return 1;
    case ApprovalMode::kReject:
      return 2;
  }
  return 1;
}

}  // namespace

std::string_view ApprovalModeName(ApprovalMode m) {
  switch (m) {
    case ApprovalMode::kAutomatic:
      return "automatic";
    case ApprovalMode::kManual:
      return "manual";
    case ApprovalMode::kReject:
      return "reject";
  }
  return "manual";
}

std::optional<ApprovalMode> ParseApprovalMode(std::string_view name) {
  for (ApprovalMode m : {ApprovalMode::kAutomatic, ApprovalMode::kManual, ApprovalMode::kReject}) {
    if (ApprovalModeName(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view PolicyLevelName(PolicyLevel l) {
  switch (l) {
    case PolicyLevel::kGlobal:
      return "global";
    case PolicyLevel::kCustomer:
      return "customer";
    case PolicyLevel::kGroup:
      return "group";
    case PolicyLevel::kDevice:
      return "device";
  }
  return "global";
}

std::optional<PolicyLevel> ParsePolicyLevel(std::string_view name) {
  for (PolicyLevel l :
       {PolicyLevel::kGlobal, PolicyLevel::kCustomer, PolicyLevel::kGroup, PolicyLevel::kDevice}) {
    if (PolicyLevelName(l) == name) return l;
  }
  return std::nullopt;
}

ApprovalDecision DecideApproval(UpdateClass cls, std::span<const ApprovalRule> rules) {
  std::optional<ApprovalDecision> best;
  for (const ApprovalRule& r : rules) {
    if (r.cls != cls) continue;
    const ApprovalDecision d{
        r.mode, r.mode == ApprovalMode::kAutomatic ? std::max(r.delay_days, 0) : 0, r.level};
    if (!best || d.from > best->from) {
      best = d;  // a more specific level replaces whatever a broader one said
    } else if (d.from == best->from) {
      if (Caution(d.mode) > Caution(best->mode)) {
        best = d;
      } else if (d.mode == best->mode) {
        best->delay_days = std::max(best->delay_days, d.delay_days);
      }
    }
  }
  if (!best) return ApprovalDecision{ApprovalMode::kManual, 0, PolicyLevel::kGlobal};
  return *best;
}

std::optional<Timestamp> AutoApproveAt(const ApprovalDecision& decision, Timestamp first_seen) {
  if (decision.mode != ApprovalMode::kAutomatic) return std::nullopt;
  return first_seen + std::chrono::days(std::max(decision.delay_days, 0));
}

}  // namespace steward::patching
