// Alerts, maintenance windows and device groups on the wire (SPEC §2): the
// request bodies read into the monitoring model and the model rendered as
// the API has always shown it. JSON lives here; the monitoring module
// speaks types.
#pragma once

#include <cstdint>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/monitoring/model/alert.h"
#include "server/monitoring/model/device_group.h"
#include "server/monitoring/model/maintenance_window.h"

namespace steward::api {

// {"id","customer_id","device_id","device_name","condition","severity",
//  "status","message","opened_at","last_event_at","repeat_count",
//  "acknowledged_at","acknowledged_by","resolved_at","ticket_id"}
Json AlertJson(const monitoring::Alert& a);
// The alert with "events":[{"at","kind","message","actor_user_id"}].
Json AlertDetailJson(const monitoring::AlertDetail& d);
// {"alerts":[…]}
Json AlertListJson(const std::vector<monitoring::Alert>& alerts);
// The ?status= of the alert list: InvalidArgument("status") unless open or resolved.
Result<monitoring::AlertStatus> ReadAlertStatus(const std::string& text);

// {"customer_id","device_id"?,"starts_at","ends_at","reason"}; times ISO 8601.
// Shapes only; CheckMaintenanceWindow judges the range.
Result<monitoring::NewMaintenanceWindow> ReadMaintenanceWindow(const Json& body);
// {"id","customer_id","device_id","starts_at","ends_at","reason","created_by","created_at"}
Json MaintenanceWindowJson(const monitoring::MaintenanceWindow& w);
// {"maintenance_windows":[…]}
Json MaintenanceWindowListJson(const std::vector<monitoring::MaintenanceWindow>& windows);

// {"customer_id","name"}
Result<monitoring::NewDeviceGroup> ReadDeviceGroup(const Json& body);
// {"device_id"}: the device to add to a group.
Result<int64_t> ReadGroupMember(const Json& body);
// {"id","customer_id","name","device_ids":[…]}
Json DeviceGroupJson(const monitoring::DeviceGroup& g);
// {"groups":[…]}
Json DeviceGroupListJson(const std::vector<monitoring::DeviceGroup>& groups);

}  // namespace steward::api
