// Threshold policies: the settings behind the evaluator, each write audited
// in its transaction; and the owner lookup of every monitoring object.
#include <limits>

#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/store/alert_store.h"
#include "server/monitoring/store/device_group_store.h"
#include "server/monitoring/store/device_lookup.h"
#include "server/monitoring/store/maintenance_window_store.h"

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
    storage::ScopedConnection sc(c, all);
    if (scope == "customer") {
      STEWARD_RETURN_IF_ERROR(DeviceLookup(sc).RequireCustomer(*scope_id));
      customer_id = *scope_id;
    } else if (scope == "group") {
      STEWARD_ASSIGN_OR_RETURN(DeviceGroup g, DeviceGroupStore(sc).Get(*scope_id));
      customer_id = g.customer_id;
    } else if (scope == "device") {
      STEWARD_ASSIGN_OR_RETURN(Device d, DeviceLookup(sc).Device(*scope_id));
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

// --- Ownership (404 vs 403) -----------------------------------------------

Result<std::optional<int64_t>> MonitoringService::OwnerOf(MonitoringObject kind, int64_t id) {
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, probe, [&](storage::ScopedConnection& sc) -> Status {
        // What the stores cannot find has no owner; any other error stands.
        auto take = [&](const Status& st, int64_t customer_id) -> Status {
          if (st.code() == StatusCode::kNotFound) return Status::Ok();
          STEWARD_RETURN_IF_ERROR(st);
          owner = customer_id;
          return Status::Ok();
        };
        switch (kind) {
          case MonitoringObject::kDevice: {
            auto d = DeviceLookup(sc).Device(id);
            // Another kind of CI is no device here either.
            if (!d.ok() && d.status().code() == StatusCode::kInvalidArgument) return Status::Ok();
            return take(d.status(), d.ok() ? d->customer_id : 0);
          }
          case MonitoringObject::kAlert: {
            auto a = AlertStore(sc).Get(id);
            return take(a.status(), a.ok() ? a->customer_id : 0);
          }
          case MonitoringObject::kMaintenanceWindow: {
            auto w = MaintenanceWindowStore(sc).Get(id);
            return take(w.status(), w.ok() ? w->customer_id : 0);
          }
          case MonitoringObject::kGroup: {
            auto g = DeviceGroupStore(sc).Get(id);
            return take(g.status(), g.ok() ? g->customer_id : 0);
          }
          case MonitoringObject::kPolicy: {
            STEWARD_ASSIGN_OR_RETURN(
                auto p, sc.connection().QueryOptional(
                            "SELECT customer_id FROM monitoring_policies WHERE id = ?", {id}));
            if (p) owner = p->OptInt("customer_id").value_or(0);
            return Status::Ok();
          }
        }
        return Status::Ok();
      }));
  return owner;
}

}  // namespace steward::monitoring
