// What the ticket view shows of the knowledge base and problem management.
// Internal to server/servicedesk.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/json.h"
#include "server/servicedesk/model/ticket.h"
#include "storage/database.h"

namespace steward::servicedesk::kb {

// The articles linked to a ticket (a customer's people: public published
// articles only).
Result<std::vector<ArticleRef>> TicketArticles(storage::Connection& c, int64_t ticket_id,
                                               bool staff);
// The problem a ticket is linked to, if any (the view shows it to staff).
Result<std::optional<ProblemRef>> TicketProblem(storage::Connection& c, int64_t ticket_id);

// [{"id","title","status","public"}] for the link routes' answers.
Json ArticleRefsJson(const std::vector<ArticleRef>& articles);

}  // namespace steward::servicedesk::kb
