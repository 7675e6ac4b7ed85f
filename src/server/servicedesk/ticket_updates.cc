// Changes to a ticket: status (the state machine, the SLA clock, resolution
// and RFC), responsibility, priority (due times recomputed), replies and
// notes, the customer's confirmation, technical escalation.
#include <limits>

#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();
constexpr size_t kLongText = 20000;

Status RequireStaff(const accounts::Principal& p, std::string_view what) {
  if (!p.scope().is_all()) return Status::PermissionDenied(std::string(what) + " is for staff");
  return Status::Ok();
}

Status ChangeAssignee(Connection& c, const internal::Ticket& t, int64_t to, Timestamp now,
                      const accounts::Principal& actor, std::optional<std::string> note) {
  STEWARD_RETURN_IF_ERROR(internal::RequireActiveStaff(c, to, "assignee_id"));
  if (to == t.assignee_id) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?",
                {to, ToMillis(now), t.id})
          .status());
  return internal::AddEvent(c, t.id, now, actor, "assignee", std::to_string(t.assignee_id),
                            std::to_string(to), std::move(note));
}

// Opens the minimal change record an RFC needs (the change module owns the
// rest later); one per ticket while it is submitted.
Status OpenRfc(Connection& c, const internal::Ticket& t, Timestamp now,
               const accounts::Actor& actor) {
  STEWARD_ASSIGN_OR_RETURN(auto existing,
                           c.QueryOptional("SELECT id FROM change_requests WHERE ticket_id = ? AND"
                                           " status = 'submitted'",
                                           {t.id}));
  if (existing) return Status::Ok();
  std::optional<int64_t> by;
  if (actor.principal.user_id > 0) by = actor.principal.user_id;
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c.QueryOne("INSERT INTO change_requests (customer_id, ticket_id, title, status,"
                 " created_by, created_at) VALUES (?, ?, ?, 'submitted', ?, ?)"
                 " RETURNING id",
                 {t.customer_id, t.id, "RFC for ticket #" + std::to_string(t.id) + ": " + t.subject,
                  by, ToMillis(now)}));
  return audit::Record(c, now, actor,
                       {"change_request.create",
                        "change_request",
                        std::to_string(row.Int("id")),
                        t.customer_id,
                        {{"ticket_id", t.id}, {"status", "submitted"}}});
}

}  // namespace

Status internal::ApplyConfirmation(Connection& c, const internal::Ticket& t, bool resolved,
                                   const std::optional<std::string>& comment,
                                   const std::string& author, std::optional<int64_t> author_user_id,
                                   bool from_staff, Timestamp now,
                                   const accounts::Principal& actor) {
  if (t.status != TicketStatus::kHoldResolution || !t.resolution) {
    return Status::Conflict(
        "the ticket is not waiting for confirmation of a resolution"
        " (status " +
        std::string(StatusName(t.status)) + ")");
  }
  if (comment && !comment->empty()) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute(
             "INSERT INTO ticket_replies (ticket_id, customer_id, parent_id,"
             " author_user_id, author, from_staff, internal, body, created_at)"
             " VALUES (?, ?, NULL, ?, ?, ?, 0, ?, ?)",
             {t.id, t.customer_id, author_user_id, author, from_staff, *comment, ToMillis(now)})
            .status());
  }
  // Not resolved: back to work with the same person responsible.
  TicketStatus to = resolved ? TicketStatus::kClosed : TicketStatus::kOpen;
  STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(
      c, t, to, now, actor,
      resolved ? "customer confirmed the resolution" : "customer: not resolved"));
  return internal::MailCustomer(c, t.id, internal::CustomerMail::kStatusChange, now);
}

// NotFound for a ticket outside the caller's scope, before the body is
// judged: another customer's ticket must look absent, not malformed.
Status ServiceDesk::RequireVisibleTicket(const accounts::Principal& p, int64_t id) {
  return db_.Read([&](Connection& c) { return internal::LoadTicket(c, p.scope(), id).status(); });
}

