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

std::string_view ApprovalName(Approval a) {
  switch (a) {
    case Approval::kPending:
      return "pending";
    case Approval::kApproved:
      return "approved";
    case Approval::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<Approval> ParseApproval(std::string_view name) {
  if (name == "pending") return Approval::kPending;
  if (name == "approved") return Approval::kApproved;
  if (name == "rejected") return Approval::kRejected;
  return std::nullopt;
}

}  // namespace steward::patching
