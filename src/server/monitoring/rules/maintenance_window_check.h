// What makes a maintenance window acceptable, before anything is stored.
#pragma once

#include "core/status.h"
#include "server/monitoring/model/maintenance_window.h"

namespace steward::monitoring {

// InvalidArgument("ends_at") unless the window ends after it starts and
// lasts at most 31 days (a longer silence is a policy, not maintenance).
Status CheckMaintenanceWindow(const NewMaintenanceWindow& w);

}  // namespace steward::monitoring
