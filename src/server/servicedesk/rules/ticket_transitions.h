// The SPEC's seven ticket statuses as a pure state machine. A forbidden move
// is a Conflict whose message names the statuses allowed from where the
// ticket is, so a client can correct itself.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "server/servicedesk/model/ticket_status.h"

namespace steward::servicedesk {

// Where a ticket may go from `from` (closed is final).
std::vector<TicketStatus> AllowedTransitions(TicketStatus from);

// Ok, or Conflict("cannot move a ticket from X to Y; allowed: a, b").
Status CheckTransition(TicketStatus from, TicketStatus to);

// The SLA clock stops while the ticket waits on the customer.
inline bool PausesSla(TicketStatus s) {
  return s == TicketStatus::kHoldResolution || s == TicketStatus::kPendingFix;
}

}  // namespace steward::servicedesk
