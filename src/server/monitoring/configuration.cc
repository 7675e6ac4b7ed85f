// Threshold policies, maintenance windows and device groups: the settings
// behind the evaluator, each write audited in its transaction.
#include <limits>

#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/monitoring/monitoring_service.h"

namespace steward::monitoring {

using storage::Connection;
using storage::Row;

namespace {

Status RequireStaff(const accounts::Principal& p, std::string_view what) {
  if (!p.scope().is_all()) {
    return Status::PermissionDenied(std::string(what) + " are managed by MSP staff");
  }
  return Status::Ok();
}

Json PolicyRowJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"scope", r.Text("scope")},
          {"scope_id", r.Int("scope_id")},
          {"customer_id", r.OptInt("customer_id") ? Json(*r.OptInt("customer_id")) : Json(nullptr)},
          {"settings", Json::parse(r.Text("settings_json"), nullptr, false)},
          {"updated_at", internal::Iso(r.Int("updated_at"))}};
}

Json WindowJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"customer_id", r.Int("customer_id")},
          {"device_id", r.OptInt("device_id") ? Json(*r.OptInt("device_id")) : Json(nullptr)},
          {"starts_at", internal::Iso(r.Int("starts_at"))},
          {"ends_at", internal::Iso(r.Int("ends_at"))},
          {"reason", r.Text("reason")},
          {"created_by", r.OptInt("created_by") ? Json(*r.OptInt("created_by")) : Json(nullptr)},
          {"created_at", internal::Iso(r.Int("created_at"))}};
}

}  // namespace

// --- Policies --------------------------------------------------------------

Result<Json> MonitoringService::ListPolicies(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(viewer, "policies"));
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, scope, scope_id, customer_id, settings_json, updated_at"
                " FROM monitoring_policies ORDER BY scope, scope_id"));
    for (const Row& r : rows) list.push_back(PolicyRowJson(r));
    return Status::Ok();
  }));
  return Json{{"defaults", PolicyJson(Policy{})}, {"policies", list}};
}

Result<Json> MonitoringService::SetPolicy(const accounts::Actor& actor, const Json& body) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(actor.principal, "policies"));
  ObjectReader r(body);
  std::string scope = r.RequiredEnum("scope", {"global", "customer", "group", "device"});
  std::optional<int64_t> scope_id = r.OptionalInt("scope_id", 1, kMaxId);
  const Json* settings_raw = r.OptionalRaw("settings");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!settings_raw) return Status::InvalidArgument("is required", "settings");
  STEWARD_ASSIGN_OR_RETURN(Json settings, ValidatePolicyOverride(*settings_raw));
  if (scope == "global") {
    if (scope_id) return Status::InvalidArgument("must be absent for the global scope", "scope_id");
    scope_id = 0;
  } else if (!scope_id) {
    return Status::InvalidArgument("is required for scope " + scope, "scope_id");
  }
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    std::optional<int64_t> customer_id;
    const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kConfiguration);
    if (scope == "customer") {
      STEWARD_RETURN_IF_ERROR(internal::RequireVisibleCustomer(c, all, *scope_id));
      customer_id = *scope_id;
    } else if (scope == "group") {
      STEWARD_ASSIGN_OR_RETURN(
          auto g,
          c.QueryOptional("SELECT customer_id FROM device_groups WHERE id = ?", {*scope_id}));
      if (!g) return Status::NotFound("device group", std::to_string(*scope_id));
      customer_id = g->Int("customer_id");
    } else if (scope == "device") {
      STEWARD_ASSIGN_OR_RETURN(Device d, LoadDevice(c, all, *scope_id));
      customer_id = d.customer_id;
    }
    if (settings.contains("on_call_user_id") && settings["on_call_user_id"].is_number_integer()) {
      STEWARD_ASSIGN_OR_RETURN(
          auto user, c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                     " AND disabled = 0",
                                     {settings["on_call_user_id"].get<int64_t>()}));
      if (!user) {
        return Status::InvalidArgument("must be an active staff user", "settings.on_call_user_id");
      }
    }
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO monitoring_policies (scope, scope_id, customer_id, settings_json,"
                  " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, scope_id) DO UPDATE"
                  " SET settings_json = excluded.settings_json, updated_at = excluded.updated_at",
                  {scope, *scope_id, customer_id, settings.dump(), ToMillis(now)})
            .status());
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("SELECT id, scope, scope_id, customer_id, settings_json, updated_at"
                            " FROM monitoring_policies WHERE scope = ? AND scope_id = ?",
                            {scope, *scope_id}));
    out = PolicyRowJson(row);
    return audit::Record(c, now, actor,
                         {"monitoring_policy.set",
                          "monitoring_policy",
                          std::to_string(row.Int("id")),
                          customer_id,
                          {{"scope", scope}, {"scope_id", *scope_id}, {"settings", settings}}});
  }));
  return out;
}

