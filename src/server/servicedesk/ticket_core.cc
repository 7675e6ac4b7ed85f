// The ticket's core rules over storage: loading with the tenant scope, the
// calendar its SLA runs on, history events, first response and breaches, and
// status changes with the pausing SLA clock.
#include <algorithm>

#include "core/time_format.h"
#include "server/servicedesk/kb_index.h"
#include "server/servicedesk/servicedesk_internal.h"

namespace steward::servicedesk::internal {

using storage::Connection;
using storage::Row;

Json IsoOrNull(std::optional<int64_t> millis) {
  return millis ? Json(FormatIso8601(FromMillis(*millis))) : Json(nullptr);
}

std::string Printable(std::string_view text, size_t max_len) {
  std::string out(text.substr(0, max_len));
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  }
  return out;
}

Result<Ticket> LoadTicket(Connection& c, const storage::TenantScope& scope, int64_t id) {
  std::string sql(kTicketSelect);
  storage::Params params = {id};
  scope.AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("ticket", std::to_string(id));
  Ticket t;
  t.id = row->Int("id");
  t.customer_id = row->Int("customer_id");
  t.status = ParseStatus(row->Text("status")).value_or(TicketStatus::kNew);
  t.priority = ParsePriority(row->Text("priority")).value_or(Priority::kNormal);
  t.assignee_id = row->Int("assignee_id");
  t.sla_policy = row->Text("sla_policy");
  t.calendar_id = row->OptInt("calendar_id");
  t.response_due = row->OptInt("response_due");
  t.resolution_due = row->OptInt("resolution_due");
  t.first_response_at = row->OptInt("first_response_at");
  t.paused_at = row->OptInt("paused_at");
  t.paused_business_ms = row->Int("paused_business_ms");
  t.resolution = row->OptText("resolution");
  t.created_at = row->Int("created_at");
  t.subject = row->Text("subject");
  t.row = std::move(*row);
  return t;
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

Json TicketJson(const Ticket& t) {
  const Row& r = t.row;
  Json tags = Json::parse(r.Text("tags_json"), nullptr, false);
  std::optional<int64_t> next_due = t.first_response_at ? t.resolution_due : t.response_due;
  return {
      {"id", t.id},
      {"customer_id", t.customer_id},
      {"contact_id", r.OptInt("contact_id") ? Json(*r.OptInt("contact_id")) : Json(nullptr)},
      {"subject", t.subject},
      {"description", r.Text("description")},
      {"symptoms", r.OptText("symptoms") ? Json(*r.OptText("symptoms")) : Json(nullptr)},
      {"steps_to_reproduce",
       r.OptText("steps_to_reproduce") ? Json(*r.OptText("steps_to_reproduce")) : Json(nullptr)},
      {"recent_changes",
       r.OptText("recent_changes") ? Json(*r.OptText("recent_changes")) : Json(nullptr)},
      {"priority", PriorityName(t.priority)},
      {"status", StatusName(t.status)},
      {"source", r.Text("source")},
      {"tags", tags.is_array() ? tags : Json::array()},
      {"assignee_id", t.assignee_id},
      {"reported_by", r.OptInt("reported_by") ? Json(*r.OptInt("reported_by")) : Json(nullptr)},
      {"sla_policy", t.sla_policy},
      {"calendar_id", t.calendar_id ? Json(*t.calendar_id) : Json(nullptr)},
      {"response_due", IsoOrNull(t.response_due)},
      {"resolution_due", IsoOrNull(t.resolution_due)},
      {"next_due", IsoOrNull(next_due)},
      {"first_response_at", IsoOrNull(t.first_response_at)},
      {"sla_paused", t.paused_at.has_value() && t.status != TicketStatus::kClosed},
      {"resolution", t.resolution ? Json(*t.resolution) : Json(nullptr)},
      {"resolved_at", IsoOrNull(r.OptInt("resolved_at"))},
      {"resolved_by", r.OptInt("resolved_by") ? Json(*r.OptInt("resolved_by")) : Json(nullptr)},
      {"closed_at", IsoOrNull(r.OptInt("closed_at"))},
      {"alert_id", r.OptInt("alert_id") ? Json(*r.OptInt("alert_id")) : Json(nullptr)},
      {"created_at", IsoOrNull(t.created_at)},
      {"updated_at", IsoOrNull(r.Int("updated_at"))}};
}

Status AddEvent(Connection& c, int64_t ticket_id, Timestamp at, const accounts::Principal& actor,
                std::string_view kind, std::optional<std::string> old_value,
                std::optional<std::string> new_value, std::optional<std::string> note) {
  std::optional<int64_t> actor_id;
  if (actor.user_id > 0) actor_id = actor.user_id;
  return c
      .Execute(
          "INSERT INTO ticket_events (ticket_id, at, actor_user_id, actor, kind, old_value,"
          " new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {ticket_id, ToMillis(at), actor_id, actor.Label(), std::string(kind), old_value,
           new_value, note})
      .status();
}

