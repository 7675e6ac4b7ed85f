// The ticket's shared steps over the ticket store: loading in a scope, the
// calendar its SLA runs on, history events, first response and breaches,
// status changes with the pausing SLA clock, and inserting a new ticket.
// The decisions are rules (rules/sla_clock.h); these apply them.
#include "core/strings.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/servicedesk/calendar_json.h"
#include "server/servicedesk/kb_index.h"
#include "server/servicedesk/rules/sla_clock.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"

namespace steward::servicedesk::internal {

using storage::Connection;
using storage::ScopedConnection;

std::string Printable(std::string_view text, size_t max_len) {
  std::string out(Utf8Prefix(text, max_len));
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  return out;
}

Result<Ticket> LoadTicket(Connection& c, const storage::TenantScope& scope, int64_t id) {
  return TicketStore(ScopedConnection(c, scope)).Get(id);
}

Result<BusinessCalendar> LoadCalendar(Connection& c, std::optional<int64_t> id) {
  if (!id) return AlwaysOpen("UTC");
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT time_zone, hours_json, holidays_json"
                                                     " FROM business_calendars WHERE id = ?",
                                                     {*id}));
  if (!row) return AlwaysOpen("UTC");
  Json hours = Json::parse(row->Text("hours_json"), nullptr, false);
  Json holidays = Json::parse(row->Text("holidays_json"), nullptr, false);
  auto cal = BuildCalendar(row->Text("time_zone"), hours, holidays);
  if (!cal.ok()) {
    // Stored calendars were validated on the way in; a time zone removed
    // from the system's tz database since is the one way to get here.
    return Status::FailedPrecondition("calendar " + std::to_string(*id) +
                                      " cannot be used: " + cal.status().message());
  }
  return cal;
}

Status AddEvent(const ScopedConnection& c, int64_t ticket_id, Timestamp at,
                const accounts::Principal& actor, std::string_view kind,
                std::optional<std::string> old_value, std::optional<std::string> new_value,
                std::optional<std::string> note) {
  std::optional<int64_t> actor_id;
  if (actor.user_id > 0) actor_id = actor.user_id;
  return TicketStore(c).AddEvent(
      ticket_id, {ToMillis(at), actor_id, actor.Label(), std::string(kind), std::move(old_value),
                  std::move(new_value), std::move(note)});
}

Status RequireActiveStaff(Connection& c, int64_t user_id, const std::string& field) {
  STEWARD_ASSIGN_OR_RETURN(auto row,
                           c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                           " AND disabled = 0",
                                           {user_id}));
  if (!row) return Status::InvalidArgument("must be an active staff user", field);
  return Status::Ok();
}

Result<std::optional<int64_t>> ContactOfUser(Connection& c, int64_t user_id) {
  STEWARD_ASSIGN_OR_RETURN(auto u,
                           c.QueryOptional("SELECT contact_id FROM users WHERE id = ?", {user_id}));
  if (!u) return std::optional<int64_t>();
  return u->OptInt("contact_id");
}

Result<int64_t> DefaultAssignee(Connection& c, std::optional<int64_t> preferred) {
  if (preferred) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                  " AND disabled = 0",
                                  {*preferred}));
    if (row) return row->Int("id");
  }
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT id FROM users WHERE role <> 'portal' AND disabled = 0"
                                " ORDER BY on_call DESC, CASE role WHEN 'service_manager' THEN 0"
                                " WHEN 'owner' THEN 1 ELSE 2 END, id LIMIT 1",
                                storage::Params{}));
  if (!row) return Status::FailedPrecondition("there is no active staff user to take the ticket");
  return row->Int("id");
}

Status RecordBreach(const ScopedConnection& c, int64_t ticket_id, std::string_view kind,
                    int64_t due_at, Timestamp at) {
  return TicketStore(c).RecordBreach(ticket_id, kind, due_at, ToMillis(at)).status();
}

Status RecordFirstResponse(const ScopedConnection& c, const Ticket& t, Timestamp at) {
  if (t.first_response_at) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(TicketStore(c).SetFirstResponse(t.id, ToMillis(at)).status());
  if (FirstResponseLate(t, at)) {
    // Late: the breach happened when the target passed.
    return RecordBreach(c, t.id, "response", *t.response_due, FromMillis(*t.response_due));
  }
  return Status::Ok();
}

