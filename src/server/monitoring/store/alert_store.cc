#include "server/monitoring/store/alert_store.h"

#include <string>
#include <string_view>

namespace steward::monitoring {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

// The alert row with its device's name, as people read it.
constexpr std::string_view kAlertColumns =
    "SELECT a.id, a.customer_id, a.device_id, a.condition_name, a.severity, a.status, a.message,"
    " a.opened_at, a.last_event_at, a.repeat_count, a.acknowledged_at, a.acknowledged_by,"
    " a.resolved_at, a.ticket_id, d.name AS device_name FROM alerts a JOIN cis d ON d.id = "
    "a.device_id";

std::optional<Timestamp> OptTime(const Row& r, const char* column) {
  if (auto ms = r.OptInt(column)) return FromMillis(*ms);
  return std::nullopt;
}

Result<Alert> AlertOf(const Row& r) {
  auto condition = ParseCondition(r.Text("condition_name"));
  auto status = ParseAlertStatus(r.Text("status"));
  if (!condition || !status) {
    return Status::Internal("alert " + std::to_string(r.Int("id")) + " is corrupt");
  }
  Alert a;
  a.id = r.Int("id");
  a.customer_id = r.Int("customer_id");
  a.device_id = r.Int("device_id");
  a.device_name = r.Text("device_name");
  a.condition = *condition;
  a.severity = r.Text("severity");
  a.status = *status;
  a.message = r.Text("message");
  a.opened_at = FromMillis(r.Int("opened_at"));
  a.last_event_at = FromMillis(r.Int("last_event_at"));
  a.repeat_count = r.Int("repeat_count");
  a.acknowledged_at = OptTime(r, "acknowledged_at");
  a.acknowledged_by = r.OptInt("acknowledged_by");
  a.resolved_at = OptTime(r, "resolved_at");
  a.ticket_id = r.OptInt("ticket_id");
  return a;
}

Result<std::vector<Alert>> AlertsOf(const Rows& rows) {
  std::vector<Alert> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(Alert a, AlertOf(r));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Result<std::vector<Alert>> AlertStore::List(const AlertQuery& query) {
  std::string sql = std::string(kAlertColumns) +
                    " WHERE (CAST(? AS BIGINT) IS NULL OR a.device_id = ?)"
                    " AND (CAST(? AS BIGINT) IS NULL OR a.customer_id = ?)"
                    " AND (CAST(? AS TEXT) IS NULL OR a.status = ?)"
                    " AND (CAST(? AS TEXT) IS NULL OR a.condition_name = ?)";
  std::optional<std::string> status;
  if (query.status) status = std::string(AlertStatusName(*query.status));
  std::optional<std::string> condition;
  if (query.condition) condition = std::string(ConditionName(*query.condition));
  Params params{query.device_id, query.device_id, query.customer_id, query.customer_id,
                status,          status,          condition,         condition};
  c_.scope().AppendFilter(sql, params, "a.customer_id");
  sql += " ORDER BY a.opened_at DESC, a.id DESC LIMIT ?";
  params.push_back(query.limit);
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return AlertsOf(rows);
}

Result<Alert> AlertStore::Get(int64_t id) {
  std::string sql = std::string(kAlertColumns) + " WHERE a.id = ?";
  Params params{id};
  c_.scope().AppendFilter(sql, params, "a.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("alert", std::to_string(id));
  return AlertOf(*row);
}

Result<std::optional<Alert>> AlertStore::OpenFor(int64_t device_id, Condition condition) {
  std::string sql = std::string(kAlertColumns) +
                    " WHERE a.device_id = ? AND a.condition_name = ? AND a.status = 'open'";
  Params params{device_id, std::string(ConditionName(condition))};
  c_.scope().AppendFilter(sql, params, "a.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<Alert>();
  STEWARD_ASSIGN_OR_RETURN(Alert a, AlertOf(*row));
  return std::optional<Alert>(std::move(a));
}

Result<std::vector<AlertEvent>> AlertStore::Events(int64_t alert_id) {
  std::string sql =
      "SELECT e.at, e.kind, e.message, e.actor_user_id FROM alert_events e"
      " JOIN alerts a ON a.id = e.alert_id WHERE e.alert_id = ?";
  Params params{alert_id};
  c_.scope().AppendFilter(sql, params, "a.customer_id");
  sql += " ORDER BY e.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<AlertEvent> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back(AlertEvent{FromMillis(r.Int("at")), r.Text("kind"), r.Text("message"),
                             r.OptInt("actor_user_id")});
  }
  return out;
}

Result<int64_t> AlertStore::CountOpen(int64_t device_id) {
  std::string sql = "SELECT COUNT(*) AS n FROM alerts WHERE device_id = ? AND status = 'open'";
  Params params{device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row row, c_.connection().QueryOne(sql, params));
  return row.Int("n");
}

Result<int64_t> AlertStore::Open(int64_t customer_id, int64_t device_id, Condition condition,
                                 std::string_view severity, const std::string& message,
                                 Timestamp at, int64_t repeat_count) {
  if (!c_.scope().Allows(customer_id)) {
    return Status::NotFound("customer", std::to_string(customer_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row inserted,
      c_.connection().QueryOne(
          "INSERT INTO alerts (customer_id, device_id, condition_name, severity, status,"
          " message, opened_at, last_event_at, repeat_count) VALUES"
          " (?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
          {customer_id, device_id, std::string(ConditionName(condition)), std::string(severity),
           message, ToMillis(at), ToMillis(at), repeat_count}));
  int64_t id = inserted.Int("id");
  STEWARD_RETURN_IF_ERROR(AddEvent(id, at, "opened", message));
  return id;
}

Status AlertStore::Repeat(int64_t id, int64_t raises, std::string_view severity,
                          const std::string& message, Timestamp at) {
  std::string sql =
      "UPDATE alerts SET repeat_count = repeat_count + ?, last_event_at = ?, severity = ?,"
      " message = ? WHERE id = ?";
  Params params{raises, ToMillis(at), std::string(severity), message, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("alert", std::to_string(id));
  return AddEvent(id, at, "repeated", message);
}

Status AlertStore::Resolve(int64_t id, Timestamp at) {
  std::string sql =
      "UPDATE alerts SET status = 'resolved', resolved_at = ?, last_event_at = ? WHERE id = ?";
  Params params{ToMillis(at), ToMillis(at), id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("alert", std::to_string(id));
  return AddEvent(id, at, "resolved", "condition cleared");
}

// Only after the alert was found or written in scope.
Status AlertStore::AddEvent(int64_t alert_id, Timestamp at, std::string_view kind,
                            const std::string& message) {
  return c_.connection()
      .Execute("INSERT INTO alert_events (alert_id, at, kind, message) VALUES (?, ?, ?, ?)",
               {alert_id, ToMillis(at), std::string(kind), message})
      .status();
}

Status AlertStore::Acknowledge(int64_t id, Timestamp at, int64_t user_id,
                               const std::string& actor_label) {
  std::string sql = "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?";
  Params params{ToMillis(at), user_id, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("alert", std::to_string(id));
  return c_.connection()
      .Execute(
          "INSERT INTO alert_events (alert_id, at, kind, message,"
          " actor_user_id) VALUES (?, ?, 'acknowledged', ?, ?)",
          {id, ToMillis(at), actor_label, user_id})
      .status();
}

}  // namespace steward::monitoring
