// Changes to a ticket: status (the state machine, the SLA clock, resolution
// and RFC), responsibility, priority (due times recomputed), tags, replies
// and internal notes, the customer's confirmation, technical escalation.
// Each runs in one transaction with its audit record, under the actor's scope.
#include "server/audit/audit_log.h"
#include "server/servicedesk/rules/sla_clock.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::servicedesk {

using storage::ScopedConnection;

namespace {

Status RequireStaff(const accounts::Principal& p, std::string_view what) {
  if (!p.scope().is_all()) return Status::PermissionDenied(std::string(what) + " is for staff");
  return Status::Ok();
}

std::optional<int64_t> UserOf(const accounts::Principal& p) {
  if (p.user_id > 0) return p.user_id;
  return std::nullopt;
}

Status ChangeAssignee(const ScopedConnection& sc, const Ticket& t, int64_t to, Timestamp now,
                      const accounts::Principal& actor, std::optional<std::string> note) {
  STEWARD_RETURN_IF_ERROR(internal::RequireActiveStaff(sc.connection(), to, "assignee_id"));
  if (to == t.assignee_id) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(TicketStore(sc).SetAssignee(t.id, to, ToMillis(now)));
  return internal::AddEvent(sc, t.id, now, actor, "assignee", std::to_string(t.assignee_id),
                            std::to_string(to), std::move(note));
}

Status OpenRfc(const ScopedConnection& sc, const Ticket& t, Timestamp now,
               const accounts::Actor& actor) {
  STEWARD_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                           TicketStore(sc).SubmitRfc(t, UserOf(actor.principal), ToMillis(now)));
  if (!id) return Status::Ok();  // the ticket already has an open one
  return audit::Record(sc.connection(), now, actor,
                       {"change_request.create",
                        "change_request",
                        std::to_string(*id),
                        t.customer_id,
                        {{"ticket_id", t.id}, {"status", "draft"}}});
}

}  // namespace

Status internal::ApplyConfirmation(const ScopedConnection& sc, const Ticket& t, bool resolved,
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
    TicketReply reply;
    reply.ticket_id = t.id;
    reply.author_user_id = author_user_id;
    reply.author = author;
    reply.from_staff = from_staff;
    reply.body = *comment;
    reply.created_at = ToMillis(now);
    STEWARD_RETURN_IF_ERROR(TicketStore(sc).AddReply(reply).status());
  }
  // Not resolved: back to work with the same person responsible.
  TicketStatus to = resolved ? TicketStatus::kClosed : TicketStatus::kOpen;
  STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(
      sc, t, to, now, actor,
      resolved ? "customer confirmed the resolution" : "customer: not resolved"));
  return internal::MailCustomer(sc, t.id, internal::CustomerMail::kStatusChange, now);
}

