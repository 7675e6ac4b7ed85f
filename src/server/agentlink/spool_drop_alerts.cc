#include "server/agentlink/spool_drop_alerts.h"

#include <cmath>
#include <string>

#include "server/monitoring/conditions.h"

namespace steward::agentlink {

std::optional<std::string_view> ExplainDropReason(std::string_view reason) {
  // The labels of agent/link/drop_reason.h.
  if (reason == "overflow") {
    return "its spool was full (offline longer than --spool-max-batches allows) and the oldest"
           " went";
  }
  if (reason == "refused") return "the server refused it as invalid";
  if (reason == "unparsable") return "the server could not read it";
  if (reason == "oversize") return "one collection was too large for any frame";
  return std::nullopt;
}

std::optional<int64_t> ReportedDropTotal(double value) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (!(value >= 0) || value > kExact || std::floor(value) != value) return std::nullopt;
  return static_cast<int64_t>(value);
}

int64_t NewlyDropped(int64_t reported_total, std::optional<int64_t> stored_total) {
  if (!stored_total || reported_total < *stored_total) return reported_total;
  return reported_total - *stored_total;
}

monitoring::Sample SpoolDropEvent(int64_t device_id, std::string_view reason, int64_t newly,
                                  int64_t total, Timestamp at) {
  monitoring::Sample event;
  event.device_id = device_id;
  event.metric = std::string(monitoring::kEventLog);
  event.ts = at;
  event.value = 4;  // warning: the device works, its history has a gap
  std::string batches = newly == 1 ? "1 batch" : std::to_string(newly) + " batches";
  event.labels = {
      {"source", "steward-agent"},
      {"reason", std::string(reason)},
      {"message", "the agent gave up on " + batches + " of monitoring data: " +
                      std::string(ExplainDropReason(reason).value_or("unknown reason")) + " (" +
                      std::to_string(total) + " in all since its spool was created)"}};
  return event;
}

}  // namespace steward::agentlink
