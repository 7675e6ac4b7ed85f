// Reading and acknowledging alerts: typed commands over AlertStore, each in
// one transaction under the caller's scope, the acknowledgement with its
// audit record.
#include "server/audit/audit_log.h"
#include "server/monitoring/alert_listener.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/rules/acknowledgement.h"
#include "server/monitoring/store/alert_store.h"
#include "server/monitoring/store/device_lookup.h"

namespace steward::monitoring {

using storage::ScopedConnection;

Status SetAlertTicket(storage::Connection& c, int64_t alert_id, int64_t ticket_id) {
  STEWARD_ASSIGN_OR_RETURN(
      int64_t n, c.Execute("UPDATE alerts SET ticket_id = ? WHERE id = ?", {ticket_id, alert_id}));
  if (n == 0) return Status::NotFound("alert", std::to_string(alert_id));
  return Status::Ok();
}

namespace {

Result<AlertDetail> LoadAlertDetail(const ScopedConnection& sc, int64_t id) {
  AlertStore store(sc);
  AlertDetail out;
  STEWARD_ASSIGN_OR_RETURN(out.alert, store.Get(id));
  STEWARD_ASSIGN_OR_RETURN(out.events, store.Events(id));
  return out;
}

}  // namespace

Result<std::vector<Alert>> MonitoringService::ListAlerts(const accounts::Principal& viewer,
                                                         const AlertQuery& query) {
  std::vector<Alert> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        DeviceLookup lookup(sc);
        // A named device or customer out of sight is NotFound, not an empty list.
        if (query.device_id) STEWARD_RETURN_IF_ERROR(lookup.Device(*query.device_id).status());
        if (query.customer_id) STEWARD_RETURN_IF_ERROR(lookup.RequireCustomer(*query.customer_id));
        STEWARD_ASSIGN_OR_RETURN(out, AlertStore(sc).List(query));
        return Status::Ok();
      }));
  return out;
}

Result<AlertDetail> MonitoringService::GetAlert(const accounts::Principal& viewer, int64_t id) {
  AlertDetail out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, LoadAlertDetail(sc, id));
        return Status::Ok();
      }));
  return out;
}

Result<AlertDetail> MonitoringService::AcknowledgeAlert(const accounts::Actor& actor, int64_t id) {
  const Timestamp now = clock_.Now();
  const accounts::Principal& who = actor.principal;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, who.scope(), [&](ScopedConnection& sc) -> Status {
        AlertStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Alert alert, store.Get(id));
        STEWARD_ASSIGN_OR_RETURN(bool needed, NeedsAcknowledgement(alert));
        if (!needed) return Status::Ok();
        STEWARD_RETURN_IF_ERROR(store.Acknowledge(id, now, who.user_id, who.Label()));
        return audit::Record(sc.connection(), now, actor,
                             {"alert.acknowledge",
                              "alert",
                              std::to_string(id),
                              alert.customer_id,
                              {{"condition", std::string(ConditionName(alert.condition))},
                               {"device_id", alert.device_id}}});
      }));
  // Read after the commit, as a viewer would see it.
  return GetAlert(who, id);
}

}  // namespace steward::monitoring
