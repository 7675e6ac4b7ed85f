#include "server/servicedesk/ticket_status.h"

#include <algorithm>
#include <string>

namespace steward::servicedesk {

namespace {

using S = TicketStatus;

const std::vector<std::string_view>& Names() {
  static const std::vector<std::string_view> kNames = {
      "new", "open", "hold_research", "hold_resolution", "pending_fix", "rfc_submitted", "closed"};
  return kNames;
}

}  // namespace

std::string_view StatusName(TicketStatus s) { return Names()[static_cast<size_t>(s)]; }

std::optional<TicketStatus> ParseStatus(std::string_view name) {
  const auto& names = Names();
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<TicketStatus>(it - names.begin());
}

const std::vector<std::string_view>& AllStatusNames() { return Names(); }

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
