// The metrics that feed SPEC §2's alert conditions (the conditions and their
// names are in model/condition.h). Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/monitoring/model/condition.h"
#include "server/monitoring/sample.h"

namespace steward::monitoring {

// The well-known metric names of the agent and the ingest API.
inline constexpr std::string_view kCpuUsedPercent = "cpu.used_percent";
inline constexpr std::string_view kMemoryUsedPercent = "memory.used_percent";
inline constexpr std::string_view kVolumeFreeBytes = "volume.free_bytes";
inline constexpr std::string_view kVolumeFreePercent = "volume.free_percent";
inline constexpr std::string_view kEventLog = "event.log";
inline constexpr std::string_view kBackupSuccess = "backup.success";
inline constexpr std::string_view kUpsStatus = "ups.status";
inline constexpr std::string_view kAvDetections = "av.detections";
// The running total of batches an agent's spool gave up on, per reason
// label (agent/link/drop_reason.h); feeds no condition itself, the agent
// channel turns its growth into an event-log warning.
inline constexpr std::string_view kAgentSpoolDropped = "agent.spool_dropped";

// The condition a sample is evaluated for, if any: volume.free_bytes of the
// system volume (label system="true") feeds system_volume_low,
// volume.free_percent of any other volume feeds data_volume_low.
std::optional<Condition> ConditionForSample(const Sample& s);

// The identity of a sample's series within its metric: its labels without
// the free-text "message", as a JSON object in key order ("" for none).
std::string SeriesKey(const std::map<std::string, std::string>& labels);
// The labels of a series as stored beside it (`labels_json`): its key, which
// is already their JSON, or "{}" for a series without labels.
inline std::string LabelsJsonOfKey(const std::string& series_key) {
  return series_key.empty() ? "{}" : series_key;
}

}  // namespace steward::monitoring
