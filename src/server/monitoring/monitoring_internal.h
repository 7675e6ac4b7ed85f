// Helpers shared by the monitoring service's files. Internal to server/monitoring.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json.h"
#include "server/monitoring/monitoring_service.h"
#include "storage/database.h"

namespace steward::monitoring::internal {

std::string Iso(int64_t millis);

// The alert row as the API shows it.
inline constexpr std::string_view kAlertSelect =
    "SELECT a.id, a.customer_id, a.device_id, a.condition_name, a.severity, a.status, a.message,"
    " a.opened_at, a.last_event_at, a.repeat_count, a.acknowledged_at, a.acknowledged_by,"
    " a.resolved_at, a.ticket_id, d.name AS device_name FROM alerts a JOIN cis d ON d.id = "
    "a.device_id";
Json AlertJson(const storage::Row& r);

// NotFound("customer") unless it exists and `scope` allows it.
Status RequireVisibleCustomer(storage::Connection& c, const storage::TenantScope& scope,
                              int64_t customer_id);

// Device-supplied text made safe for a mail subject and a log line: control
// characters become spaces.
std::string Printable(std::string_view text);

}  // namespace steward::monitoring::internal