Result<Json> ServiceDesk::UpdateTicket(const accounts::Actor& actor, int64_t id, const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p, "changing a ticket"));
  ObjectReader r(body);
  auto status_name = r.OptionalString("status", 32);
  std::optional<int64_t> assignee = r.OptionalInt("assignee_id", 1, kMaxId);
  auto priority_name = r.OptionalEnum("priority", {"critical", "high", "normal", "low"});
  auto resolution = r.OptionalString("resolution", kLongText);
  auto tags = r.OptionalStringArray("tags", 20, 50);
  auto note = r.OptionalString("note", 2000);
  if (r.Has("assignee_id") && body["assignee_id"].is_null()) {
    return Status::InvalidArgument("a ticket always has one responsible person", "assignee_id");
  }
  STEWARD_RETURN_IF_ERROR(r.Finish());
  std::optional<TicketStatus> to;
  if (status_name) {
    to = ParseStatus(*status_name);
    if (!to) {
      std::string all;
      for (auto s : AllStatusNames()) all += (all.empty() ? "" : ", ") + std::string(s);
      return Status::InvalidArgument("must be one of: " + all, "status");
    }
  }
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, p.scope(), id));
    Json changes = Json::object();
    if (t.status == TicketStatus::kClosed && (assignee || priority_name || resolution || tags)) {
      return Status::Conflict("the ticket is closed");
    }
    if (assignee && *assignee != t.assignee_id) {
      STEWARD_RETURN_IF_ERROR(ChangeAssignee(c, t, *assignee, now, p, note));
      changes["assignee_id"] = {{"from", t.assignee_id}, {"to", *assignee}};
      t.assignee_id = *assignee;
    }
    if (priority_name && *priority_name != PriorityName(t.priority)) {
      // New targets from the original arrival, shifted by the time already
      // spent waiting on the customer.
      Priority np = *ParsePriority(*priority_name);
      STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, internal::LoadCalendar(c, t.calendar_id));
      auto targets = TargetsFor(t.sla_policy, np);
      if (!targets) targets = TargetsFor(kPolicyDefault, np);
      auto due = [&](const SlaTarget& target) -> std::optional<int64_t> {
        auto d = DueAt(cal, target, FromMillis(t.created_at));
        if (!d) return std::nullopt;
        return ToMillis(AddBusinessTime(cal, *d, std::chrono::milliseconds(t.paused_business_ms)));
      };
      std::optional<int64_t> response_due =
          t.first_response_at ? t.response_due : due(targets->response);
      std::optional<int64_t> resolution_due = due(targets->resolution);
      STEWARD_RETURN_IF_ERROR(
          c.Execute(
               "UPDATE tickets SET priority = ?, priority_rank = ?, response_due = ?,"
               " resolution_due = ?, updated_at = ? WHERE id = ?",
               {*priority_name, PriorityRank(np), response_due, resolution_due, ToMillis(now), id})
              .status());
      STEWARD_RETURN_IF_ERROR(internal::AddEvent(
          c, id, now, p, "priority", std::string(PriorityName(t.priority)), *priority_name, note));
      changes["priority"] = {{"from", PriorityName(t.priority)}, {"to", *priority_name}};
      t.priority = np;
      t.response_due = response_due;
      t.resolution_due = resolution_due;
    }
    if (tags) {
      STEWARD_RETURN_IF_ERROR(c.Execute("UPDATE tickets SET tags_json = ?, updated_at = ?"
                                        " WHERE id = ?",
                                        {Json(*tags).dump(), ToMillis(now), id})
                                  .status());
      changes["tags"] = *tags;
    }
    if (to && *to != t.status) {
      STEWARD_RETURN_IF_ERROR(CheckTransition(t.status, *to));
      if (*to == TicketStatus::kHoldResolution) {
        if (!resolution || resolution->empty()) {
          return Status::InvalidArgument(
              "is required to put a ticket on hold for resolution: what was done", "resolution");
        }
        STEWARD_RETURN_IF_ERROR(
            c.Execute("UPDATE tickets SET resolution = ?, resolved_at = ?, resolved_by = ?"
                      " WHERE id = ?",
                      {*resolution, ToMillis(now),
                       p.user_id > 0 ? std::optional(p.user_id) : std::nullopt, id})
                .status());
      } else if (resolution) {
        return Status::InvalidArgument("is set when moving to hold_resolution", "resolution");
      }
      STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(c, t, *to, now, p, note));
      if (*to == TicketStatus::kRfcSubmitted) STEWARD_RETURN_IF_ERROR(OpenRfc(c, t, now, actor));
      STEWARD_RETURN_IF_ERROR(internal::MailCustomer(
          c, id,
          *to == TicketStatus::kHoldResolution ? internal::CustomerMail::kConfirmationRequest
                                               : internal::CustomerMail::kStatusChange,
          now));
      changes["status"] = {{"from", StatusName(t.status)}, {"to", StatusName(*to)}};
    } else if (to && *to == t.status) {
      STEWARD_RETURN_IF_ERROR(CheckTransition(t.status, *to));  // same status: a Conflict
    } else if (resolution) {
      return Status::InvalidArgument("is set when moving to hold_resolution", "resolution");
    }
    if (changes.empty()) return Status::InvalidArgument("nothing to change");
    STEWARD_RETURN_IF_ERROR(audit::Record(
        c, now, actor, {"ticket.update", "ticket", std::to_string(id), t.customer_id, changes}));
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket updated, internal::LoadTicket(c, p.scope(), id));
    out = internal::TicketJson(updated);
    return Status::Ok();
  }));
  return out;
}

