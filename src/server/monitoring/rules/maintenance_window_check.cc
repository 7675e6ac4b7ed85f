#include "server/monitoring/rules/maintenance_window_check.h"

#include <chrono>

namespace steward::monitoring {

Status CheckMaintenanceWindow(const NewMaintenanceWindow& w) {
  if (w.ends_at <= w.starts_at)
    return Status::InvalidArgument("must be after starts_at", "ends_at");
  if (w.ends_at - w.starts_at > std::chrono::hours(24 * 31)) {
    return Status::InvalidArgument("a window lasts at most 31 days", "ends_at");
  }
  return Status::Ok();
}

}  // namespace steward::monitoring
