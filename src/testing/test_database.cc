#include "testing/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace steward::testing {

namespace {

const char* PgUrl() {
  const char* url = std::getenv("STEWARD_TEST_PG_URL");
  return (url && *url) ? url : nullptr;
}

// What this test process made, removed when it exits: a full run makes about
// a thousand server data directories (up to 11 MB each) and five hundred
// PostgreSQL databases (8 MB each), which filled CI's disk when kept. A test
// that aborts keeps its own, which helps reading what it left.
struct Leftovers {
  std::mutex mu;
  pid_t owner = getpid();
  std::vector<std::string> dirs;
  std::vector<std::string> databases;
};

Leftovers& TheLeftovers();

void RemoveLeftovers() {
  Leftovers& l = TheLeftovers();
  std::lock_guard lock(l.mu);
  // A spawned child never runs this (posix_spawn execs), but be sure a forked
  // copy cannot delete its parent's files.
  if (getpid() != l.owner) return;
  for (const std::string& dir : l.dirs) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  if (l.databases.empty() || !PgUrl()) return;
  auto admin = storage::OpenDatabase(PgUrl(), 1);
  if (!admin.ok()) return;
  for (const std::string& name : l.databases) {
    // DROP DATABASE cannot run in a transaction block either (see below);
    // FORCE ends connections a test left open. `name` is generated hex.
    (void)(*admin)->Transact([&](storage::Connection& c) -> Status {
      STEWARD_RETURN_IF_ERROR(c.ExecuteScript("COMMIT"));
      // sql-check: allow: name is generated hex, never input
      Status dropped = c.ExecuteScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      STEWARD_RETURN_IF_ERROR(c.ExecuteScript("BEGIN"));
      return dropped;
    });
  }
}

Leftovers& TheLeftovers() {
  static Leftovers* leftovers = [] {
    std::atexit(RemoveLeftovers);
    return new Leftovers;  // never destroyed: RemoveLeftovers runs at exit
  }();
  return *leftovers;
}

void RememberDir(const std::string& dir) {
  Leftovers& l = TheLeftovers();
  std::lock_guard lock(l.mu);
  l.dirs.push_back(dir);
}

void RememberDatabase(const std::string& name) {
  Leftovers& l = TheLeftovers();
  std::lock_guard lock(l.mu);
  l.databases.push_back(name);
}

}  // namespace

std::vector<Backend> AvailableBackends() {
  std::vector<Backend> out{Backend::kSqlite};
  if (PgUrl()) out.push_back(Backend::kPostgres);
  return out;
}

std::string BackendName(Backend b) { return b == Backend::kSqlite ? "Sqlite" : "Postgres"; }

std::string MakeTempDir(const std::string& prefix) {
  std::string templ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* made = mkdtemp(templ.data());
  if (!made) {
    ADD_FAILURE() << "mkdtemp failed";
    std::abort();
  }
  RememberDir(made);
  return made;
}

std::string NewTestDatabaseUrl(Backend b) {
  if (b == Backend::kSqlite) {
    return "sqlite:" + MakeTempDir("steward-test") + "/steward.db";
  }
  // A database per test: create it through the maintenance connection.
  std::string base = PgUrl();
  InitCrypto();
  std::string name = "t_" + RandomHex(8);
  auto admin = storage::OpenDatabase(base, 1);
  if (!admin.ok()) {
    ADD_FAILURE() << admin.status().ToString();
    std::abort();
  }
  // CREATE DATABASE cannot run inside a transaction block: end Transact's
  // transaction, create, and open a new one for Transact to commit. `name` is
  // generated hex, never input.
  Status s = (*admin)->Transact([&](storage::Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(c.ExecuteScript("COMMIT"));
    // sql-check: allow: name is generated hex, never input
    STEWARD_RETURN_IF_ERROR(c.ExecuteScript("CREATE DATABASE " + name));
    return c.ExecuteScript("BEGIN");
  });
  if (!s.ok()) {
    ADD_FAILURE() << s.ToString();
    std::abort();
  }
  RememberDatabase(name);
  size_t slash = base.rfind('/');
  return base.substr(0, slash + 1) + name;
}

std::unique_ptr<storage::Database> NewTestDatabase(Backend b) {
  std::string url = b == Backend::kSqlite ? std::string(":memory:") : NewTestDatabaseUrl(b);
  auto db = storage::OpenDatabase(url, b == Backend::kSqlite ? 1 : 2);
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    std::abort();
  }
  return std::move(*db);
}

}  // namespace steward::testing
