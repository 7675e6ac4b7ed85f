// Alert → incident ticket (SPEC §2 and §5): the service desk listens to
// monitoring. An alert that opens becomes an incident ticket (source
// "alert", the device as affected CI, the on-call user responsible, priority
// from severity: critical → high — one system affected, SPEC's "high" —,
// warning → normal); repeats and the resolution are added as internal notes.
// Runs inside the alert's transaction: both commit together or neither.
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using monitoring::AlertRecord;
using storage::Connection;

namespace {

Status AddNote(Connection& c, const AlertRecord& alert, Timestamp at, const std::string& text) {
  if (!alert.ticket_id) return Status::Ok();
  const accounts::Principal system = accounts::Principal::System("monitoring");
  STEWARD_ASSIGN_OR_RETURN(
      auto t, c.QueryOptional("SELECT customer_id FROM tickets WHERE id = ?", {*alert.ticket_id}));
  if (!t) return Status::Ok();  // the ticket is gone: nothing to note on
  STEWARD_RETURN_IF_ERROR(
      c.Execute("INSERT INTO ticket_replies (ticket_id, customer_id, parent_id, author_user_id,"
                " author, from_staff, internal, body, created_at)"
                " VALUES (?, ?, NULL, NULL, ?, 1, 1, ?, ?)",
                {*alert.ticket_id, t->Int("customer_id"), system.Label(), text, ToMillis(at)})
          .status());
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE tickets SET updated_at = ? WHERE id = ?", {ToMillis(at), *alert.ticket_id})
          .status());
  return audit::Record(c, at, {system, ""},
                       {"ticket.note",
                        "ticket",
                        std::to_string(*alert.ticket_id),
                        t->Int("customer_id"),
                        {{"alert_id", alert.id}}});
}

}  // namespace

Status ServiceDesk::OnAlertOpened(Connection& c, const AlertRecord& alert, Timestamp at) {
  const accounts::Principal system = accounts::Principal::System("monitoring");
  internal::NewTicket n;
  n.customer_id = alert.customer_id;
  std::string condition(monitoring::ConditionName(alert.condition));
  n.subject = internal::Printable("Alert: " + condition + " on " + alert.device_name, 200);
  n.description = "Monitoring opened alert #" + std::to_string(alert.id) + " (" + alert.severity +
                  ") at " + FormatIso8601(alert.opened_at) + ".\n" +
                  internal::Printable(alert.message, 4000);
  n.symptoms = internal::Printable(alert.message, 4000);
  n.priority = alert.severity == "critical" ? Priority::kHigh : Priority::kNormal;
  n.source = "alert";
  n.tags = {"alert", condition};
  n.ci_ids = {alert.device_id};
  n.preferred_assignee = alert.on_call_user_id;
  n.alert_id = alert.id;
  STEWARD_ASSIGN_OR_RETURN(int64_t ticket_id, internal::InsertTicket(c, n, at, {system, ""}));
  return monitoring::SetAlertTicket(c, alert.id, ticket_id);
}

Status ServiceDesk::OnAlertRepeated(Connection& c, const AlertRecord& alert, Timestamp at) {
  return AddNote(c, alert, at,
                 "Alert #" + std::to_string(alert.id) + " repeated (" +
                     std::to_string(alert.repeat_count) +
                     " times): " + internal::Printable(alert.message, 4000));
}

Status ServiceDesk::OnAlertResolved(Connection& c, const AlertRecord& alert, Timestamp at) {
  return AddNote(c, alert, at,
                 "Alert #" + std::to_string(alert.id) + " resolved at " + FormatIso8601(at) + ".");
}

}  // namespace steward::servicedesk