Status ApplyStatus(const ScopedConnection& c, const Ticket& t, TicketStatus to, Timestamp now,
                   const accounts::Principal& actor, std::optional<std::string> note) {
  STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, LoadCalendar(c.connection(), t.calendar_id));
  SlaClock clock = ClockAfterStatusChange(cal, t, to, now);
  // Only from the status the caller checked: two concurrent changes cannot
  // both apply a transition decided on the same old status.
  STEWARD_RETURN_IF_ERROR(TicketStore(c).SetStatus(t, to, clock, ToMillis(now)));
  STEWARD_RETURN_IF_ERROR(AddEvent(c, t.id, now, actor, "status", std::string(StatusName(t.status)),
                                   std::string(StatusName(to)), std::move(note)));
  // A closed ticket's resolution becomes searchable knowledge.
  if (to == TicketStatus::kClosed) {
    STEWARD_RETURN_IF_ERROR(kb::IndexClosedTicket(c.connection(), t.id));
  }
  if (to == TicketStatus::kOpen) {
    Ticket shifted = t;
    shifted.response_due = clock.response_due;
    STEWARD_RETURN_IF_ERROR(RecordFirstResponse(c, shifted, now));
  }
  return Status::Ok();
}

Result<int64_t> InsertTicket(const ScopedConnection& c, const NewTicket& n, Timestamp now,
                             const accounts::Actor& actor) {
  TicketStore store(c);
  // The contract's day is UTC's here: a contract signed for the 1st holds
  // from midnight UTC (hours apart from the customer's own midnight).
  STEWARD_ASSIGN_OR_RETURN(CustomerSla terms,
                           store.CustomerTerms(n.customer_id, FormatIso8601(now).substr(0, 10)));
  STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, LoadCalendar(c.connection(), terms.calendar_id));
  if (n.contact_id) STEWARD_RETURN_IF_ERROR(store.CheckContact(n.customer_id, *n.contact_id));
  STEWARD_RETURN_IF_ERROR(store.CheckCis(n.customer_id, n.ci_ids));
  TicketDraft d;
  d.customer_id = n.customer_id;
  d.contact_id = n.contact_id;
  d.subject = n.subject;
  d.description = n.description;
  d.symptoms = n.symptoms;
  d.steps_to_reproduce = n.steps_to_reproduce;
  d.recent_changes = n.recent_changes;
  d.priority = n.priority;
  d.source = n.source;
  d.tags = n.tags;
  if (n.assignee_id) {
    STEWARD_RETURN_IF_ERROR(RequireActiveStaff(c.connection(), *n.assignee_id, "assignee_id"));
    d.assignee_id = *n.assignee_id;
  } else {
    STEWARD_ASSIGN_OR_RETURN(d.assignee_id, DefaultAssignee(c.connection(), n.preferred_assignee));
  }
  if (actor.principal.user_id > 0) d.reported_by = actor.principal.user_id;
  d.sla_policy = terms.sla_policy;
  d.sla_terms = terms.contract_terms;
  d.calendar_id = terms.calendar_id;
  DueTimes due = InitialDueTimes(cal, terms.sla_policy, terms.contract_terms, n.priority, now);
  d.response_due = due.response_due;
  d.resolution_due = due.resolution_due;
  d.alert_id = n.alert_id;
  d.requester_email = n.requester_email;
  d.created_at = ToMillis(now);
  STEWARD_ASSIGN_OR_RETURN(int64_t id, store.Insert(d));
  STEWARD_RETURN_IF_ERROR(store.LinkCis(id, n.ci_ids));
  STEWARD_RETURN_IF_ERROR(AddEvent(c, id, now, actor.principal, "assignee", std::nullopt,
                                   std::to_string(d.assignee_id), "received"));
  STEWARD_RETURN_IF_ERROR(audit::Record(c.connection(), now, actor,
                                        {"ticket.create",
                                         "ticket",
                                         std::to_string(id),
                                         n.customer_id,
                                         {{"priority", PriorityName(n.priority)},
                                          {"source", n.source},
                                          {"assignee_id", d.assignee_id}}}));
  // The acknowledgement with the reference and the response target.
  if (n.acknowledge) {
    STEWARD_RETURN_IF_ERROR(MailCustomer(c, id, CustomerMail::kAcknowledgement, now));
  }
  return id;
}

}  // namespace steward::servicedesk::internal
