#include "server/api/monitoring_json.h"

#include <string>

#include "core/time_format.h"

namespace steward::api {

using monitoring::Alert;

namespace {

Json MonitoringIdOrNull(const std::optional<int64_t>& id) { return id ? Json(*id) : Json(nullptr); }

Json MonitoringTimeOrNull(const std::optional<Timestamp>& t) {
  return t ? Json(FormatIso8601(*t)) : Json(nullptr);
}

Result<Timestamp> ReadIsoField(const std::string& text, const char* field) {
  auto t = ParseIso8601(text);
  if (!t.ok()) return Status::InvalidArgument("must be an ISO 8601 timestamp", field);
  return *t;
}

}  // namespace

Json AlertJson(const Alert& a) {
  return {{"id", a.id},
          {"customer_id", a.customer_id},
          {"device_id", a.device_id},
          {"device_name", a.device_name},
          {"condition", std::string(monitoring::ConditionName(a.condition))},
          {"severity", a.severity},
          {"status", std::string(monitoring::AlertStatusName(a.status))},
          {"message", a.message},
          {"opened_at", FormatIso8601(a.opened_at)},
          {"last_event_at", FormatIso8601(a.last_event_at)},
          {"repeat_count", a.repeat_count},
          {"acknowledged_at", MonitoringTimeOrNull(a.acknowledged_at)},
          {"acknowledged_by", MonitoringIdOrNull(a.acknowledged_by)},
          {"resolved_at", MonitoringTimeOrNull(a.resolved_at)},
          {"ticket_id", MonitoringIdOrNull(a.ticket_id)}};
}

Json AlertDetailJson(const monitoring::AlertDetail& d) {
  Json out = AlertJson(d.alert);
  Json events = Json::array();
  for (const monitoring::AlertEvent& e : d.events) {
    events.push_back({{"at", FormatIso8601(e.at)},
                      {"kind", e.kind},
                      {"message", e.message},
                      {"actor_user_id", MonitoringIdOrNull(e.actor_user_id)}});
  }
  out["events"] = events;
  return out;
}

Json AlertListJson(const std::vector<Alert>& alerts) {
  Json list = Json::array();
  for (const Alert& a : alerts) list.push_back(AlertJson(a));
  return Json{{"alerts", list}};
}

Result<monitoring::AlertStatus> ReadAlertStatus(const std::string& text) {
  auto status = monitoring::ParseAlertStatus(text);
  if (!status) return Status::InvalidArgument("must be open or resolved", "status");
  return *status;
}

Result<monitoring::NewMaintenanceWindow> ReadMaintenanceWindow(const Json& body) {
  ObjectReader r(body);
  monitoring::NewMaintenanceWindow w;
  w.customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  w.device_id = r.OptionalInt("device_id", 1, kMaxId);
  std::string starts = r.RequiredString("starts_at", 1, 40);
  std::string ends = r.RequiredString("ends_at", 1, 40);
  w.reason = r.RequiredString("reason", 1, 500);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(w.starts_at, ReadIsoField(starts, "starts_at"));
  STEWARD_ASSIGN_OR_RETURN(w.ends_at, ReadIsoField(ends, "ends_at"));
  return w;
}

Json MaintenanceWindowJson(const monitoring::MaintenanceWindow& w) {
  return {{"id", w.id},
          {"customer_id", w.customer_id},
          {"device_id", MonitoringIdOrNull(w.device_id)},
          {"starts_at", FormatIso8601(w.starts_at)},
          {"ends_at", FormatIso8601(w.ends_at)},
          {"reason", w.reason},
          {"created_by", MonitoringIdOrNull(w.created_by)},
          {"created_at", FormatIso8601(w.created_at)}};
}

Json MaintenanceWindowListJson(const std::vector<monitoring::MaintenanceWindow>& windows) {
  Json list = Json::array();
  for (const auto& w : windows) list.push_back(MaintenanceWindowJson(w));
  return Json{{"maintenance_windows", list}};
}

Result<monitoring::NewDeviceGroup> ReadDeviceGroup(const Json& body) {
  ObjectReader r(body);
  monitoring::NewDeviceGroup g;
  g.customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  g.name = r.RequiredString("name", 1, 100);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return g;
}

Result<int64_t> ReadGroupMember(const Json& body) {
  ObjectReader r(body);
  int64_t device_id = r.RequiredInt("device_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return device_id;
}

Json DeviceGroupJson(const monitoring::DeviceGroup& g) {
  Json ids = Json::array();
  for (int64_t id : g.device_ids) ids.push_back(id);
  return {{"id", g.id}, {"customer_id", g.customer_id}, {"name", g.name}, {"device_ids", ids}};
}

Json DeviceGroupListJson(const std::vector<monitoring::DeviceGroup>& groups) {
  Json list = Json::array();
  for (const auto& g : groups) list.push_back(DeviceGroupJson(g));
  return Json{{"groups", list}};
}

}  // namespace steward::api