Status MonitoringService::DeletePolicy(const accounts::Actor& actor, int64_t id) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(actor.principal, "policies"));
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id, scope, scope_id, customer_id, settings_json,"
                                  " updated_at FROM monitoring_policies WHERE id = ?",
                                  {id}));
    if (!row) return Status::NotFound("policy", std::to_string(id));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM monitoring_policies WHERE id = ?", {id}).status());
    return audit::Record(c, clock_.Now(), actor,
                         {"monitoring_policy.delete",
                          "monitoring_policy",
                          std::to_string(id),
                          row->OptInt("customer_id"),
                          {{"scope", row->Text("scope")}, {"scope_id", row->Int("scope_id")}}});
  });
}

Result<Json> MonitoringService::EffectivePolicy(const accounts::Principal& viewer,
                                                int64_t device_id) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(viewer, "policies"));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Device d, LoadDevice(c, viewer.scope(), device_id));
    STEWARD_ASSIGN_OR_RETURN(Policy p, LoadPolicy(c, d));
    out = {{"device_id", device_id}, {"policy", PolicyJson(p)}};
    return Status::Ok();
  }));
  return out;
}

// --- Maintenance windows ---------------------------------------------------

Result<Json> MonitoringService::CreateMaintenanceWindow(const accounts::Actor& actor,
                                                        const Json& body) {
  ObjectReader r(body);
  int64_t customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  std::optional<int64_t> device_id = r.OptionalInt("device_id", 1, kMaxId);
  std::string starts = r.RequiredString("starts_at", 1, 40);
  std::string ends = r.RequiredString("ends_at", 1, 40);
  std::string reason = r.RequiredString("reason", 1, 500);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  auto starts_at = ParseIso8601(starts);
  if (!starts_at.ok()) return Status::InvalidArgument("must be an ISO 8601 timestamp", "starts_at");
  auto ends_at = ParseIso8601(ends);
  if (!ends_at.ok()) return Status::InvalidArgument("must be an ISO 8601 timestamp", "ends_at");
  if (*ends_at <= *starts_at) return Status::InvalidArgument("must be after starts_at", "ends_at");
  if (*ends_at - *starts_at > std::chrono::hours(24 * 31)) {
    return Status::InvalidArgument("a window lasts at most 31 days", "ends_at");
  }
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    if (device_id) {
      auto d = LoadDevice(c, actor.principal.scope(), *device_id);
      if (!d.ok()) return Status(d.status().code(), d.status().message(), "device_id");
      if (d->customer_id != customer_id) {
        return Status::InvalidArgument("is not a device of this customer", "device_id");
      }
    }
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO maintenance_windows (customer_id, device_id, starts_at, ends_at,"
                   " reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {customer_id, device_id, ToMillis(*starts_at), ToMillis(*ends_at), reason,
                    actor.principal.user_id ? std::optional<int64_t>(actor.principal.user_id)
                                            : std::nullopt,
                    ToMillis(now)}));
    int64_t id = inserted.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row row,
                             c.QueryOne("SELECT * FROM maintenance_windows WHERE id = ?", {id}));
    out = WindowJson(row);
    return audit::Record(c, now, actor,
                         {"maintenance_window.create",
                          "maintenance_window",
                          std::to_string(id),
                          customer_id,
                          {{"device_id", out["device_id"]},
                           {"starts_at", out["starts_at"]},
                           {"ends_at", out["ends_at"]},
                           {"reason", reason}}});
  }));
  return out;
}