Status RequireActiveStaff(Connection& c, int64_t user_id, const std::string& field) {
  STEWARD_ASSIGN_OR_RETURN(auto row,
                           c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                           " AND disabled = 0",
                                           {user_id}));
  if (!row) return Status::InvalidArgument("must be an active staff user", field);
  return Status::Ok();
}

Status RecordBreach(Connection& c, int64_t ticket_id, std::string_view kind, int64_t due_at,
                    Timestamp at) {
  STEWARD_ASSIGN_OR_RETURN(auto existing,
                           c.QueryOptional("SELECT id FROM ticket_breaches WHERE ticket_id = ? AND"
                                           " kind = ?",
                                           {ticket_id, std::string(kind)}));
  if (existing) return Status::Ok();
  return c
      .Execute("INSERT INTO ticket_breaches (ticket_id, kind, at, due_at) VALUES (?, ?, ?, ?)",
               {ticket_id, std::string(kind), ToMillis(at), due_at})
      .status();
}

Status RecordFirstResponse(Connection& c, const Ticket& t, Timestamp at) {
  if (t.first_response_at) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE tickets SET first_response_at = ? WHERE id = ? AND first_response_at IS"
                " NULL",
                {ToMillis(at), t.id})
          .status());
  if (t.response_due && ToMillis(at) > *t.response_due) {
    // Late: the breach happened when the target passed.
    return RecordBreach(c, t.id, "response", *t.response_due, FromMillis(*t.response_due));
  }
  return Status::Ok();
}

Status ApplyStatus(Connection& c, const Ticket& t, TicketStatus to, Timestamp now,
                   const accounts::Principal& actor, std::optional<std::string> note) {
  const bool was_paused = t.paused_at.has_value();
  std::optional<int64_t> paused_at = t.paused_at;
  std::optional<int64_t> response_due = t.response_due;
  std::optional<int64_t> resolution_due = t.resolution_due;
  int64_t paused_ms = t.paused_business_ms;
  std::optional<int64_t> closed_at;
  if (to == TicketStatus::kClosed) {
    closed_at = ToMillis(now);  // the clock stays stopped for good
  } else if (PausesSla(to) && !was_paused) {
    paused_at = ToMillis(now);
  } else if (!PausesSla(to) && was_paused) {
    STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, LoadCalendar(c, t.calendar_id));
    auto waited = BusinessTimeBetween(cal, FromMillis(*t.paused_at), now);
    paused_ms += waited.count();
    auto shift = [&](std::optional<int64_t>& due) {
      if (due) due = ToMillis(AddBusinessTime(cal, FromMillis(*due), waited));
    };
    if (!t.first_response_at) shift(response_due);
    shift(resolution_due);
    paused_at.reset();
  }
  // Only from the status the caller checked: two concurrent changes cannot
  // both apply a transition decided on the same old status.
  STEWARD_ASSIGN_OR_RETURN(
      int64_t changed,
      c.Execute("UPDATE tickets SET status = ?, paused_at = ?, paused_business_ms = ?,"
                " response_due = ?, resolution_due = ?, closed_at = ?, updated_at = ?"
                " WHERE id = ? AND status = ?",
                {std::string(StatusName(to)), paused_at, paused_ms, response_due, resolution_due,
                 closed_at, ToMillis(now), t.id, std::string(StatusName(t.status))}));
  if (changed != 1) return Status::Conflict("the ticket changed meanwhile; reload it", "status");
  STEWARD_RETURN_IF_ERROR(AddEvent(c, t.id, now, actor, "status", std::string(StatusName(t.status)),
                                   std::string(StatusName(to)), std::move(note)));
  // A closed ticket's resolution becomes searchable knowledge.
  if (to == TicketStatus::kClosed) STEWARD_RETURN_IF_ERROR(kb::IndexClosedTicket(c, t.id));
  if (to == TicketStatus::kOpen) {
    Ticket shifted = t;
    shifted.response_due = response_due;
    STEWARD_RETURN_IF_ERROR(RecordFirstResponse(c, shifted, now));
  }
  return Status::Ok();
}

}  // namespace steward::servicedesk::internal
