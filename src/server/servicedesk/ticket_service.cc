// Tickets: opening one (who may file for whom, who is responsible), the
// working queues, the global search, the full view cut to the viewer, and
// the router's owner probe. Changes live in ticket_changes.cc.
#include "server/servicedesk/ticket_service.h"

#include "server/servicedesk/knowledge_internal.h"
#include "server/servicedesk/rules/ticket_view.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

using storage::ScopedConnection;

namespace {

// Owners, service managers and technicians work tickets themselves; an
// account manager's ticket goes to the dispatcher.
bool WorksTickets(accounts::Role role) {
  return role == accounts::Role::kOwner || role == accounts::Role::kServiceManager ||
         role == accounts::Role::kTechnician;
}

}  // namespace

Result<Ticket> TicketService::Create(const accounts::Actor& actor, const NewTicketRequest& req) {
  const accounts::Principal& p = actor.principal;
  internal::NewTicket n;
  n.contact_id = req.contact_id;
  n.subject = req.subject;
  n.description = req.description;
  n.symptoms = req.symptoms;
  n.steps_to_reproduce = req.steps_to_reproduce;
  n.recent_changes = req.recent_changes;
  n.priority = req.priority;
  n.tags = req.tags;
  n.ci_ids = req.ci_ids;
  n.assignee_id = req.assignee_id;
  if (p.customer_id) {
    // A customer's people file for their own customer, through the portal.
    if (req.customer_id && *req.customer_id != *p.customer_id) {
      return Status::NotFound("customer", std::to_string(*req.customer_id));
    }
    if (req.assignee_id) return Status::PermissionDenied("staff assign tickets");
    n.customer_id = *p.customer_id;
    n.source = "portal";
  } else {
    if (!req.customer_id) return Status::InvalidArgument("is required", "customer_id");
    n.customer_id = *req.customer_id;
    n.source = req.source.value_or("api");
    // Whoever opens a ticket they can work is responsible until they hand it on.
    if (!n.assignee_id && p.user_id > 0 && WorksTickets(p.role)) n.assignee_id = p.user_id;
  }
  Ticket out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        if (p.customer_id && !n.contact_id) {
          STEWARD_ASSIGN_OR_RETURN(n.contact_id,
                                   internal::ContactOfUser(sc.connection(), p.user_id));
        }
        STEWARD_ASSIGN_OR_RETURN(int64_t id, internal::InsertTicket(sc, n, now, actor));
        STEWARD_ASSIGN_OR_RETURN(out, TicketStore(sc).Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<TicketListItem>> TicketService::List(const accounts::Principal& viewer,
                                                        const TicketQuery& query) {
  std::vector<TicketListItem> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, TicketStore(sc).List(query));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<TicketSearchHit>> TicketService::Search(const accounts::Principal& viewer,
                                                           std::string_view q, int limit) {
  std::vector<TicketSearchHit> out;
  std::optional<TicketSearchTerms> terms = ParseTicketSearch(q);
  if (!terms) return out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, TicketStore(sc).Search(*terms, limit));
        return Status::Ok();
      }));
  return out;
}

Result<TicketDetail> TicketService::Get(const accounts::Principal& viewer, int64_t id) {
  TicketDetail d;
  d.staff_view = viewer.scope().is_all();
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        TicketStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(d.ticket, store.Get(id));
        STEWARD_ASSIGN_OR_RETURN(d.ci_ids, store.CiIds(id));
        STEWARD_ASSIGN_OR_RETURN(d.kb_articles,
                                 kb::TicketArticles(sc.connection(), id, d.staff_view));
        if (d.staff_view) {
          STEWARD_ASSIGN_OR_RETURN(d.problem, kb::TicketProblem(sc.connection(), id));
        }
        // A customer's people never see internal notes, their attachments,
        // or staff-side history.
        STEWARD_ASSIGN_OR_RETURN(auto replies, store.Replies(id));
        for (TicketReply& r : replies) {
          if (d.staff_view || !r.internal) d.replies.push_back(std::move(r));
        }
        STEWARD_ASSIGN_OR_RETURN(auto attachments, store.Attachments(id));
        for (TicketAttachment& a : attachments) {
          if (d.staff_view || !a.internal) d.attachments.push_back(std::move(a));
        }
        STEWARD_ASSIGN_OR_RETURN(auto events, store.Events(id));
        for (TicketEvent& e : events) {
          if (d.staff_view || CustomerSeesEvent(e.kind)) d.history.push_back(std::move(e));
        }
        STEWARD_ASSIGN_OR_RETURN(d.escalations, store.Escalations(id));
        STEWARD_ASSIGN_OR_RETURN(d.breaches, store.Breaches(id));
        STEWARD_ASSIGN_OR_RETURN(d.rfc, store.LatestChangeRequest(id));
        d.closure = MakeClosureRecord(d.ticket, d.breaches);
        return Status::Ok();
      }));
  return d;
}

Status TicketService::CheckVisible(const accounts::Principal& viewer, int64_t id) {
  return storage::ReadScoped(
      db_, viewer.scope(), [&](ScopedConnection& sc) { return TicketStore(sc).Get(id).status(); });
}

Result<std::optional<int64_t>> TicketService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto probe = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, probe, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(owner, TicketStore(sc).Owner(id));
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::servicedesk
