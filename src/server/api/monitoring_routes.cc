// Monitoring routes (SPEC §2): the ingest API, metric series and the
// disk-full forecast per device, alerts (list, history, acknowledge),
// threshold policies, maintenance windows and device groups. Handlers read
// the request (monitoring_json.h) and call MonitoringService, which applies
// the caller's tenant scope; roles here decide who may act.
#include <limits>

#include "core/time_format.h"
#include "server/api/monitoring_json.h"
#include "server/api/routes.h"
#include "server/monitoring/monitoring_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using monitoring::MonitoringObject;
using monitoring::MonitoringService;

namespace {

// 5000 samples with their labels; event-log messages make them large.
constexpr size_t kIngestBody = 8 * 1024 * 1024;

OwnerLookup OwnerOf(MonitoringService& m, MonitoringObject kind) {
  return [&m, kind](int64_t id) { return m.OwnerOf(kind, id); };
}

Result<std::optional<Timestamp>> QueryTime(const RequestContext& ctx, std::string_view name) {
  auto v = ctx.request().QueryParam(name);
  if (!v) return std::optional<Timestamp>();
  auto t = ParseIso8601(*v);
  if (!t.ok()) return Status::InvalidArgument("must be an ISO 8601 timestamp", std::string(name));
  return std::optional<Timestamp>(*t);
}

Result<std::optional<std::string>> QueryWord(const RequestContext& ctx, std::string_view name,
                                             size_t max_len) {
  auto v = ctx.request().QueryParam(name);
  if (!v) return std::optional<std::string>();
  if (v->size() > max_len || !IsValidUtf8(*v)) {
    return Status::InvalidArgument("must be UTF-8 of at most " + std::to_string(max_len) + " bytes",
                                   std::string(name));
  }
  return std::optional<std::string>(std::move(*v));
}

Json AlertSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"device_id", "integer"},
                       {"device_name", "string"},
                       {"condition", "string"},
                       {"severity", "string"},
                       {"status", "string"},
                       {"message", "string"},
                       {"opened_at", "string"},
                       {"last_event_at", "string"},
                       {"repeat_count", "integer"},
                       {"acknowledged_at", "string"},
                       {"acknowledged_by", "integer"},
                       {"resolved_at", "string"},
                       {"ticket_id", "integer"}});
}

Json WindowSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"device_id", "integer"},
                       {"starts_at", "string"},
                       {"ends_at", "string"},
                       {"reason", "string"},
                       {"created_by", "integer"},
                       {"created_at", "string"}});
}

Json GroupSchema() {
  return ObjectSchema(
      {{"id", "integer"}, {"customer_id", "integer"}, {"name", "string"}, {"device_ids", "array"}});
}

void AddIngestRoute(RouteTable& routes, MonitoringService& m, RoleSet writers) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/ingest",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json accepted, m.Ingest(ctx.actor(), body));
        return ApiResponse{202, std::move(accepted), {}, "application/json", {}};
      },
      .doc = {"Push samples for integrations and scripts (use an API bearer token). Body "
              "{\"samples\":[{\"device_id\",\"metric\",\"ts\",\"value\",\"labels\"}]}, at most "
              "5000; ts ISO 8601 UTC, at most 5 minutes ahead and no older than the raw "
              "retention. Any CI of kind server or workstation is a device. All or nothing: "
              "one bad sample refuses the request (the error names it, e.g. samples[3].ts).",
              "monitoring", ObjectSchema({{"samples", "array"}}, {"samples"}),
              ObjectSchema({{"accepted", "integer"}}), 202},
      .max_body_bytes = kIngestBody,
  });
}

