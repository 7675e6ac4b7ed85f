#include "server/monitoring/rules/acknowledgement.h"

#include <string>

namespace steward::monitoring {

Result<bool> NeedsAcknowledgement(const Alert& alert) {
  if (alert.status != AlertStatus::kOpen) {
    return Status::FailedPrecondition("alert " + std::to_string(alert.id) + " is already resolved");
  }
  return !alert.acknowledged_at.has_value();
}

}  // namespace steward::monitoring
