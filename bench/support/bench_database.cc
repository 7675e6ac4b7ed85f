#include "support/bench_database.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/crypto.h"
#include "storage/migrator.h"

namespace steward::bench {

void CheckOrDie(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "bench setup: %s\n", s.ToString().c_str());
    std::abort();
  }
}

const char* PgUrl() {
  const char* url = std::getenv("STEWARD_BENCH_PG_URL");
  return (url && *url) ? url : nullptr;
}

std::string BackendName() { return PgUrl() ? "postgres" : "sqlite"; }

Status OutsideTransaction(storage::Database& db, const std::string& sql) {
  return db.Transact([&](storage::Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(c.ExecuteScript("COMMIT"));
    STEWARD_RETURN_IF_ERROR(c.ExecuteScript(sql));
    return c.ExecuteScript("BEGIN");
  });
}

BenchDatabase::BenchDatabase(std::string_view name, const Clock& clock) {
  std::string url;
  if (const char* base = PgUrl()) {
    InitCrypto();
    pg_name_ = "steward_bench_" + RandomHex(8);
    auto admin = storage::OpenDatabase(base, 1);
    CheckOrDie(admin.status());
    pg_admin_ = std::move(*admin);
    // sql-check: allow: pg_name_ is generated hex, never input
    CheckOrDie(OutsideTransaction(*pg_admin_, "CREATE DATABASE " + pg_name_));
    const std::string b = base;
    const size_t query = b.find('?');
    const size_t slash = b.rfind('/', query);
    url = b.substr(0, slash + 1) + pg_name_ + (query == std::string::npos ? "" : b.substr(query));
  } else {
    std::string tmpl = "/tmp/steward-" + std::string(name) + "-bench-XXXXXX";
    const char* made = mkdtemp(tmpl.data());
    if (!made) CheckOrDie(Status::Internal("mkdtemp " + tmpl + " failed"));
    dir_ = made;
    url = "sqlite:" + dir_ + "/steward.db";
  }
  auto opened = storage::OpenDatabase(url);
  CheckOrDie(opened.status());
  db_ = std::move(*opened);
  CheckOrDie(storage::Migrate(*db_, clock).status());
}

BenchDatabase::~BenchDatabase() {
  db_.reset();
  if (pg_admin_) {
    // WITH (FORCE): a closed session's backend may not have exited yet.
    // sql-check: allow: pg_name_ is generated hex, never input
    Status s = OutsideTransaction(*pg_admin_, "DROP DATABASE " + pg_name_ + " WITH (FORCE)");
    if (!s.ok()) std::fprintf(stderr, "bench cleanup: %s\n", s.ToString().c_str());
  }
  const char* keep = std::getenv("STEWARD_BENCH_KEEP_DB");
  if (keep && *keep == '1' && !dir_.empty()) {
    std::fprintf(stderr, "kept %s/steward.db\n", dir_.c_str());
  } else if (!dir_.empty()) {
    std::filesystem::remove_all(dir_);
  }
}

}  // namespace steward::bench
