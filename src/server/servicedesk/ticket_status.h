// The SPEC's seven ticket statuses as a pure state machine. A forbidden move
// is a Conflict whose message names the statuses allowed from where the
// ticket is, so a client can correct itself.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace steward::servicedesk {

enum class TicketStatus {
  kNew,             // assigned, work not begun
  kOpen,            // being worked
  kHoldResearch,    // hold for research or testing
  kHoldResolution,  // waiting for the customer (information or confirmation)
  kPendingFix,      // fix identified, waiting for the customer's approval
  kRfcSubmitted,    // needs a process change: an RFC is open
  kClosed,          // the customer confirmed the resolution
};

std::string_view StatusName(TicketStatus s);
std::optional<TicketStatus> ParseStatus(std::string_view name);
const std::vector<std::string_view>& AllStatusNames();

// Where a ticket may go from `from` (closed is final).
std::vector<TicketStatus> AllowedTransitions(TicketStatus from);

// Ok, or Conflict("cannot move a ticket from X to Y; allowed: a, b").
Status CheckTransition(TicketStatus from, TicketStatus to);

// The SLA clock stops while the ticket waits on the customer.
inline bool PausesSla(TicketStatus s) {
  return s == TicketStatus::kHoldResolution || s == TicketStatus::kPendingFix;
}

}  // namespace steward::servicedesk
