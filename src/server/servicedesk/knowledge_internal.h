// What the ticket view shows of the knowledge base and problem management.
// Internal to server/servicedesk.
#pragma once

#include <cstdint>

#include "core/json.h"
#include "storage/database.h"

namespace steward::servicedesk::kb {

// Sets out["kb_articles"] = [{"id","title","status","public"}] (a portal
// user: public published articles only) and, for staff, out["problem"] =
// {"id","title","status","known_error"} or null.
Status AddTicketKnowledge(storage::Connection& c, int64_t ticket_id, bool staff, Json& out);

}  // namespace steward::servicedesk::kb
