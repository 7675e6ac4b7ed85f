#include "testing/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace steward::testing {

namespace {

const char* PgUrl() {
  const char* url = std::getenv("STEWARD_TEST_PG_URL");
  return (url && *url) ? url : nullptr;
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
