// The daily backup job inside `steward serve`, driven by the fake clock.
#include <filesystem>

#include "server/app/backup.h"
#include "server_fixture.h"
#include "storage/sqlite/sqlite_database.h"

namespace steward::testing {
namespace {

class BackupJobTest : public ServerTest {
  void ModifyConfig(app::ServerConfig& c) override {
    c.daily_backup = true;
    c.backups_to_keep = 3;
  }
};

TEST_P(BackupJobTest, TakesOneBackupADayAndKeepsTheNewestN) {
  std::string dir = app::BackupDirIn(data_dir_);
  app_->RunJobsOnceForTest();
  if (GetParam() == Backend::kPostgres) {
    // PostgreSQL is backed up with its own tools; the job must not fail the server.
    EXPECT_TRUE(app::ListBackups(dir).empty());
    EXPECT_EQ(Client().Get("/healthz").status, 200);
    return;
  }
  ASSERT_EQ(app::ListBackups(dir).size(), 1u);
  app_->RunJobsOnceForTest();  // not due again yet
  Advance(std::chrono::hours(23));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(app::ListBackups(dir).size(), 1u);
  for (int day = 0; day < 5; ++day) {
    Advance(std::chrono::hours(24));
    app_->RunJobsOnceForTest();
  }
  auto backups = app::ListBackups(dir);
  ASSERT_EQ(backups.size(), 3u);
  // The newest is named after the (fake) time it was taken, and is intact.
  EXPECT_NE(backups.back().find("steward-20261129T0800Z"), std::string::npos) << backups.back();
  EXPECT_TRUE(storage::CheckSqliteFile(backups.back()).ok());
}

STEWARD_INSTANTIATE_SERVER_TEST(BackupJobTest);

}  // namespace
}  // namespace steward::testing
