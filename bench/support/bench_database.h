// A throwaway, migrated database for a benchmark: a fresh PostgreSQL
// database on the server STEWARD_BENCH_PG_URL names (created through that
// URL's database, dropped at the end), else a SQLite file in a temporary
// directory (removed at the end; STEWARD_BENCH_KEEP_DB=1 keeps it for a look
// with sqlite3). Set-up failures abort: a benchmark has no one to report to.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace steward::bench {

// Aborts with the status's text unless it is OK.
void CheckOrDie(const Status& s);

// The PostgreSQL server to run on, or null for SQLite.
const char* PgUrl();
std::string BackendName();  // "postgres" or "sqlite"

// Runs one statement PostgreSQL refuses inside a transaction block (CREATE
// and DROP DATABASE, VACUUM): ends Transact's transaction, runs it, opens a
// new one for Transact to commit. The same step as testing::NewTestDatabaseUrl.
Status OutsideTransaction(storage::Database& db, const std::string& sql);

class BenchDatabase {
 public:
  // `name` tells the temporary directory apart ("billing" →
  // /tmp/steward-billing-bench-XXXXXX). Migrated with `clock`.
  BenchDatabase(std::string_view name, const Clock& clock);
  ~BenchDatabase();
  BenchDatabase(const BenchDatabase&) = delete;
  BenchDatabase& operator=(const BenchDatabase&) = delete;

  storage::Database& db() { return *db_; }

 private:
  std::string dir_;      // SQLite
  std::string pg_name_;  // PostgreSQL: the bench's own database
  std::unique_ptr<storage::Database> pg_admin_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace steward::bench
