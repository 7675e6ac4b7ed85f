// The alert conditions of SPEC §2's threshold table and their API names.
// A plain value shared by the evaluator, the alert model and the wire.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace steward::monitoring {

enum class Condition {
  kCpuHigh,
  kMemoryHigh,
  kSystemVolumeLow,
  kDataVolumeLow,
  kEventLog,
  kBackupFailed,
  kUps,
  kVirus,
  kOffline,
  // Not back within 15 minutes of a reboot after a patch deployment: raised
  // and resolved by the deployment job (SetDecidedCondition), not by samples.
  kRebootOverdue,
};

// "cpu_high", "memory_high", ... (the names of the acceptance interface).
std::string_view ConditionName(Condition c);
std::optional<Condition> ParseCondition(std::string_view name);
const std::vector<Condition>& AllConditions();

}  // namespace steward::monitoring