void AddDeviceRoutes(RouteTable& routes, MonitoringService& m) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/metrics/{metric}",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        monitoring::MetricQuery q;
        q.metric = ctx.PathParam("metric");
        STEWARD_ASSIGN_OR_RETURN(q.from, QueryTime(ctx, "from"));
        STEWARD_ASSIGN_OR_RETURN(q.to, QueryTime(ctx, "to"));
        STEWARD_ASSIGN_OR_RETURN(q.step_seconds, ctx.QueryInt("step", 1, 31 * 24 * 3600));
        for (const std::string& name : ctx.request().QueryParamNames()) {
          std::string label;
          if (name == "mount") {
            label = "mount";
          } else if (name.rfind("label.", 0) == 0 && name.size() > 6) {
            label = name.substr(6);
          } else {
            continue;
          }
          STEWARD_ASSIGN_OR_RETURN(auto value, QueryWord(ctx, name, 256));
          if (q.labels.size() >= 8) return Status::InvalidArgument("at most 8 label filters", name);
          q.labels[label] = value.value_or("");
        }
        STEWARD_ASSIGN_OR_RETURN(Json out, m.QueryMetric(ctx.principal(), id, q));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"A device's series of one metric. Query: from, to (ISO 8601; default the last 6 "
              "hours), step (seconds), mount=/ or label.<name>=<value> filters. The resolution "
              "(raw, 5m, 1h rollups) is picked from the range and step; each point has ts, "
              "value (average), min, max and count.",
              "monitoring", nullptr,
              ObjectSchema({{"device_id", "integer"},
                            {"metric", "string"},
                            {"resolution", "string"},
                            {"from", "string"},
                            {"to", "string"},
                            {"step", "integer"},
                            {"series", "array"}})},
      .owner_lookup = OwnerOf(m, MonitoringObject::kDevice),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/metrics",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, m.ListDeviceMetrics(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The series (metric and labels) a device reported in the last 7 days.", "monitoring",
              nullptr, ObjectSchema({{"device_id", "integer"}, {"metrics", "array"}})},
      .owner_lookup = OwnerOf(m, MonitoringObject::kDevice),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/forecast",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, m.Forecast(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Disk-full forecast per volume: a linear fit over the last 14 days of free bytes "
              "(hourly averages). days_until_full and full_at are null when free space is not "
              "shrinking or there is too little data.",
              "monitoring", nullptr,
              ObjectSchema({{"device_id", "integer"}, {"volumes", "array"}})},
      .owner_lookup = OwnerOf(m, MonitoringObject::kDevice),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/monitoring",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, m.DeviceStatus(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"A device's monitoring status: last check-in and number of open alerts.",
              "monitoring", nullptr,
              ObjectSchema({{"device_id", "integer"},
                            {"customer_id", "integer"},
                            {"name", "string"},
                            {"last_seen_at", "string"},
                            {"open_alerts", "integer"}})},
      .owner_lookup = OwnerOf(m, MonitoringObject::kDevice),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/policy",
      .roles = RoleSet::AllStaff(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, m.EffectivePolicy(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The threshold policy in force for a device: the defaults with the global, "
              "customer, group and device overrides applied in that order.",
              "monitoring", nullptr,
              ObjectSchema({{"device_id", "integer"}, {"policy", "object"}})},
      .owner_lookup = OwnerOf(m, MonitoringObject::kDevice),
  });
}

void AddAlertRoutes(RouteTable& routes, MonitoringService& m, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/alerts",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        monitoring::AlertQuery q;
        STEWARD_ASSIGN_OR_RETURN(q.device_id, ctx.QueryInt("device_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(q.customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(auto status, QueryWord(ctx, "status", 20));
        STEWARD_ASSIGN_OR_RETURN(auto condition, QueryWord(ctx, "condition", 40));
        if (condition) {
          q.condition = monitoring::ParseCondition(*condition);
          if (!q.condition) return Status::InvalidArgument("unknown condition", "condition");
        }
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 1000));
        q.limit = limit.value_or(200);
        // After the other parameters, where the status was always judged.
        if (status) {
          STEWARD_ASSIGN_OR_RETURN(q.status, ReadAlertStatus(*status));
        }
        STEWARD_ASSIGN_OR_RETURN(auto alerts, m.ListAlerts(ctx.principal(), q));
        return ApiResponse::Ok(AlertListJson(alerts));
      },
      .doc = {"Alerts, newest first. Query: device_id, customer_id, status (open|resolved), "
              "condition (cpu_high, memory_high, system_volume_low, data_volume_low, event_log, "
              "backup_failed, ups, virus, offline), limit.",
              "monitoring", nullptr, ObjectSchema({{"alerts", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/alerts/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto alert, m.GetAlert(ctx.principal(), id));
        return ApiResponse::Ok(AlertDetailJson(alert));
      },
      .doc = {"An alert with its full history (events: opened, repeated, acknowledged, "
              "resolved).",
              "monitoring", nullptr, AlertSchema()},
      .owner_lookup = OwnerOf(m, MonitoringObject::kAlert),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/alerts/{id}/ack",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto alert, m.AcknowledgeAlert(ctx.actor(), id));
        return ApiResponse::Ok(AlertDetailJson(alert));
      },
      .doc = {"Acknowledge an open alert (409 once resolved). It stays open until its "
              "condition clears.",
              "monitoring", nullptr, AlertSchema()},
      .max_body_bytes = 1024,
      .owner_lookup = OwnerOf(m, MonitoringObject::kAlert),
  });
}

