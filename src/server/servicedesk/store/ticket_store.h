// All SQL over a ticket and the tables that hang off it (CIs, replies,
// history, breaches, escalations, attachments, the RFC reference), behind
// one class that holds the caller's tenant scope. Every method filters by
// that scope: a ticket of another customer is NotFound for reads and writes
// alike, and its children are never returned. Writes change only rows of
// tickets the scope allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/rules/sla_clock.h"
#include "server/servicedesk/rules/ticket_view.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk {

// A customer's service terms as the desk needs them for a new ticket.
struct CustomerSla {
  std::string sla_policy;                           // the built-in policy, or "contract-<id>"
  std::optional<int64_t> calendar_id;               // none, or a calendar that was removed
  std::optional<billing::SlaTerms> contract_terms;  // the active contract's own terms
};

class TicketStore {
 public:
  explicit TicketStore(const storage::ScopedConnection& c) : c_(c) {}

  // --- Reads -----------------------------------------------------------
  Result<Ticket> Get(int64_t id);
  Result<std::vector<TicketListItem>> List(const TicketQuery& q);
  Result<std::vector<TicketSearchHit>> Search(const TicketSearchTerms& terms, int limit);
  // The customer owning a ticket in scope (nullopt: none visible).
  Result<std::optional<int64_t>> Owner(int64_t id);
  Result<bool> AnyBreach(int64_t ticket_id);
  Result<std::vector<int64_t>> CiIds(int64_t ticket_id);
  Result<std::vector<TicketReply>> Replies(int64_t ticket_id);
  Result<std::vector<TicketAttachment>> Attachments(int64_t ticket_id);
  Result<std::vector<TicketEvent>> Events(int64_t ticket_id);
  Result<std::vector<TicketEscalation>> Escalations(int64_t ticket_id);
  Result<std::vector<TicketBreach>> Breaches(int64_t ticket_id);
  Result<std::optional<ChangeRequestRef>> LatestChangeRequest(int64_t ticket_id);
  // Tickets the SLA job watches: a running target, or waiting for a
  // confirmation that may never come (a responded ticket without a
  // resolution target has nothing left to watch). Oldest first.
  Result<std::vector<int64_t>> WatchedIds();
  // When the customer last wrote on the ticket (nullopt: never, or not visible).
  Result<std::optional<int64_t>> LastCustomerReplyAt(int64_t ticket_id);
  // Whether reply `reply_id` of the ticket is an internal note (nullopt: no
  // such reply on that ticket).
  Result<std::optional<bool>> ReplyIsInternal(int64_t ticket_id, int64_t reply_id);

  // --- References a new ticket names ------------------------------------
  // The customer's SLA: the terms of its contract in force on `today`
  // ("YYYY-MM-DD") when that contract has terms of its own, else its
  // built-in policy. NotFound("customer") outside the scope.
  Result<CustomerSla> CustomerTerms(int64_t customer_id, std::string_view today);
  // NotFound("contact"/"ci") unless each belongs to the customer.
  Status CheckContact(int64_t customer_id, int64_t contact_id);
  Status CheckCis(int64_t customer_id, const std::vector<int64_t>& ci_ids);

  // --- Writes (NotFound for a ticket outside the scope) -----------------
  Result<int64_t> Insert(const TicketDraft& d);
  Status LinkCis(int64_t ticket_id, const std::vector<int64_t>& ci_ids);
  Status AddEvent(int64_t ticket_id, const TicketEvent& e);
  // Conflict unless the ticket is still in `t.status` (a concurrent change
  // decided on the same old status loses).
  Status SetStatus(const Ticket& t, TicketStatus to, const SlaClock& clock, int64_t now);
  Status SetAssignee(int64_t ticket_id, int64_t assignee_id, int64_t now);
  Status SetPriority(int64_t ticket_id, Priority priority, const DueTimes& due, int64_t now);
  Status SetTags(int64_t ticket_id, const std::vector<std::string>& tags, int64_t now);
  Status SetResolution(int64_t ticket_id, const std::string& resolution, int64_t at,
                       std::optional<int64_t> by);
  // Sets the first response once; false when it was already set.
  Result<bool> SetFirstResponse(int64_t ticket_id, int64_t at);
  // Records a breach once per kind (false: already recorded).
  Result<bool> RecordBreach(int64_t ticket_id, std::string_view kind, int64_t due_at, int64_t at);
  Result<int64_t> AddReply(const TicketReply& r);
  Status Touch(int64_t ticket_id, int64_t now);
  Status AddEscalation(int64_t ticket_id, int level, int64_t at, const std::string& notified_role);
  // Opens a draft RFC titled after the ticket (change management, in
  // server/change, owns it from there); nullopt when the ticket already has
  // one that is not rejected or closed.
  Result<std::optional<int64_t>> SubmitRfc(const Ticket& t, std::optional<int64_t> by, int64_t now);

 private:
  // NotFound("ticket") unless the scope allows the ticket.
  Status RequireTicket(int64_t id);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::servicedesk
