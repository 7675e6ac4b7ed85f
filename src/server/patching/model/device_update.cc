#include "server/patching/model/device_update.h"

namespace steward::patching {

std::string_view UpdateStatusName(UpdateStatus s) {
  return s == UpdateStatus::kPending ? "pending" : "installed";
}

std::optional<UpdateStatus> ParseUpdateStatus(std::string_view name) {
  if (name == "pending") return UpdateStatus::kPending;
  if (name == "installed") return UpdateStatus::kInstalled;
  return std::nullopt;
}

}  // namespace steward::patching
