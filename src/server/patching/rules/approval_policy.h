// Who approves an update of a given class (issue 14 item 3): automatically
// (optionally after a delay), a person, or nobody (rejected). Rules are set
// per class at four levels; the caller collects the rules that apply to one
// device — global, its customer's, each of its groups', its own — and this
// decides. Pure.
//
// The most specific level with a rule for the class decides (device > group >
// customer > global): whoever configured the narrower scope knew more about
// these machines. Within that level (a device in several groups) the most
// cautious rule wins — reject over manual over automatic, and among automatic
// rules the longest delay — because one group's reason to hold an update
// back is not cancelled by another group not caring. No rule at all means
// manual at the global level: nothing is installed without someone deciding.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/clock.h"
#include "server/patching/model/update.h"

namespace steward::patching {

enum class ApprovalMode { kAutomatic, kManual, kReject };

// In order of specificity: a larger value is more specific.
enum class PolicyLevel { kGlobal, kCustomer, kGroup, kDevice };

// "automatic" | "manual" | "reject"; "global" | "customer" | "group" | "device".
std::string_view ApprovalModeName(ApprovalMode m);
std::optional<ApprovalMode> ParseApprovalMode(std::string_view name);
std::string_view PolicyLevelName(PolicyLevel l);
std::optional<PolicyLevel> ParsePolicyLevel(std::string_view name);

// Where a set of rules is configured: the level and the customer, group or
// device it is for (0 for global).
struct PolicyTarget {
  PolicyLevel level = PolicyLevel::kGlobal;
  int64_t id = 0;
};

struct ApprovalRule {
  PolicyLevel level = PolicyLevel::kGlobal;
  UpdateClass cls = UpdateClass::kServiceRelease;
  ApprovalMode mode = ApprovalMode::kManual;
  int delay_days = 0;  // automatic only: days after first seen; negative counts as 0
};

struct ApprovalDecision {
  ApprovalMode mode = ApprovalMode::kManual;
  int delay_days = 0;  // always 0 unless mode is automatic
  PolicyLevel from = PolicyLevel::kGlobal;
  bool operator==(const ApprovalDecision&) const = default;
};

ApprovalDecision DecideApproval(UpdateClass cls, std::span<const ApprovalRule> rules);

// When an automatic decision approves an update first seen at `first_seen`:
// after `delay_days` whole days of 24 hours (a delay is a soak time, not a
// calendar date, so it needs no time zone). nullopt for manual and reject.
std::optional<Timestamp> AutoApproveAt(const ApprovalDecision& decision, Timestamp first_seen);

}  // namespace steward::patching