void AddPolicyRoutes(RouteTable& routes, MonitoringService& m) {
  const RoleSet managers{Role::kOwner, Role::kServiceManager};
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/monitoring/policies",
      .roles = RoleSet::AllStaff(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json out, m.ListPolicies(ctx.principal()));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The built-in default thresholds (SPEC §2) and every stored override.", "monitoring",
              nullptr, ObjectSchema({{"defaults", "object"}, {"policies", "array"}})},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/monitoring/policies",
      .roles = managers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, m.SetPolicy(ctx.actor(), body));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Create or replace the override of one scope: {\"scope\":\"global|customer|group|"
              "device\",\"scope_id\",\"settings\":{cpu_percent, cpu_minutes, cpu_clear_percent, "
              "memory_percent, memory_minutes, memory_clear_percent, system_volume_min_gb, "
              "system_volume_clear_gb, data_volume_min_percent, data_volume_clear_percent, "
              "event_log_max_severity, event_log_quiet_minutes, backup_max_age_hours, "
              "checkin_interval_seconds, offline_missed_checkins, max_sample_gap_seconds, "
              "disabled_conditions, on_call_user_id}}.",
              "monitoring",
              ObjectSchema({{"scope", "string"}, {"scope_id", "integer"}, {"settings", "object"}},
                           {"scope", "settings"}),
              ObjectSchema({{"id", "integer"},
                            {"scope", "string"},
                            {"scope_id", "integer"},
                            {"customer_id", "integer"},
                            {"settings", "object"},
                            {"updated_at", "string"}})},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/monitoring/policies/{id}",
      .roles = managers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(m.DeletePolicy(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove an override; the levels below it apply again.", "monitoring", nullptr,
              nullptr, 204},
      .owner_lookup = OwnerOf(m, MonitoringObject::kPolicy),
  });
}

void AddMaintenanceRoutes(RouteTable& routes, MonitoringService& m, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/maintenance-windows",
      .roles = RoleSet::Everyone(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(auto windows, m.ListMaintenanceWindows(ctx.principal(), customer));
        return ApiResponse::Ok(MaintenanceWindowListJson(windows));
      },
      .doc = {"Maintenance windows, newest first. Query: customer_id.", "monitoring", nullptr,
              ObjectSchema({{"maintenance_windows", "array"}})},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/maintenance-windows",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto window, ReadMaintenanceWindow(body));
        STEWARD_ASSIGN_OR_RETURN(auto created, m.CreateMaintenanceWindow(ctx.actor(), window));
        return ApiResponse::Created(MaintenanceWindowJson(created));
      },
      .doc = {"Suppress new alerts for a customer (or one device of it) from starts_at to "
              "ends_at (at most 31 days). Alerts already open stay open.",
              "monitoring",
              ObjectSchema({{"customer_id", "integer"},
                            {"device_id", "integer"},
                            {"starts_at", "string"},
                            {"ends_at", "string"},
                            {"reason", "string"}},
                           {"customer_id", "starts_at", "ends_at", "reason"}),
              WindowSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/maintenance-windows/{id}",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(m.DeleteMaintenanceWindow(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete a maintenance window.", "monitoring", nullptr, nullptr, 204},
      .owner_lookup = OwnerOf(m, MonitoringObject::kMaintenanceWindow),
  });
}

void AddGroupRoutes(RouteTable& routes, MonitoringService& m, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/device-groups",
      .roles = RoleSet::AllStaff(),
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(auto groups, m.ListGroups(ctx.principal(), customer));
        return ApiResponse::Ok(DeviceGroupListJson(groups));
      },
      .doc = {"Device groups (for policies) with their members. Query: customer_id.", "monitoring",
              nullptr, ObjectSchema({{"groups", "array"}})},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/device-groups",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto group, ReadDeviceGroup(body));
        STEWARD_ASSIGN_OR_RETURN(auto created, m.CreateGroup(ctx.actor(), group));
        return ApiResponse::Created(DeviceGroupJson(created));
      },
      .doc = {"Create a device group of a customer.", "monitoring",
              ObjectSchema({{"customer_id", "integer"}, {"name", "string"}},
                           {"customer_id", "name"}),
              GroupSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/device-groups/{id}/members",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(int64_t device, ReadGroupMember(body));
        STEWARD_ASSIGN_OR_RETURN(auto group, m.AddGroupMember(ctx.actor(), id, device));
        return ApiResponse::Ok(DeviceGroupJson(group));
      },
      .doc = {"Add a device (of the group's customer) to a group.", "monitoring",
              ObjectSchema({{"device_id", "integer"}}, {"device_id"}), GroupSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = OwnerOf(m, MonitoringObject::kGroup),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/device-groups/{id}/members/{device_id}",
      .roles = writers,
      .handler = [&m](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t device, ctx.PathId("device_id"));
        STEWARD_RETURN_IF_ERROR(m.RemoveGroupMember(ctx.actor(), id, device));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove a device from a group.", "monitoring", nullptr, nullptr, 204},
      .owner_lookup = OwnerOf(m, MonitoringObject::kGroup),
  });
}

}  // namespace

void AddMonitoringRoutes(RouteTable& routes, const ApiDeps& deps) {
  MonitoringService& m = deps.monitoring;
  const RoleSet writers{Role::kOwner, Role::kServiceManager, Role::kTechnician};
  AddIngestRoute(routes, m, writers);
  AddDeviceRoutes(routes, m);
  AddAlertRoutes(routes, m, writers);
  AddPolicyRoutes(routes, m);
  AddMaintenanceRoutes(routes, m, writers);
  AddGroupRoutes(routes, m, writers);
}

}  // namespace steward::api
