// The SPEC's seven ticket statuses and their names on the wire and in the
// database. Which moves are allowed is a rule: rules/ticket_transitions.h.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

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

// "new", "open", "hold_research", "hold_resolution", "pending_fix",
// "rfc_submitted", "closed".
std::string_view StatusName(TicketStatus s);
std::optional<TicketStatus> ParseStatus(std::string_view name);
const std::vector<std::string_view>& AllStatusNames();

}  // namespace steward::servicedesk
