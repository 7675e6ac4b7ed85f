// What an agent's reports of dropped data mean for the staff (issue 17,
// item 5). The agent's spool gives up on data only for a reason it counts
// (full, refused, unparsable, oversize) and reports the running total per
// reason with every collection. A gap in a device's history must not go
// unnoticed, so a growth of that total becomes an event-log warning on the
// device, which raises an alert through the policy like any other entry.
// Pure: the caller keeps the last total per device and reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/clock.h"
#include "server/monitoring/sample.h"

namespace steward::agentlink {

// What a reason label of the agent's reports means to a technician;
// nullopt for a reason the agent does not have (such a report is stored as
// sent, and raises nothing).
std::optional<std::string_view> ExplainDropReason(std::string_view reason);

// The running total a sample reports, if it is one a store would take (a
// whole count within what a double holds exactly).
std::optional<int64_t> ReportedDropTotal(double value);

// Batches lost since the last stored total: the growth, or the whole
// reported total when none was stored or the total went down (the agent's
// spool was created anew, so every drop it counts is news).
int64_t NewlyDropped(int64_t reported_total, std::optional<int64_t> stored_total);

// The event-log warning (severity 4, source steward-agent) that carries the
// loss of `newly` batches for `reason` (one ExplainDropReason knows) to the
// device's alerts.
monitoring::Sample SpoolDropEvent(int64_t device_id, std::string_view reason, int64_t newly,
                                  int64_t total, Timestamp at);

}  // namespace steward::agentlink
