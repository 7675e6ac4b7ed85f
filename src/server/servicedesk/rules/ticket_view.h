// What the ticket view shows to whom, and the closing record: pure
// decisions over loaded values.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "server/servicedesk/model/ticket.h"

namespace steward::servicedesk {

// A customer's people never see staff-side history: technical escalations,
// and links to knowledge articles they may not be allowed to read.
bool CustomerSeesEvent(std::string_view kind);

// SPEC §5's closing record for a closed ticket (nullopt otherwise); the SLA
// covered it when no target was breached.
std::optional<ClosureRecord> MakeClosureRecord(const Ticket& t,
                                               const std::vector<TicketBreach>& breaches);

// The global search's terms: "#12" or "12" is a reference; otherwise up to
// eight words that the subject must all contain. Nullopt for nothing to
// search (empty, or more than eight words).
struct TicketSearchTerms {
  std::optional<int64_t> reference;
  std::vector<std::string> words;
};
std::optional<TicketSearchTerms> ParseTicketSearch(std::string_view q);

}  // namespace steward::servicedesk
