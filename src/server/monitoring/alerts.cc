// Reading and acknowledging alerts.
#include "server/audit/audit_log.h"
#include "server/monitoring/alert_listener.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/monitoring/monitoring_service.h"

namespace steward::monitoring {

using storage::Connection;
using storage::Row;

Status SetAlertTicket(Connection& c, int64_t alert_id, int64_t ticket_id) {
  STEWARD_ASSIGN_OR_RETURN(
      int64_t n, c.Execute("UPDATE alerts SET ticket_id = ? WHERE id = ?", {ticket_id, alert_id}));
  if (n == 0) return Status::NotFound("alert", std::to_string(alert_id));
  return Status::Ok();
}

Result<Json> MonitoringService::ListAlerts(const accounts::Principal& viewer,
                                           const AlertQuery& query) {
  if (query.status && *query.status != "open" && *query.status != "resolved") {
    return Status::InvalidArgument("must be open or resolved", "status");
  }
  Json out = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    if (query.device_id) {
      STEWARD_RETURN_IF_ERROR(LoadDevice(c, viewer.scope(), *query.device_id).status());
    }
    if (query.customer_id) {
      STEWARD_RETURN_IF_ERROR(
          internal::RequireVisibleCustomer(c, viewer.scope(), *query.customer_id));
    }
    std::string sql = std::string(internal::kAlertSelect) +
                      " WHERE (CAST(? AS BIGINT) IS NULL OR a.device_id = ?)"
                      " AND (CAST(? AS BIGINT) IS NULL OR a.customer_id = ?)"
                      " AND (CAST(? AS TEXT) IS NULL OR a.status = ?)"
                      " AND (CAST(? AS TEXT) IS NULL OR a.condition_name = ?)";
    std::optional<std::string> cond;
    if (query.condition) cond = std::string(ConditionName(*query.condition));
    storage::Params params{query.device_id,
                           query.device_id,
                           query.customer_id,
                           query.customer_id,
                           query.status,
                           query.status,
                           cond,
                           cond};
    viewer.scope().AppendFilter(sql, params, "a.customer_id");
    sql += " ORDER BY a.opened_at DESC, a.id DESC LIMIT ?";
    params.push_back(query.limit);
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) out.push_back(internal::AlertJson(r));
    return Status::Ok();
  }));
  return Json{{"alerts", out}};
}

Result<Json> MonitoringService::GetAlert(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(internal::kAlertSelect) + " WHERE a.id = ?";
    storage::Params params{id};
    viewer.scope().AppendFilter(sql, params, "a.customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("alert", std::to_string(id));
    out = internal::AlertJson(*row);
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows events,
        c.Query("SELECT at, kind, message, actor_user_id FROM alert_events WHERE alert_id = ?"
                " ORDER BY id",
                {id}));
    Json list = Json::array();
    for (const Row& e : events) {
      list.push_back({{"at", internal::Iso(e.Int("at"))},
                      {"kind", e.Text("kind")},
                      {"message", e.Text("message")},
                      {"actor_user_id", e.OptInt("actor_user_id") ? Json(*e.OptInt("actor_user_id"))
                                                                  : Json(nullptr)}});
    }
    out["events"] = list;
    return Status::Ok();
  }));
  return out;
}

Result<Json> MonitoringService::AcknowledgeAlert(const accounts::Actor& actor, int64_t id) {
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    std::string sql = std::string(internal::kAlertSelect) + " WHERE a.id = ?";
    storage::Params params{id};
    actor.principal.scope().AppendFilter(sql, params, "a.customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("alert", std::to_string(id));
    if (row->Text("status") != "open") {
      return Status::FailedPrecondition("alert " + std::to_string(id) + " is already resolved");
    }
    if (row->OptInt("acknowledged_at")) return Status::Ok();
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                  {ToMillis(now), actor.principal.user_id, id})
            .status());
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO alert_events (alert_id, at, kind, message,"
                  " actor_user_id) VALUES (?, ?, 'acknowledged', ?, ?)",
                  {id, ToMillis(now), actor.principal.Label(), actor.principal.user_id})
            .status());
    return audit::Record(
        c, now, actor,
        {"alert.acknowledge",
         "alert",
         std::to_string(id),
         row->Int("customer_id"),
         {{"condition", row->Text("condition_name")}, {"device_id", row->Int("device_id")}}});
  }));
  return GetAlert(actor.principal, id);
}

}  // namespace steward::monitoring
