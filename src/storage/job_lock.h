// Scheduled jobs run on exactly one node. Several `steward serve` nodes may
// share one PostgreSQL database; each runs the job loop, and a job (an SLA
// sweep, an outbox delivery, a retention pass) must not run on two of them at
// once. PostgreSQL's transaction-scoped advisory locks give that without a
// home-made cluster protocol: the lock is held while the job runs and released
// when its transaction ends, also when the node dies. The embedded SQLite
// store has one node by construction, so the job simply runs.
#pragma once

#include <functional>
#include <string_view>

#include "core/result.h"
#include "storage/database.h"

namespace steward::storage {

// Runs `job` unless another node is running the job named `job_name` right
// now. Returns whether it ran; the job's own failure is returned as an error.
Result<bool> RunExclusive(Database& db, std::string_view job_name,
                          const std::function<Status()>& job);

// The advisory-lock key for a job name (stable across builds and nodes).
int64_t JobLockKey(std::string_view job_name);

}  // namespace steward::storage
