#include "storage/migrator.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace steward::storage {
namespace {

TEST(MigratorTest, FailedMigrationIsRolledBackAndNotRecorded) {
  auto db = steward::testing::NewTestDatabase(steward::testing::Backend::kSqlite);
  ManualClock clock(FromMillis(0));
  std::vector<Migration> ms = {
      {1, "good", "CREATE TABLE a (id @ID@)", "", ""},
      {2, "bad", "CREATE TABLE b (id @ID@); THIS IS NOT SQL", "", ""},
  };
  auto r = Migrate(*db, clock, ms);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("migration 2"), std::string::npos);
  EXPECT_EQ(*SchemaVersion(*db), 1);
  // Table b was not left behind.
  Status s = db->Read([](Connection& c) { return c.Query("SELECT * FROM b").status(); });
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace steward::storage
