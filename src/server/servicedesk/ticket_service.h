// Tickets (SPEC §5) as typed commands: open, the working queues, the global
// search, the full view, changes (status with the SLA clock, responsibility,
// priority, tags, resolution), replies and internal notes, the customer's
// confirmation and technical escalation. Each command runs in one
// transaction with its audit record; every read and write goes through the
// ticket store under the caller's tenant scope, so another customer's ticket
// is NotFound. Requests arrive already parsed (api/ticket_json.h); the
// service decides what a principal may do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/servicedesk/model/ticket.h"
#include "storage/database.h"

namespace steward::servicedesk {

// What a caller asks for when opening a ticket. A customer's people open
// tickets for their own customer only, and never name who works on them.
struct NewTicketRequest {
  std::optional<int64_t> customer_id;  // required for staff
  std::optional<int64_t> contact_id;
  std::string subject;
  std::string description;
  Priority priority = Priority::kNormal;
  std::optional<std::string> source;  // email, portal, phone, api (staff only)
  std::optional<std::string> symptoms;
  std::optional<std::string> steps_to_reproduce;
  std::optional<std::string> recent_changes;
  std::vector<std::string> tags;
  std::vector<int64_t> ci_ids;
  std::optional<int64_t> assignee_id;
};

// A staff change to a ticket; unset fields stay as they are.
struct TicketChange {
  std::optional<TicketStatus> status;
  std::optional<int64_t> assignee_id;
  std::optional<Priority> priority;
  std::optional<std::string> resolution;  // required to move to hold_resolution
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> note;
};

struct NewReply {
  std::string body;
  bool internal = false;  // an internal note (staff only)
  std::optional<int64_t> parent_id;
};

// The customer's answer to a resolution.
struct Confirmation {
  bool resolved = false;
  std::optional<std::string> comment;
};

// Hand the ticket to a more senior technician, a vendor, or both.
struct TechnicalEscalation {
  std::optional<int64_t> to_user_id;
  std::optional<std::string> vendor;
  std::string note;
};

class TicketService {
 public:
  TicketService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Ticket> Create(const accounts::Actor& actor, const NewTicketRequest& request);
  // Queue order: priority, then the next due time, then age.
  Result<std::vector<TicketListItem>> List(const accounts::Principal& viewer,
                                           const TicketQuery& query);
  // "#12" or "12" finds that ticket; otherwise the newest tickets whose
  // subject contains every word (case-insensitive).
  Result<std::vector<TicketSearchHit>> Search(const accounts::Principal& viewer, std::string_view q,
                                              int limit);
  Result<TicketDetail> Get(const accounts::Principal& viewer, int64_t id);
  // NotFound for a ticket outside the viewer's scope: checked before a
  // request body is judged, so another customer's ticket looks absent, not
  // malformed.
  Status CheckVisible(const accounts::Principal& viewer, int64_t id);

  Result<Ticket> Update(const accounts::Actor& actor, int64_t id, const TicketChange& change);
  Result<TicketReply> Reply(const accounts::Actor& actor, int64_t id, const NewReply& reply);
  Result<Ticket> Confirm(const accounts::Actor& actor, int64_t id, const Confirmation& answer);
  Result<TicketDetail> Escalate(const accounts::Actor& actor, int64_t id,
                                const TechnicalEscalation& escalation);

  // The customer owning a ticket, for the router's 404-versus-403 probe.
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::servicedesk
