// SQLite backend: one database file in WAL mode with foreign keys on and a
// busy timeout, behind a small pool of connections. Write transactions start
// with BEGIN IMMEDIATE so two writers never deadlock upgrading a read lock;
// SQLite serialises them and the busy timeout absorbs the wait.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

struct sqlite3;

namespace steward::storage {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" gives a private
  // in-memory database (pool size forced to 1 so all callers share it).
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, int pool_size);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Transact(const std::function<Status(Connection&)>& fn) override;
  Status Read(const std::function<Status(Connection&)>& fn) override;
  std::string Describe() const override { return "sqlite:" + path_; }

  // Writes a consistent snapshot of the live database to `dest` with SQLite's
  // online backup API; safe while other connections read and write.
  Status BackupTo(const std::string& dest);
  // Runs PRAGMA integrity_check; DataLoss describing the damage if not "ok".
  Status CheckIntegrity();

 private:
  class SqliteConnection;
  explicit SqliteDatabase(std::string path);
  std::unique_ptr<SqliteConnection> Acquire();
  void Release(std::unique_ptr<SqliteConnection> c);
  Status Run(bool write, const std::function<Status(Connection&)>& fn);

  std::string path_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // GUARDED_BY(mutex_)
};

// Opens a standalone SQLite file (used by backup/restore to validate files).
Status CheckSqliteFile(const std::string& path);

}  // namespace steward::storage
