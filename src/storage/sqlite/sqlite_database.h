// SQLite backend: one database file in WAL mode with foreign keys on and a
// busy timeout, behind a small pool of connections. Write transactions start
// with BEGIN IMMEDIATE so two writers never deadlock upgrading a read lock.
//
// Group commit: SQLite has one writer, and a durable commit costs an fsync.
// Writers of this process queue; whichever finds no group running becomes
// the leader and runs every queued transaction in one SQLite transaction,
// each inside its own SAVEPOINT (a failing one rolls back alone, exactly as
// if it had run by itself), then commits once for all of them. Each caller
// returns only after the commit that made its writes durable, so "Transact
// returned Ok" still means "on disk". Under load this turns N fsyncs into
// one and replaces SQLite's sleeping busy-wait with a condition variable;
// alone, a transaction runs as before. Other processes (the CLI's backup)
// still meet the busy timeout.
#pragma once

#include <condition_variable>
#include <deque>
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

  // Write transactions run, and the SQLite commits they shared.
  struct CommitStats {
    int64_t transactions = 0;
    int64_t commits = 0;
  };
  CommitStats commit_stats();

 private:
  class SqliteConnection;
  struct PendingWrite;
  explicit SqliteDatabase(std::string path);
  std::unique_ptr<SqliteConnection> Acquire();
  void Release(std::unique_ptr<SqliteConnection> c);
  Status RunRead(const std::function<Status(Connection&)>& fn);
  void RunGroup(const std::vector<PendingWrite*>& group);

  std::string path_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // GUARDED_BY(mutex_)

  std::mutex commit_mu_;
  std::condition_variable commit_cv_;
  std::deque<PendingWrite*> commit_queue_;  // GUARDED_BY(commit_mu_)
  bool committing_ = false;                 // GUARDED_BY(commit_mu_)
  CommitStats stats_;                       // GUARDED_BY(commit_mu_)
};

// Opens a standalone SQLite file (used by backup/restore to validate files).
Status CheckSqliteFile(const std::string& path);

}  // namespace steward::storage
