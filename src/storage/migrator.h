// Applies the schema migrations a database has not seen yet, each exactly
// once, each in its own transaction together with the row that records it in
// `schema_migrations`. Safe to call at every start-up.
#pragma once

#include <vector>

#include "core/clock.h"
#include "storage/database.h"
#include "storage/schema.h"

namespace steward::storage {

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<int> applied;
};

// Brings `db` to the newest version of `migrations`. FailedPrecondition if the
// database is newer than this binary knows (a downgrade).
Result<MigrationReport> Migrate(Database& db, const Clock& clock,
                                const std::vector<Migration>& migrations = SchemaMigrations());

// The version recorded in the database (0 for an empty one).
Result<int> SchemaVersion(Database& db);

}  // namespace steward::storage
