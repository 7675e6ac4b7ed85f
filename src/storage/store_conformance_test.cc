// The backend contract, run against every available backend: the same
// assertions on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/schema.h"
#include "testing/test_database.h"

namespace steward::storage {
namespace {

using steward::testing::Backend;

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(db_->Transact([](Connection& c) {
                     return c.ExecuteScript(
                         "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                         " score DOUBLE PRECISION, note TEXT)");
                   })
                    .ok());
  }
  int64_t Count() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(Row r,
                                              c.QueryOne("SELECT COUNT(*) AS n FROM things"));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }
  std::unique_ptr<Database> db_;
};

TEST_P(StoreConformanceTest, RoundTripsTypedValues) {
  ASSERT_TRUE(db_->Transact([](Connection& c) -> Status {
                   return c
                       .Execute("INSERT INTO things (id, name, score, note) VALUES (?, ?, ?, ?)",
                                {int64_t{1}, "caf\xc3\xa9 'quoted' ?", 2.5, std::nullopt})
                       .status();
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([](Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(
                       Row r, c.QueryOne("SELECT * FROM things WHERE id = ?", {int64_t{1}}));
                   EXPECT_EQ(r.Int("id"), 1);
                   EXPECT_EQ(r.Text("name"), "caf\xc3\xa9 'quoted' ?");
                   EXPECT_DOUBLE_EQ(r.Real("score"), 2.5);
                   EXPECT_TRUE(r.IsNull("note"));
                   EXPECT_FALSE(r.OptText("note").has_value());
                   return Status::Ok();
                 })
                  .ok());
}

// Compressed sample chunks are arbitrary bytes: zeros, invalid UTF-8, every
// byte value. They must come back exactly, and an empty blob stays empty.
TEST_P(StoreConformanceTest, RoundTripsBinaryData) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  all_bytes += std::string("\0\xff\xfe\\x00", 6);
  bool sqlite = GetParam() == Backend::kSqlite;
  ASSERT_TRUE(
      db_->Transact([&](Connection& c) -> Status {
           STEWARD_RETURN_IF_ERROR(
               c.ExecuteScript(sqlite ? "CREATE TABLE blobs (id BIGINT PRIMARY KEY, data BLOB)"
                                      : "CREATE TABLE blobs (id BIGINT PRIMARY KEY, data BYTEA)"));
           STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO blobs (id, data) VALUES (?, ?)",
                                             {int64_t{1}, Bytes{all_bytes}})
                                       .status());
           return c.Execute("INSERT INTO blobs (id, data) VALUES (?, ?)", {int64_t{2}, Bytes{}})
               .status();
         })
          .ok());
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(Rows rows,
                                            c.Query("SELECT id, data, LENGTH(data) AS n FROM blobs"
                                                    " ORDER BY id"));
                   EXPECT_EQ(rows.size(), 2u);
                   if (rows.size() != 2) return Status::Ok();
                   EXPECT_EQ(rows[0].Blob("data"), all_bytes);
                   EXPECT_EQ(rows[0].Int("n"), static_cast<int64_t>(all_bytes.size()));
                   EXPECT_EQ(rows[1].Blob("data"), "");
                   EXPECT_FALSE(rows[1].IsNull("data"));
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(StoreConformanceTest, QuestionMarkInsideLiteralIsNotAPlaceholder) {
  ASSERT_TRUE(db_->Transact([](Connection& c) -> Status {
                   return c
                       .Execute("INSERT INTO things (id, name) VALUES (?, 'what?')", {int64_t{7}})
                       .status();
                 })
                  .ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(StoreConformanceTest, UniqueViolationIsAlreadyExists) {
  auto insert = [&](int64_t id) {
    return db_->Transact([&](Connection& c) -> Status {
      return c.Execute("INSERT INTO things (id, name) VALUES (?, ?)", {id, "same"}).status();
    });
  };
  ASSERT_TRUE(insert(1).ok());
  EXPECT_EQ(insert(2).code(), StatusCode::kAlreadyExists);
}

TEST_P(StoreConformanceTest, FailedTransactionLeavesNothing) {
  Status s = db_->Transact([](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO things (id, name) VALUES (?, ?)", {int64_t{1}, "a"}).status());
    return Status::InvalidArgument("second half failed");
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(), 0);
  // And the pooled connection is usable afterwards.
  EXPECT_TRUE(db_->Transact([](Connection& c) -> Status {
                   return c
                       .Execute("INSERT INTO things (id, name) VALUES (?, ?)", {int64_t{2}, "b"})
                       .status();
                 })
                  .ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(StoreConformanceTest, ExecuteReportsChangedRows) {
  int64_t changed = -1;
  ASSERT_TRUE(
      db_->Transact([&](Connection& c) -> Status {
           for (int64_t i = 1; i <= 3; ++i) {
             STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO things (id, name) VALUES (?, ?)",
                                               {i, "n" + std::to_string(i)})
                                         .status());
           }
           STEWARD_ASSIGN_OR_RETURN(
               changed, c.Execute("UPDATE things SET note = ? WHERE id > ?", {"x", int64_t{1}}));
           return Status::Ok();
         })
          .ok());
  EXPECT_EQ(changed, 2);
}

TEST_P(StoreConformanceTest, SchemaMigratesOnceAndRecordsVersion) {
  ManualClock clock(FromMillis(0));
  auto first = Migrate(*db_, clock);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, SchemaMigrations().back().version);
  auto second = Migrate(*db_, clock);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(*SchemaVersion(*db_), SchemaMigrations().back().version);
}

// Migration 15 (token scopes): a token made before it becomes read-only,
// never keeps its old full rights.
TEST_P(StoreConformanceTest, TokensMadeBeforeScopesBecomeReadOnly) {
  ManualClock clock(FromMillis(0));
  std::vector<Migration> before;
  for (const Migration& m : SchemaMigrations()) {
    if (m.version < 15) before.push_back(m);
  }
  ASSERT_TRUE(Migrate(*db_, clock, before).ok());
  ASSERT_TRUE(db_->Transact([](Connection& c) -> Status {
                   STEWARD_RETURN_IF_ERROR(
                       c.Execute("INSERT INTO users (email, name, role, password_hash, created_at,"
                                 " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                                 {"o@msp.example", "o", "owner", "x", int64_t{0}, int64_t{0}})
                           .status());
                   return c
                       .Execute(
                           "INSERT INTO api_tokens (user_id, name, token_hash, prefix,"
                           " created_at) SELECT id, ?, ?, ?, ? FROM users",
                           {"old", "hash", "stw_0000", int64_t{0}})
                       .status();
                 })
                  .ok());
  auto r = Migrate(*db_, clock);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(db_->Read([](Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(Row row, c.QueryOne("SELECT scopes FROM api_tokens"));
                   EXPECT_EQ(row.Text("scopes"), R"(["read"])");
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(StoreConformanceTest, RefusesToDowngrade) {
  ManualClock clock(FromMillis(0));
  ASSERT_TRUE(Migrate(*db_, clock).ok());
  auto r = Migrate(*db_, clock, {});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::storage
