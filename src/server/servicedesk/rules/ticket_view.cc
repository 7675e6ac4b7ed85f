#include "server/servicedesk/rules/ticket_view.h"

#include <string>

namespace steward::servicedesk {

bool CustomerSeesEvent(std::string_view kind) {
  return kind != "technical_escalation" && kind.rfind("kb_", 0) != 0;
}

std::optional<ClosureRecord> MakeClosureRecord(const Ticket& t,
                                               const std::vector<TicketBreach>& breaches) {
  if (t.status != TicketStatus::kClosed) return std::nullopt;
  ClosureRecord c;
  c.reported_at = t.created_at;
  c.reported_by = t.reported_by;
  c.contact_id = t.contact_id;
  c.details = t.description;
  c.actions_taken = t.resolution;
  c.resolved_by = t.resolved_by;
  c.resolved_at = t.resolved_at;
  c.closed_at = t.closed_at.value_or(0);
  c.minutes_to_resolve = (t.resolved_at.value_or(c.closed_at) - t.created_at) / 60000;
  c.sla_met = breaches.empty();
  return c;
}

std::optional<TicketSearchTerms> ParseTicketSearch(std::string_view q) {
  std::vector<std::string> words;
  for (size_t i = 0; i < q.size();) {
    size_t end = q.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = q.size();
    if (end > i) words.emplace_back(q.substr(i, end - i));
    i = end + 1;
  }
  if (words.empty() || words.size() > 8) return std::nullopt;
  TicketSearchTerms terms;
  if (words.size() == 1) {
    std::string_view ref = words[0];
    if (ref[0] == '#') ref.remove_prefix(1);
    // At most 18 digits: always within int64_t.
    if (!ref.empty() && ref.size() <= 18 && ref.find_first_not_of("0123456789") == ref.npos) {
      int64_t id = 0;
      for (char ch : ref) id = id * 10 + (ch - '0');
      terms.reference = id;
      return terms;
    }
  }
  terms.words = std::move(words);
  return terms;
}

}  // namespace steward::servicedesk
