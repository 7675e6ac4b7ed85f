#include "server/servicedesk/rules/ticket_transitions.h"

#include <algorithm>
#include <string>

namespace steward::servicedesk {

using S = TicketStatus;

std::vector<TicketStatus> AllowedTransitions(TicketStatus from) {
  switch (from) {
    case S::kNew:
      return {S::kOpen, S::kHoldResearch, S::kHoldResolution, S::kPendingFix, S::kRfcSubmitted};
    case S::kOpen:
      return {S::kHoldResearch, S::kHoldResolution, S::kPendingFix, S::kRfcSubmitted};
    case S::kHoldResearch:
      return {S::kOpen, S::kHoldResolution, S::kPendingFix, S::kRfcSubmitted};
    case S::kHoldResolution:
      // Back to work ("not resolved", or the information arrived), or the
      // customer confirmed.
      return {S::kOpen, S::kClosed};
    case S::kPendingFix:
      return {S::kOpen, S::kHoldResolution, S::kRfcSubmitted};
    case S::kRfcSubmitted:
      return {S::kOpen, S::kHoldResolution, S::kPendingFix};
    case S::kClosed:
      return {};
  }
  return {};
}

Status CheckTransition(TicketStatus from, TicketStatus to) {
  auto allowed = AllowedTransitions(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return Status::Ok();
  std::string list;
  for (TicketStatus s : allowed) list += (list.empty() ? "" : ", ") + std::string(StatusName(s));
  return Status::Conflict("cannot move a ticket from " + std::string(StatusName(from)) + " to " +
                              std::string(StatusName(to)) +
                              "; allowed: " + (list.empty() ? "none (closed is final)" : list),
                          "status");
}

}  // namespace steward::servicedesk
