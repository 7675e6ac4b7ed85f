// Maintenance windows: typed commands over MaintenanceWindowStore, each in
// one transaction under the caller's scope with its audit record.
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/rules/maintenance_window_check.h"
#include "server/monitoring/store/device_lookup.h"
#include "server/monitoring/store/maintenance_window_store.h"

namespace steward::monitoring {

using storage::ScopedConnection;

namespace {

Json OptIdJson(const std::optional<int64_t>& id) { return id ? Json(*id) : Json(nullptr); }

// The audit trail keeps a deleted window whole. This is the audit record's
// format, kept as it always was; the API renders windows in api/.
Json WindowAuditDetails(const MaintenanceWindow& w) {
  return {{"id", w.id},
          {"customer_id", w.customer_id},
          {"device_id", OptIdJson(w.device_id)},
          {"starts_at", FormatIso8601(w.starts_at)},
          {"ends_at", FormatIso8601(w.ends_at)},
          {"reason", w.reason},
          {"created_by", OptIdJson(w.created_by)},
          {"created_at", FormatIso8601(w.created_at)}};
}

}  // namespace

Result<MaintenanceWindow> MonitoringService::CreateMaintenanceWindow(
    const accounts::Actor& actor, const NewMaintenanceWindow& window) {
  STEWARD_RETURN_IF_ERROR(CheckMaintenanceWindow(window));
  MaintenanceWindow out;
  const Timestamp now = clock_.Now();
  const accounts::Principal& who = actor.principal;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, who.scope(), [&](ScopedConnection& sc) -> Status {
        DeviceLookup lookup(sc);
        STEWARD_RETURN_IF_ERROR(lookup.RequireCustomer(window.customer_id));
        if (window.device_id) {
          auto d = lookup.Device(*window.device_id);
          if (!d.ok()) return Status(d.status().code(), d.status().message(), "device_id");
          if (d->customer_id != window.customer_id) {
            return Status::InvalidArgument("is not a device of this customer", "device_id");
          }
        }
        MaintenanceWindowStore store(sc);
        std::optional<int64_t> created_by;
        if (who.user_id) created_by = who.user_id;
        STEWARD_ASSIGN_OR_RETURN(int64_t id, store.Insert(window, created_by, now));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return audit::Record(sc.connection(), now, actor,
                             {"maintenance_window.create",
                              "maintenance_window",
                              std::to_string(id),
                              window.customer_id,
                              {{"device_id", OptIdJson(out.device_id)},
                               {"starts_at", FormatIso8601(out.starts_at)},
                               {"ends_at", FormatIso8601(out.ends_at)},
                               {"reason", out.reason}}});
      }));
  return out;
}

Result<std::vector<MaintenanceWindow>> MonitoringService::ListMaintenanceWindows(
    const accounts::Principal& viewer, std::optional<int64_t> customer_id) {
  std::vector<MaintenanceWindow> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        if (customer_id) STEWARD_RETURN_IF_ERROR(DeviceLookup(sc).RequireCustomer(*customer_id));
        STEWARD_ASSIGN_OR_RETURN(out, MaintenanceWindowStore(sc).List(customer_id));
        return Status::Ok();
      }));
  return out;
}

Status MonitoringService::DeleteMaintenanceWindow(const accounts::Actor& actor, int64_t id) {
  return storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
    MaintenanceWindowStore store(sc);
    STEWARD_ASSIGN_OR_RETURN(MaintenanceWindow w, store.Get(id));
    STEWARD_RETURN_IF_ERROR(store.Delete(id));
    return audit::Record(sc.connection(), clock_.Now(), actor,
                         {"maintenance_window.delete", "maintenance_window", std::to_string(id),
                          w.customer_id, WindowAuditDetails(w)});
  });
}

}  // namespace steward::monitoring