Result<Ticket> TicketService::Update(const accounts::Actor& actor, int64_t id,
                                     const TicketChange& change) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p, "changing a ticket"));
  Ticket out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        TicketStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Ticket t, store.Get(id));
        const auto& to = change.status;
        const auto& resolution = change.resolution;
        Json changes = Json::object();
        if (t.status == TicketStatus::kClosed &&
            (change.assignee_id || change.priority || resolution || change.tags)) {
          return Status::Conflict("the ticket is closed");
        }
        if (change.assignee_id && *change.assignee_id != t.assignee_id) {
          STEWARD_RETURN_IF_ERROR(ChangeAssignee(sc, t, *change.assignee_id, now, p, change.note));
          changes["assignee_id"] = {{"from", t.assignee_id}, {"to", *change.assignee_id}};
          t.assignee_id = *change.assignee_id;
        }
        if (change.priority && *change.priority != t.priority) {
          STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal,
                                   internal::LoadCalendar(sc.connection(), t.calendar_id));
          const DueTimes due = DueTimesForPriority(cal, t, *change.priority);
          STEWARD_RETURN_IF_ERROR(store.SetPriority(id, *change.priority, due, ToMillis(now)));
          STEWARD_RETURN_IF_ERROR(
              internal::AddEvent(sc, id, now, p, "priority", std::string(PriorityName(t.priority)),
                                 std::string(PriorityName(*change.priority)), change.note));
          changes["priority"] = {{"from", PriorityName(t.priority)},
                                 {"to", PriorityName(*change.priority)}};
          t.priority = *change.priority;
          t.response_due = due.response_due;
          t.resolution_due = due.resolution_due;
        }
        if (change.tags) {
          STEWARD_RETURN_IF_ERROR(store.SetTags(id, *change.tags, ToMillis(now)));
          changes["tags"] = *change.tags;
        }
        if (to && *to != t.status) {
          STEWARD_RETURN_IF_ERROR(CheckTransition(t.status, *to));
          if (*to == TicketStatus::kHoldResolution) {
            if (!resolution || resolution->empty()) {
              return Status::InvalidArgument(
                  "is required to put a ticket on hold for resolution: what was done",
                  "resolution");
            }
            STEWARD_RETURN_IF_ERROR(store.SetResolution(id, *resolution, ToMillis(now), UserOf(p)));
          } else if (resolution) {
            return Status::InvalidArgument("is set when moving to hold_resolution", "resolution");
          }
          STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(sc, t, *to, now, p, change.note));
          if (*to == TicketStatus::kRfcSubmitted) {
            STEWARD_RETURN_IF_ERROR(OpenRfc(sc, t, now, actor));
          }
          STEWARD_RETURN_IF_ERROR(internal::MailCustomer(
              sc, id,
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
        STEWARD_RETURN_IF_ERROR(
            audit::Record(sc.connection(), now, actor,
                          {"ticket.update", "ticket", std::to_string(id), t.customer_id, changes}));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<TicketReply> TicketService::Reply(const accounts::Actor& actor, int64_t id,
                                         const NewReply& in) {
  const accounts::Principal& p = actor.principal;
  const bool staff = p.scope().is_all();
  if (in.internal && !staff) return Status::PermissionDenied("internal notes are for staff");
  TicketReply reply;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        TicketStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Ticket t, store.Get(id));
        if (t.status == TicketStatus::kClosed && !in.internal) {
          return Status::Conflict("the ticket is closed");
        }
        if (in.parent_id) {
          // A customer cannot answer (or learn of) an internal note.
          STEWARD_ASSIGN_OR_RETURN(std::optional<bool> internal_parent,
                                   store.ReplyIsInternal(id, *in.parent_id));
          if (!internal_parent || (*internal_parent && !staff)) {
            return Status::NotFound("reply", std::to_string(*in.parent_id));
          }
        }
        reply.ticket_id = id;
        reply.parent_id = in.parent_id;
        reply.author_user_id = UserOf(p);
        reply.author = p.Label();
        reply.from_staff = staff;
        reply.internal = in.internal;
        reply.body = in.body;
        reply.created_at = ToMillis(now);
        STEWARD_ASSIGN_OR_RETURN(reply.id, store.AddReply(reply));
        STEWARD_RETURN_IF_ERROR(store.Touch(id, ToMillis(now)));
        // The first public reply by staff is the first response.
        if (staff && !in.internal) {
          STEWARD_RETURN_IF_ERROR(internal::RecordFirstResponse(sc, t, now));
          STEWARD_RETURN_IF_ERROR(
              internal::MailCustomer(sc, id, internal::CustomerMail::kReply, now, in.body));
        }
        return audit::Record(sc.connection(), now, actor,
                             {in.internal ? "ticket.note" : "ticket.reply",
                              "ticket",
                              std::to_string(id),
                              t.customer_id,
                              {{"reply_id", reply.id}}});
      }));
  return reply;
}

Result<Ticket> TicketService::Confirm(const accounts::Actor& actor, int64_t id,
                                      const Confirmation& answer) {
  const accounts::Principal& p = actor.principal;
  Ticket out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        TicketStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Ticket t, store.Get(id));
        STEWARD_RETURN_IF_ERROR(internal::ApplyConfirmation(sc, t, answer.resolved, answer.comment,
                                                            p.Label(), UserOf(p),
                                                            p.scope().is_all(), now, p));
        STEWARD_RETURN_IF_ERROR(audit::Record(sc.connection(), now, actor,
                                              {"ticket.confirm",
                                               "ticket",
                                               std::to_string(id),
                                               t.customer_id,
                                               {{"resolved", answer.resolved}}}));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<TicketDetail> TicketService::Escalate(const accounts::Actor& actor, int64_t id,
                                             const TechnicalEscalation& e) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p, "escalation"));
  if (!e.to_user_id && (!e.vendor || e.vendor->empty())) {
    return Status::InvalidArgument("name a more senior technician or a vendor", "to_user_id");
  }
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(id));
        if (t.status == TicketStatus::kClosed) return Status::Conflict("the ticket is closed");
        if (e.to_user_id) {
          STEWARD_RETURN_IF_ERROR(ChangeAssignee(sc, t, *e.to_user_id, now, p, e.note));
        }
        std::optional<std::string> to_user;
        if (e.to_user_id) to_user = std::to_string(*e.to_user_id);
        STEWARD_RETURN_IF_ERROR(
            internal::AddEvent(sc, id, now, p, "technical_escalation", e.vendor, to_user, e.note));
        return audit::Record(sc.connection(), now, actor,
                             {"ticket.escalate",
                              "ticket",
                              std::to_string(id),
                              t.customer_id,
                              {{"to_user_id", e.to_user_id ? Json(*e.to_user_id) : Json()},
                               {"vendor", e.vendor ? Json(*e.vendor) : Json()}}});
      }));
  return Get(p, id);
}

}  // namespace steward::servicedesk
