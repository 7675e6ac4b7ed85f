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
#include "server/servicedesk/store/ticket_store.h"

namespace steward::servicedesk {

using monitoring::AlertRecord;
using storage::Connection;

namespace {

Status AddNote(Connection& c, const AlertRecord& alert, Timestamp at, const std::string& text) {
  if (!alert.ticket_id) return Status::Ok();
  const accounts::Principal system = accounts::Principal::System("monitoring");
  // The alert's own customer: an alert can only ever note on its customer's ticket.
  const storage::ScopedConnection sc(c, storage::TenantScope::Customer(alert.customer_id));
  TicketStore store(sc);
  STEWARD_ASSIGN_OR_RETURN(std::optional<int64_t> owner, store.Owner(*alert.ticket_id));
  if (!owner) return Status::Ok();  // the ticket is gone: nothing to note on
  TicketReply note;
  note.ticket_id = *alert.ticket_id;
  note.author = system.Label();
  note.from_staff = true;
  note.internal = true;
  note.body = text;
  note.created_at = ToMillis(at);
  STEWARD_RETURN_IF_ERROR(store.AddReply(note).status());
  STEWARD_RETURN_IF_ERROR(store.Touch(*alert.ticket_id, ToMillis(at)));
  return audit::Record(c, at, {system, ""},
                       {"ticket.note",
                        "ticket",
                        std::to_string(*alert.ticket_id),
                        *owner,
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
  const storage::ScopedConnection sc(c, storage::TenantScope::Customer(alert.customer_id));
  STEWARD_ASSIGN_OR_RETURN(int64_t ticket_id, internal::InsertTicket(sc, n, at, {system, ""}));
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