Result<Json> ServiceDesk::AddReply(const accounts::Actor& actor, int64_t id, const Json& body) {
  const accounts::Principal& p = actor.principal;
  const bool staff = p.scope().is_all();
  STEWARD_RETURN_IF_ERROR(RequireVisibleTicket(p, id));
  ObjectReader r(body);
  std::string text = r.RequiredString("body", 1, kLongText);
  bool internal_note = r.OptionalBool("internal").value_or(false);
  std::optional<int64_t> parent = r.OptionalInt("parent_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (internal_note && !staff) return Status::PermissionDenied("internal notes are for staff");
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, p.scope(), id));
    if (t.status == TicketStatus::kClosed && !internal_note) {
      return Status::Conflict("the ticket is closed");
    }
    if (parent) {
      STEWARD_ASSIGN_OR_RETURN(
          auto prow, c.QueryOptional("SELECT internal FROM ticket_replies WHERE id = ? AND"
                                     " ticket_id = ?",
                                     {*parent, id}));
      if (!prow || (prow->Bool("internal") && !staff)) {
        return Status::NotFound("reply", std::to_string(*parent));
      }
    }
    std::optional<int64_t> author_id;
    if (p.user_id > 0) author_id = p.user_id;
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO ticket_replies (ticket_id, customer_id, parent_id,"
                            " author_user_id, author, from_staff, internal, body, created_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            {id, t.customer_id, parent, author_id, p.Label(), staff, internal_note,
                             text, ToMillis(now)}));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE tickets SET updated_at = ? WHERE id = ?", {ToMillis(now), id}).status());
    // The first public reply by staff is the first response.
    if (staff && !internal_note) {
      STEWARD_RETURN_IF_ERROR(internal::RecordFirstResponse(c, t, now));
      STEWARD_RETURN_IF_ERROR(
          internal::MailCustomer(c, id, internal::CustomerMail::kReply, now, text));
    }
    int64_t reply_id = row.Int("id");
    out = {{"id", reply_id},
           {"ticket_id", id},
           {"parent_id", parent ? Json(*parent) : Json(nullptr)},
           {"author_user_id", author_id ? Json(*author_id) : Json(nullptr)},
           {"author", p.Label()},
           {"from_staff", staff},
           {"internal", internal_note},
           {"body", text},
           {"created_at", internal::IsoOrNull(ToMillis(now))}};
    return audit::Record(c, now, actor,
                         {internal_note ? "ticket.note" : "ticket.reply",
                          "ticket",
                          std::to_string(id),
                          t.customer_id,
                          {{"reply_id", reply_id}}});
  }));
  return out;
}

Result<Json> ServiceDesk::Confirm(const accounts::Actor& actor, int64_t id, const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireVisibleTicket(p, id));
  ObjectReader r(body);
  std::optional<bool> resolved = r.OptionalBool("resolved");
  auto comment = r.OptionalString("comment", kLongText);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!resolved) return Status::InvalidArgument("is required (true or false)", "resolved");
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, p.scope(), id));
    std::optional<int64_t> author_id;
    if (p.user_id > 0) author_id = p.user_id;
    STEWARD_RETURN_IF_ERROR(internal::ApplyConfirmation(c, t, *resolved, comment, p.Label(),
                                                        author_id, p.scope().is_all(), now, p));
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"ticket.confirm",
                                           "ticket",
                                           std::to_string(id),
                                           t.customer_id,
                                           {{"resolved", *resolved}}}));
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket updated, internal::LoadTicket(c, p.scope(), id));
    out = internal::TicketJson(updated);
    return Status::Ok();
  }));
  return out;
}

Result<Json> ServiceDesk::EscalateTechnically(const accounts::Actor& actor, int64_t id,
                                              const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p, "escalation"));
  ObjectReader r(body);
  std::optional<int64_t> to_user = r.OptionalInt("to_user_id", 1, kMaxId);
  auto vendor = r.OptionalString("vendor", 200);
  std::string note = r.RequiredString("note", 1, 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!to_user && (!vendor || vendor->empty())) {
    return Status::InvalidArgument("name a more senior technician or a vendor", "to_user_id");
  }
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, p.scope(), id));
    if (t.status == TicketStatus::kClosed) return Status::Conflict("the ticket is closed");
    if (to_user) STEWARD_RETURN_IF_ERROR(ChangeAssignee(c, t, *to_user, now, p, note));
    STEWARD_RETURN_IF_ERROR(internal::AddEvent(
        c, id, now, p, "technical_escalation", vendor,
        to_user ? std::optional<std::string>(std::to_string(*to_user)) : std::nullopt, note));
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"ticket.escalate",
                                           "ticket",
                                           std::to_string(id),
                                           t.customer_id,
                                           {{"to_user_id", to_user ? Json(*to_user) : Json()},
                                            {"vendor", vendor ? Json(*vendor) : Json()}}}));
    return Status::Ok();
  }));
  return GetTicket(p, id);
}

}  // namespace steward::servicedesk
