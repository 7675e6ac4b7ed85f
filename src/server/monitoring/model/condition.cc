#include "server/monitoring/model/condition.h"

#include <array>
#include <utility>

namespace steward::monitoring {

namespace {

constexpr std::array<std::pair<Condition, std::string_view>, 10> kConditionNames = {{
    {Condition::kCpuHigh, "cpu_high"},
    {Condition::kMemoryHigh, "memory_high"},
    {Condition::kSystemVolumeLow, "system_volume_low"},
    {Condition::kDataVolumeLow, "data_volume_low"},
    {Condition::kEventLog, "event_log"},
    {Condition::kBackupFailed, "backup_failed"},
    {Condition::kUps, "ups"},
    {Condition::kVirus, "virus"},
    {Condition::kOffline, "offline"},
    {Condition::kRebootOverdue, "reboot_overdue"},
}};

}  // namespace

std::string_view ConditionName(Condition c) {
  for (const auto& [cond, name] : kConditionNames) {
    if (cond == c) return name;
  }
  return "unknown";
}

std::optional<Condition> ParseCondition(std::string_view name) {
  for (const auto& [cond, n] : kConditionNames) {
    if (n == name) return cond;
  }
  return std::nullopt;
}

const std::vector<Condition>& AllConditions() {
  static const std::vector<Condition> kAll = [] {
    std::vector<Condition> v;
    for (const auto& [cond, name] : kConditionNames) v.push_back(cond);
    return v;
  }();
  return kAll;
}

}  // namespace steward::monitoring