Result<Json> MonitoringService::ListMaintenanceWindows(const accounts::Principal& viewer,
                                                       std::optional<int64_t> customer_id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    if (customer_id) {
      STEWARD_RETURN_IF_ERROR(internal::RequireVisibleCustomer(c, viewer.scope(), *customer_id));
    }
    std::string sql =
        "SELECT * FROM maintenance_windows WHERE (CAST(? AS BIGINT) IS NULL OR customer_id = ?)";
    storage::Params params{customer_id, customer_id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY starts_at DESC, id DESC LIMIT 500";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) list.push_back(WindowJson(r));
    return Status::Ok();
  }));
  return Json{{"maintenance_windows", list}};
}

Status MonitoringService::DeleteMaintenanceWindow(const accounts::Actor& actor, int64_t id) {
  return db_.Transact([&](Connection& c) -> Status {
    std::string sql = "SELECT * FROM maintenance_windows WHERE id = ?";
    storage::Params params{id};
    actor.principal.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("maintenance window", std::to_string(id));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM maintenance_windows WHERE id = ?", {id}).status());
    return audit::Record(c, clock_.Now(), actor,
                         {"maintenance_window.delete", "maintenance_window", std::to_string(id),
                          row->Int("customer_id"), WindowJson(*row)});
  });
}

// --- Device groups ---------------------------------------------------------

Result<Json> MonitoringService::CreateGroup(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  int64_t customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  std::string name = r.RequiredString("name", 1, 100);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    STEWARD_ASSIGN_OR_RETURN(
        auto dup, c.QueryOptional("SELECT id FROM device_groups WHERE customer_id = ? AND name = ?",
                                  {customer_id, name}));
    if (dup) return Status::AlreadyExists("a group of this name exists", "name");
    STEWARD_ASSIGN_OR_RETURN(Row inserted,
                             c.QueryOne("INSERT INTO device_groups (customer_id, name, created_at)"
                                        " VALUES (?, ?, ?) RETURNING id",
                                        {customer_id, name, ToMillis(now)}));
    int64_t id = inserted.Int("id");
    out = {{"id", id}, {"customer_id", customer_id}, {"name", name}, {"device_ids", Json::array()}};
    return audit::Record(
        c, now, actor,
        {"device_group.create", "device_group", std::to_string(id), customer_id, {{"name", name}}});
  }));
  return out;
}

Result<Json> MonitoringService::ListGroups(const accounts::Principal& viewer,
                                           std::optional<int64_t> customer_id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    if (customer_id) {
      STEWARD_RETURN_IF_ERROR(internal::RequireVisibleCustomer(c, viewer.scope(), *customer_id));
    }
    std::string sql =
        "SELECT id, customer_id, name FROM device_groups"
        " WHERE (CAST(? AS BIGINT) IS NULL OR customer_id = ?)";
    storage::Params params{customer_id, customer_id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY customer_id, name";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows members,
          c.Query(
              "SELECT device_id FROM device_group_members WHERE group_id = ? ORDER BY device_id",
              {r.Int("id")}));
      Json ids = Json::array();
      for (const Row& m : members) ids.push_back(m.Int("device_id"));
      list.push_back({{"id", r.Int("id")},
                      {"customer_id", r.Int("customer_id")},
                      {"name", r.Text("name")},
                      {"device_ids", ids}});
    }
    return Status::Ok();
  }));
  return Json{{"groups", list}};
}

