// Time entries on the wire: request bodies read into the typed commands of
// servicedesk::TimeEntryService (field-level 400s) and entries written back.
#pragma once

#include "core/json.h"
#include "core/result.h"
#include "server/servicedesk/time_entry_service.h"

namespace steward::api {

// {"minutes","work_type","billable"?,"note"?,"work_date"?}
Result<servicedesk::NewTimeEntry> ReadNewTimeEntry(const Json& body);
// Any of the above; at least one.
Result<servicedesk::TimeEntryPatch> ReadTimeEntryPatch(const Json& body);

Json TimeEntryJson(const servicedesk::TimeEntry& e);
// {"entries":[…],"total_minutes"}
Json TicketTimeJson(const servicedesk::TicketTime& t);

}  // namespace steward::api
