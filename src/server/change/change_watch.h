// The 72-hour watch after a change (SPEC §6, issue 14 item 8). Implementing
// a change starts it with the baseline of its CIs' last 28 days; the server's
// job checks every running watch once a minute (rules/incident_watch.h) and,
// at a spike, opens a problem linked to the change with the incidents that
// made it. A watch that saw none for 72 hours ends quiet.
#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "server/change/model/change_request.h"
#include "storage/database.h"
#include "storage/scoped_connection.h"

namespace steward::change {

// In the transaction that moves the change to implemented.
Status StartChangeWatch(const storage::ScopedConnection& sc, const ChangeRequest& c, Timestamp now);

// One pass over every running watch, each in a transaction of its own (one
// failing does not hold up the rest; the first error is returned).
Status CheckChangeWatches(storage::Database& db, Timestamp now);

}  // namespace steward::change
