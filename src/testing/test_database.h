// Test databases for every backend. Parameterised store tests instantiate over
// AvailableBackends(): SQLite always; PostgreSQL when STEWARD_TEST_PG_URL names
// a server (scripts/test starts a throwaway cluster). Each PostgreSQL test gets
// a fresh schema in a database of its own so tests never see each other.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "storage/database.h"

namespace steward::testing {

enum class Backend { kSqlite, kPostgres };

std::vector<Backend> AvailableBackends();
std::string BackendName(Backend b);

// A fresh, empty database (not migrated). Aborts the test binary on failure.
std::unique_ptr<storage::Database> NewTestDatabase(Backend b);

// A URL for a fresh, empty database of backend `b` that outlives this call
// (for tests that start a whole server). For SQLite, a file in a temp dir.
std::string NewTestDatabaseUrl(Backend b);

// A new empty directory under the system temp dir.
std::string MakeTempDir(const std::string& prefix);

}  // namespace steward::testing

namespace steward::testing {
// Readable parameter names in test output ("Sqlite" instead of bytes).
inline void PrintTo(Backend b, std::ostream* os) { *os << BackendName(b); }
}  // namespace steward::testing
