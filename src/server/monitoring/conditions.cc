#include "server/monitoring/conditions.h"

#include <array>

#include "core/json.h"

namespace steward::monitoring {

namespace {

constexpr std::array<std::pair<Condition, std::string_view>, 9> kNames = {{
    {Condition::kCpuHigh, "cpu_high"},
    {Condition::kMemoryHigh, "memory_high"},
    {Condition::kSystemVolumeLow, "system_volume_low"},
    {Condition::kDataVolumeLow, "data_volume_low"},
    {Condition::kEventLog, "event_log"},
    {Condition::kBackupFailed, "backup_failed"},
    {Condition::kUps, "ups"},
    {Condition::kVirus, "virus"},
    {Condition::kOffline, "offline"},
}};

}  // namespace

std::string_view ConditionName(Condition c) {
  for (const auto& [cond, name] : kNames) {
    if (cond == c) return name;
  }
  return "unknown";
}

std::optional<Condition> ParseCondition(std::string_view name) {
  for (const auto& [cond, n] : kNames) {
    if (n == name) return cond;
  }
  return std::nullopt;
}

const std::vector<Condition>& AllConditions() {
  static const std::vector<Condition> kAll = [] {
    std::vector<Condition> v;
    for (const auto& [cond, name] : kNames) v.push_back(cond);
    return v;
  }();
  return kAll;
}

std::optional<Condition> ConditionForSample(const Sample& s) {
  auto system = s.labels.find("system");
  bool is_system = system != s.labels.end() && system->second == "true";
  if (s.metric == kCpuUsedPercent) return Condition::kCpuHigh;
  if (s.metric == kMemoryUsedPercent) return Condition::kMemoryHigh;
  if (s.metric == kVolumeFreeBytes && is_system) return Condition::kSystemVolumeLow;
  if (s.metric == kVolumeFreePercent && !is_system) return Condition::kDataVolumeLow;
  if (s.metric == kEventLog) return Condition::kEventLog;
  if (s.metric == kBackupSuccess) return Condition::kBackupFailed;
  if (s.metric == kUpsStatus) return Condition::kUps;
  if (s.metric == kAvDetections) return Condition::kVirus;
  return std::nullopt;
}

std::string SeriesKey(const std::map<std::string, std::string>& labels) {
  // JSON so that no label value can make two series share a key.
  Json key = Json::object();
  for (const auto& [k, v] : labels) {
    if (k != "message") key[k] = v;
  }
  return key.empty() ? std::string() : key.dump();
}

}  // namespace steward::monitoring
