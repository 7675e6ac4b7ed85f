#include "server/app/backup.h"

#include <algorithm>
#include <filesystem>

#include "core/log.h"
#include "core/time_format.h"
#include "storage/sqlite/sqlite_database.h"

namespace steward::app {

namespace fs = std::filesystem;

Status BackupDatabase(storage::Database& db, const std::string& dest) {
  auto* sqlite = dynamic_cast<storage::SqliteDatabase*>(&db);
  if (!sqlite) {
    return Status::FailedPrecondition(
        "built-in backups cover the embedded SQLite database; back up PostgreSQL with "
        "pg_dump or its replication (see docs/backup.md)");
  }
  std::error_code ec;
  fs::create_directories(fs::path(dest).parent_path(), ec);
  std::string tmp = dest + ".partial";
  fs::remove(tmp, ec);
  Status s = sqlite->BackupTo(tmp);
  if (s.ok()) s = storage::CheckSqliteFile(tmp);
  if (!s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  fs::rename(tmp, dest, ec);
  if (ec) return Status::Internal("renaming backup into place: " + ec.message());
  return Status::Ok();
}

std::vector<std::string> ListBackups(const std::string& backup_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(backup_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("steward-", 0) == 0 && e.path().extension() == ".db") {
      out.push_back(e.path().string());
    }
  }
  // Names embed a sortable UTC timestamp.
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> RunDailyBackup(storage::Database& db, const std::string& backup_dir,
                                   Timestamp now, int keep) {
  auto existing = ListBackups(backup_dir);
  if (!existing.empty()) {
    std::error_code ec;
    // The newest backup's time comes from its name, not the file's mtime,
    // so fake time in tests and restored directories behave the same.
    std::string name = fs::path(existing.back()).stem().string();  // steward-20261122T0800Z
    std::string stamp = name.substr(8);
    if (stamp.size() == 14) {
      std::string iso = stamp.substr(0, 4) + "-" + stamp.substr(4, 2) + "-" + stamp.substr(6, 2) +
                        "T" + stamp.substr(9, 2) + ":" + stamp.substr(11, 2) + ":00Z";
      auto last = ParseIso8601(iso);
      if (last.ok() && now - *last < std::chrono::hours(24)) return std::string();
    }
  }
  std::string iso = FormatIso8601(std::chrono::floor<std::chrono::minutes>(now));
  // 2026-11-22T08:00:00Z → 20261122T0800Z
  std::string stamp = iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "T" +
                      iso.substr(11, 2) + iso.substr(14, 2) + "Z";
  std::string dest = backup_dir + "/steward-" + stamp + ".db";
  STEWARD_RETURN_IF_ERROR(BackupDatabase(db, dest));
  existing = ListBackups(backup_dir);
  while (static_cast<int>(existing.size()) > std::max(1, keep)) {
    std::error_code ec;
    fs::remove(existing.front(), ec);
    existing.erase(existing.begin());
  }
  LogInfo("backup written: {}", dest);
  return dest;
}

Status RestoreDatabase(const std::string& from, const std::string& db_path) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return Status::NotFound("backup file", from);
  STEWARD_RETURN_IF_ERROR(storage::CheckSqliteFile(from));
  std::string tmp = db_path + ".restoring";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Internal("copying backup: " + ec.message());
  // The old WAL and shared-memory files belong to the old database.
  fs::remove(db_path + "-wal", ec);
  fs::remove(db_path + "-shm", ec);
  fs::rename(tmp, db_path, ec);
  if (ec) return Status::Internal("moving restored database into place: " + ec.message());
  return Status::Ok();
}

}  // namespace steward::app
