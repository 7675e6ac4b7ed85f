#include "server/servicedesk/ticket_follows_change.h"

#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"

namespace steward::servicedesk {

Status FollowChange(const storage::ScopedConnection& sc, int64_t ticket_id,
                    const std::string& change_ref, ChangeDecision decision, Timestamp now,
                    const accounts::Actor& actor) {
  STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(ticket_id));
  TicketStatus to = TicketStatus::kRfcSubmitted;
  std::string note = change_ref + " submitted";
  if (decision == ChangeDecision::kApproved) {
    to = TicketStatus::kPendingFix;
    note = change_ref + " approved: the fix is waiting for its window";
  } else if (decision == ChangeDecision::kRejected) {
    to = TicketStatus::kOpen;
    note = change_ref + " rejected: back to work";
  }
  if (t.status == to || !CheckTransition(t.status, to).ok()) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(sc, t, to, now, actor.principal, note));
  STEWARD_RETURN_IF_ERROR(
      internal::MailCustomer(sc, ticket_id, internal::CustomerMail::kStatusChange, now));
  return audit::Record(sc.connection(), now, actor,
                       {"ticket.update",
                        "ticket",
                        std::to_string(ticket_id),
                        t.customer_id,
                        {{"status", {{"from", StatusName(t.status)}, {"to", StatusName(to)}}},
                         {"change", change_ref}}});
}

}  // namespace steward::servicedesk
