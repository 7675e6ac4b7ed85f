#include "storage/job_lock.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace steward::storage {
namespace {

using testing::Backend;

TEST(JobLockTest, KeysAreStableAndDistinct) {
  EXPECT_EQ(JobLockKey("sla_sweep"), JobLockKey("sla_sweep"));
  EXPECT_NE(JobLockKey("sla_sweep"), JobLockKey("outbox_delivery"));
  EXPECT_GE(JobLockKey("x"), 0);
}

TEST(JobLockTest, SqliteHasOneNodeSoTheJobRuns) {
  auto db = testing::NewTestDatabase(Backend::kSqlite);
  int runs = 0;
  auto ran = RunExclusive(*db, "job", [&] {
    ++runs;
    return Status::Ok();
  });
  ASSERT_TRUE(ran.ok());
  EXPECT_TRUE(*ran);
  EXPECT_EQ(runs, 1);
  auto failed = RunExclusive(*db, "job", [] { return Status::Internal("boom"); });
  EXPECT_FALSE(failed.ok());
}

// Two nodes (two pools on one PostgreSQL database): while node A runs a job,
// node B skips the same job but runs a different one; afterwards B may run it.
// Instantiated like every store suite: when scripts/test provides PostgreSQL.
class PostgresJobLockTest : public ::testing::TestWithParam<Backend> {};

std::vector<Backend> PostgresOnly() {
  std::vector<Backend> out;
  for (Backend b : testing::AvailableBackends()) {
    if (b == Backend::kPostgres) out.push_back(b);
  }
  return out;
}

TEST_P(PostgresJobLockTest, RunsEachJobOnOneNodeAtATime) {
  std::string url = testing::NewTestDatabaseUrl(GetParam());
  auto node_a = OpenDatabase(url, 2);
  auto node_b = OpenDatabase(url, 2);
  ASSERT_TRUE(node_a.ok() && node_b.ok());
  bool b_ran_same = true, b_ran_other = false;
  auto a_ran = RunExclusive(**node_a, "sla_sweep", [&]() -> Status {
    STEWARD_ASSIGN_OR_RETURN(b_ran_same,
                             RunExclusive(**node_b, "sla_sweep", [] { return Status::Ok(); }));
    STEWARD_ASSIGN_OR_RETURN(
        b_ran_other, RunExclusive(**node_b, "outbox_delivery", [] { return Status::Ok(); }));
    return Status::Ok();
  });
  ASSERT_TRUE(a_ran.ok()) << a_ran.status().ToString();
  EXPECT_TRUE(*a_ran);
  EXPECT_FALSE(b_ran_same);
  EXPECT_TRUE(b_ran_other);
  auto b_after = RunExclusive(**node_b, "sla_sweep", [] { return Status::Ok(); });
  ASSERT_TRUE(b_after.ok());
  EXPECT_TRUE(*b_after);  // the lock went with A's transaction
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresJobLockTest);
INSTANTIATE_TEST_SUITE_P(Backends, PostgresJobLockTest, ::testing::ValuesIn(PostgresOnly()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace steward::storage
