// PostgreSQL backend over libpq: a fixed pool of connections opened up front,
// each set to client_min_messages=warning and TimeZone=UTC. Statements arrive
// with SQLite-style `?` placeholders and are rewritten to `$1, $2, ...` per
// call; values travel as text parameters (never spliced into SQL) and results
// come back in text format, converted to Value by the column's type: integer
// and bool columns become int64_t, float columns double, numeric int64_t when
// integral and in range (SUM of a BIGINT) and double otherwise, NULL
// monostate, anything else std::string.
//
// Transact runs in a READ COMMITTED transaction; Read in a REPEATABLE READ
// READ ONLY one, so all of `fn`'s queries see one snapshot. Unlike SQLite, a
// failed statement aborts the whole PostgreSQL transaction: a `fn` that
// swallows an error and returns OK gets Internal from the commit, not a
// half-applied write.
//
// Threading: PgDatabase is shared by all threads. A pooled connection is used
// by one thread at a time; a caller blocks in Transact/Read until one is idle.
// A connection found broken when taken from the pool is reset (reconnected)
// first; a connection is never returned to the pool inside a transaction.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace steward::storage {

class PgDatabase final : public Database {
 public:
  // Opens `pool_size` (at least 1) connections to `conninfo_url`, a libpq
  // connection URI ("postgresql://user:pass@host:port/db?sslmode=...") or
  // key=value string. InvalidArgument if it does not parse; Unavailable with
  // libpq's message if any connection fails.
  static Result<std::unique_ptr<PgDatabase>> Open(const std::string& conninfo_url, int pool_size);
  ~PgDatabase() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Transact(const std::function<Status(Connection&)>& fn) override;
  Status Read(const std::function<Status(Connection&)>& fn) override;
  // "postgresql://host:port/dbname" — never the user's password.
  std::string Describe() const override { return describe_; }

 private:
  class PgConnection;
  explicit PgDatabase(std::string describe);
  std::unique_ptr<PgConnection> Acquire();
  void Release(std::unique_ptr<PgConnection> c);
  Status Run(const char* begin, const std::function<Status(Connection&)>& fn);

  const std::string describe_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // GUARDED_BY(mutex_)
};

// Rewrites SQLite-style `?` placeholders in `sql` to PostgreSQL's `$1`, `$2`,
// ... in order, leaving `?` inside '...' string literals, "..." identifiers,
// -- line comments and /* block comments */ alone. Stores the number of
// placeholders in `*count`. Exposed for tests; PgDatabase calls it per statement.
std::string RewritePlaceholdersForPg(std::string_view sql, size_t* count);

}  // namespace steward::storage
