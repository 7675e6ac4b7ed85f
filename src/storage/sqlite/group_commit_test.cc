// Group commit in the SQLite backend: concurrent writers share commits, yet
// each transaction keeps its own outcome — a failing one leaves no trace and
// takes no other down, a throwing one throws in its own caller, and a write
// started inside another fails at once instead of waiting for itself.
#include <atomic>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_database.h"
#include "testing/test_database.h"

namespace steward::storage {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open(steward::testing::MakeTempDir("group-commit") + "/t.db", 4);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Transact([](Connection& c) {
                     return c.ExecuteScript("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
                   })
                    .ok());
  }

  int64_t Count() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(Row r, c.QueryOne("SELECT COUNT(*) AS n FROM t"));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(GroupCommitTest, ConcurrentWritersKeepTheirOwnOutcome) {
  constexpr int kThreads = 8, kEach = 150;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        bool fail = i % 3 == 0;
        Status s = db_->Transact([&](Connection& c) -> Status {
          // Two writes, then (for a third of them) a refusal: both must go.
          STEWARD_RETURN_IF_ERROR(
              c.Execute("INSERT INTO t (k, v) VALUES (?, ?)", {key, int64_t{i}}).status());
          STEWARD_RETURN_IF_ERROR(
              c.Execute("INSERT INTO t (k, v) VALUES (?, ?)", {key + "b", int64_t{i}}).status());
          if (fail) return Status::InvalidArgument("refused", "v");
          return Status::Ok();
        });
        if (fail) {
          EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
          ++failed;
        } else {
          EXPECT_TRUE(s.ok()) << s.ToString();
          ++ok;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(Count(), 2 * ok.load());
  EXPECT_EQ(failed.load(), kThreads * 50);
  // Writers waiting behind a commit shared the next one.
  auto stats = db_->commit_stats();
  EXPECT_EQ(stats.transactions, 1 + kThreads * kEach);  // with the CREATE TABLE
  EXPECT_LT(stats.commits, stats.transactions);
  // A constraint violation inside a group is that member's error only.
  Status dup = db_->Transact([](Connection& c) {
    return c.Execute("INSERT INTO t (k, v) VALUES ('0-1', 1)", {}).status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Count(), 2 * ok.load());
}

TEST_F(GroupCommitTest, AThrowingTransactionThrowsInItsOwnCallerAndWritesNothing) {
  EXPECT_THROW(db_->Transact([](Connection& c) -> Status {
    (void)c.Execute("INSERT INTO t (k, v) VALUES ('x', 1)", {});
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);
  EXPECT_TRUE(db_->Transact([](Connection& c) {
                   return c.Execute("INSERT INTO t (k, v) VALUES ('y', 1)", {}).status();
                 })
                  .ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, AWriteInsideAWriteFailsInsteadOfWaitingForItself) {
  Status inner;
  Status outer = db_->Transact([&](Connection& c) -> Status {
    inner = db_->Transact([](Connection& c2) {
      return c2.Execute("INSERT INTO t (k, v) VALUES ('inner', 1)", {}).status();
    });
    return c.Execute("INSERT INTO t (k, v) VALUES ('outer', 1)", {}).status();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.code(), StatusCode::kInternal);
  EXPECT_EQ(Count(), 1);
}

}  // namespace
}  // namespace steward::storage
