#include "server/servicedesk/model/ticket_status.h"

#include <algorithm>

namespace steward::servicedesk {

namespace {

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

}  // namespace steward::servicedesk
