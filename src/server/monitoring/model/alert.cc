#include "server/monitoring/model/alert.h"

namespace steward::monitoring {

std::string_view AlertStatusName(AlertStatus s) {
  return s == AlertStatus::kOpen ? "open" : "resolved";
}

std::optional<AlertStatus> ParseAlertStatus(std::string_view name) {
  if (name == "open") return AlertStatus::kOpen;
  if (name == "resolved") return AlertStatus::kResolved;
  return std::nullopt;
}

}  // namespace steward::monitoring