Result<Json> MonitoringService::AddGroupMember(const accounts::Actor& actor, int64_t group_id,
                                               const Json& body) {
  ObjectReader r(body);
  int64_t device_id = r.RequiredInt("device_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    std::string sql = "SELECT id, customer_id, name FROM device_groups WHERE id = ?";
    storage::Params params{group_id};
    actor.principal.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto group, c.QueryOptional(sql, params));
    if (!group) return Status::NotFound("device group", std::to_string(group_id));
    auto d = LoadDevice(c, actor.principal.scope(), device_id);
    if (!d.ok()) return Status(d.status().code(), d.status().message(), "device_id");
    if (d->customer_id != group->Int("customer_id")) {
      return Status::InvalidArgument("is not a device of the group's customer", "device_id");
    }
    STEWARD_ASSIGN_OR_RETURN(
        auto existing,
        c.QueryOptional("SELECT group_id FROM device_group_members WHERE group_id = ?"
                        " AND device_id = ?",
                        {group_id, device_id}));
    if (existing) return Status::Ok();
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO device_group_members (group_id, device_id) VALUES (?, ?)",
                  {group_id, device_id})
            .status());
    return audit::Record(c, clock_.Now(), actor,
                         {"device_group.add_member",
                          "device_group",
                          std::to_string(group_id),
                          group->Int("customer_id"),
                          {{"device_id", device_id}}});
  }));
  Json out;
  STEWARD_ASSIGN_OR_RETURN(Json groups, ListGroups(actor.principal, std::nullopt));
  for (const Json& g : groups["groups"]) {
    if (g["id"] == group_id) out = g;
  }
  return out;
}

Status MonitoringService::RemoveGroupMember(const accounts::Actor& actor, int64_t group_id,
                                            int64_t device_id) {
  return db_.Transact([&](Connection& c) -> Status {
    std::string sql = "SELECT id, customer_id FROM device_groups WHERE id = ?";
    storage::Params params{group_id};
    actor.principal.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto group, c.QueryOptional(sql, params));
    if (!group) return Status::NotFound("device group", std::to_string(group_id));
    STEWARD_ASSIGN_OR_RETURN(
        int64_t n,
        c.Execute("DELETE FROM device_group_members WHERE group_id = ? AND device_id = ?",
                  {group_id, device_id}));
    if (n == 0) return Status::NotFound("group member", std::to_string(device_id));
    return audit::Record(c, clock_.Now(), actor,
                         {"device_group.remove_member",
                          "device_group",
                          std::to_string(group_id),
                          group->Int("customer_id"),
                          {{"device_id", device_id}}});
  });
}

// --- Ownership (404 vs 403) -----------------------------------------------

Result<std::optional<int64_t>> MonitoringService::OwnerOf(MonitoringObject kind, int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::optional<Row> row;
    switch (kind) {
      case MonitoringObject::kDevice: {
        STEWARD_ASSIGN_OR_RETURN(row, c.QueryOptional("SELECT customer_id FROM cis WHERE id = ?"
                                                      " AND kind IN ('server', 'workstation')",
                                                      {id}));
        break;
      }
      case MonitoringObject::kAlert: {
        STEWARD_ASSIGN_OR_RETURN(
            row, c.QueryOptional("SELECT customer_id FROM alerts WHERE id = ?", {id}));
        break;
      }
      case MonitoringObject::kMaintenanceWindow: {
        STEWARD_ASSIGN_OR_RETURN(
            row, c.QueryOptional("SELECT customer_id FROM maintenance_windows WHERE id = ?", {id}));
        break;
      }
      case MonitoringObject::kGroup: {
        STEWARD_ASSIGN_OR_RETURN(
            row, c.QueryOptional("SELECT customer_id FROM device_groups WHERE id = ?", {id}));
        break;
      }
      case MonitoringObject::kPolicy: {
        STEWARD_ASSIGN_OR_RETURN(
            auto p,
            c.QueryOptional("SELECT customer_id FROM monitoring_policies WHERE id = ?", {id}));
        if (p) owner = p->OptInt("customer_id").value_or(0);
        return Status::Ok();
      }
    }
    if (row) owner = row->Int("customer_id");
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::monitoring
