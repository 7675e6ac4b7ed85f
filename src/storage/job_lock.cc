#include "storage/job_lock.h"

namespace steward::storage {

int64_t JobLockKey(std::string_view job_name) {
  // FNV-1a, 64-bit, folded to a non-negative BIGINT.
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : job_name) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int64_t>(h >> 1);
}

Result<bool> RunExclusive(Database& db, std::string_view job_name,
                          const std::function<Status()>& job) {
  if (db.dialect() != Dialect::kPostgres) {
    STEWARD_RETURN_IF_ERROR(job());
    return true;
  }
  bool ran = false;
  Status job_status;
  // The lock's transaction only holds the lock; the job does its work in
  // transactions of its own on other pooled connections.
  Status s = db.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("SELECT CASE WHEN pg_try_advisory_xact_lock(CAST(? AS BIGINT)) "
                            "THEN 1 ELSE 0 END AS got",
                            {JobLockKey(job_name)}));
    if (!row.Bool("got")) return Status::Ok();
    ran = true;
    job_status = job();
    return Status::Ok();
  });
  STEWARD_RETURN_IF_ERROR(s);
  STEWARD_RETURN_IF_ERROR(job_status);
  return ran;
}

}  // namespace steward::storage
