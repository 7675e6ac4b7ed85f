#include "server/monitoring/conditions.h"

#include "core/json.h"

namespace steward::monitoring {

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
