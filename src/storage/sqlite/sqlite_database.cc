#include "storage/sqlite/sqlite_database.h"

#include <exception>
#include <map>
#include <mutex>

#include <sqlite3.h>

#include "core/log.h"

namespace steward::storage {

namespace {

Status ErrorFor(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(message);
    case SQLITE_CONSTRAINT: {
      int ext = db ? sqlite3_extended_errcode(db) : rc;
      if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::AlreadyExists(message);
      }
      return Status::FailedPrecondition(message);
    }
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(message);
    case SQLITE_FULL:
      return Status::ResourceExhausted(message);
    default:
      return Status::Internal(message);
  }
}

}  // namespace

class SqliteDatabase::SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  sqlite3* handle() { return db_; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    STEWARD_RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    STEWARD_RETURN_IF_ERROR(Run(sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Status::Internal("sqlite script: " + message);
    }
    return Status::Ok();
  }

 private:
  // A prepared statement kept for the connection's life: the server runs the
  // same few hundred SQL texts over and over, and preparing one costs more
  // than running it (the ingest profile showed a third of its time in the
  // parser and its allocations). SQLite re-prepares a cached statement by
  // itself when the schema changes.
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    std::shared_ptr<std::vector<std::string>> columns;
  };
  static constexpr size_t kMaxCachedStatements = 512;

  // Sets `out` to the cached statement for `sql`, preparing it on first use.
  Status Prepare(std::string_view sql, Cached*& out) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      out = &it->second;
      return Status::Ok();
    }
    if (statements_.size() >= kMaxCachedStatements) {
      // Only reachable by SQL built from many distinct fragments; start over
      // rather than track recency on every call.
      for (auto& [text, cached] : statements_) sqlite3_finalize(cached.stmt);
      statements_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return ErrorFor(db_, rc, "prepare");
    Cached cached{stmt, std::make_shared<std::vector<std::string>>()};
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      cached.columns->push_back(sqlite3_column_name(stmt, c));
    }
    out = &statements_.emplace(std::string(sql), std::move(cached)).first->second;
    return Status::Ok();
  }

  Status Run(std::string_view sql, const Params& params, Rows* rows) {
    Cached* cached = nullptr;
    STEWARD_RETURN_IF_ERROR(Prepare(sql, cached));
    sqlite3_stmt* stmt = cached->stmt;
    // Whatever happens below, the statement is left reset and unbound for
    // its next use (and releases its read snapshot).
    auto reset = [](sqlite3_stmt* st) {
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
    };
    std::unique_ptr<sqlite3_stmt, decltype(reset)> guard(stmt, reset);
    int rc = SQLITE_OK;
    if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) != params.size()) {
      return Status::Internal("store bug: parameter count mismatch for: " + std::string(sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = params[i].variant();
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else if (auto* b = std::get_if<Bytes>(&v)) {
        // The parameters outlive the step: SQLite need not copy them.
        rc = sqlite3_bind_blob64(stmt, idx, b->data.data(), b->data.size(), SQLITE_STATIC);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return ErrorFor(db_, rc, "bind");
    }
    int ncol = sqlite3_column_count(stmt);
    if (rows && static_cast<size_t>(ncol) != cached->columns->size()) {
      // The schema changed under a cached statement (SQLite re-prepared it).
      cached->columns = std::make_shared<std::vector<std::string>>();
      for (int c = 0; c < ncol; ++c) cached->columns->push_back(sqlite3_column_name(stmt, c));
    }
    while (true) {
      rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return ErrorFor(db_, rc, "step");
      if (!rows) continue;
      std::vector<Value> values;
      values.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back();
            break;
          case SQLITE_INTEGER:
            values.emplace_back(int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_BLOB: {
            const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            int len = sqlite3_column_bytes(stmt, c);
            values.emplace_back(Bytes{std::string(blob ? blob : "", static_cast<size_t>(len))});
            break;
          }
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            int len = sqlite3_column_bytes(stmt, c);
            values.emplace_back(std::string(text ? text : "", static_cast<size_t>(len)));
          }
        }
      }
      rows->emplace_back(cached->columns, std::move(values));
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::map<std::string, Cached, std::less<>> statements_;
};

namespace {

// Wraps the raw handle only to carry it through Result (which refuses raw
// pointers); ownership passes to SqliteConnection at once.
struct RawHandle {
  sqlite3* db;
};

// SQLite's memory statistics take a global mutex around every allocation,
// which the ingest profile showed as 14 % of the server's time; nothing
// reads them. Must run before SQLite initialises, so once, before any open.
void ConfigureLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<RawHandle> OpenHandle(const std::string& path) {
  ConfigureLibraryOnce();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = ErrorFor(db, rc, "opening " + path);
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  // WAL lets readers run beside the one writer; synchronous=FULL makes a
  // commit durable before it returns, which an acknowledged write relies on.
  const char* pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY;";
  char* err = nullptr;
  rc = sqlite3_exec(db, pragmas, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : "unknown";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return Status::Unavailable("configuring " + path + ": " + message);
  }
  return RawHandle{db};
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             int pool_size) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path));
  if (path == ":memory:") pool_size = 1;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    STEWARD_ASSIGN_OR_RETURN(RawHandle handle, OpenHandle(path));
    db->idle_.push_back(std::make_unique<SqliteConnection>(handle.db));
  }
  return db;
}

SqliteDatabase::SqliteDatabase(std::string path) : path_(std::move(path)) {}
SqliteDatabase::~SqliteDatabase() = default;

std::unique_ptr<SqliteDatabase::SqliteConnection> SqliteDatabase::Acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void SqliteDatabase::Release(std::unique_ptr<SqliteConnection> c) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(c));
  }
  available_.notify_one();
}

Status SqliteDatabase::RunRead(const std::function<Status(Connection&)>& fn) {
  auto conn = Acquire();
  Status result = conn->ExecuteScript("BEGIN");
  if (result.ok()) {
    result = fn(*conn);
    if (result.ok()) {
      result = conn->ExecuteScript("COMMIT");
    }
    if (!result.ok()) {
      if (!sqlite3_get_autocommit(conn->handle())) {
        Status rollback = conn->ExecuteScript("ROLLBACK");
        if (!rollback.ok()) LogError("rollback failed: {}", rollback.ToString());
      }
    }
  }
  Release(std::move(conn));
  return result;
}

struct SqliteDatabase::PendingWrite {
  const std::function<Status(Connection&)>* fn = nullptr;
  Status status;
  std::exception_ptr thrown;
  bool done = false;
};

namespace {

// Set while this thread runs a commit group: a transaction started from
// inside one would wait for its own group forever.
thread_local bool in_commit_group = false;

// A group large enough to amortise the fsync, small enough that one slow
// transaction delays few others.
constexpr size_t kMaxCommitGroup = 64;

}  // namespace

Status SqliteDatabase::Transact(const std::function<Status(Connection&)>& fn) {
  if (in_commit_group) {
    return Status::Internal("store bug: a write transaction started inside another one");
  }
  PendingWrite me{&fn};
  std::unique_lock lock(commit_mu_);
  commit_queue_.push_back(&me);
  while (!me.done) {
    if (committing_) {
      commit_cv_.wait(lock);
      continue;
    }
    committing_ = true;
    std::vector<PendingWrite*> group;
    while (!commit_queue_.empty() && group.size() < kMaxCommitGroup) {
      group.push_back(commit_queue_.front());
      commit_queue_.pop_front();
    }
    lock.unlock();
    RunGroup(group);
    lock.lock();
    committing_ = false;
    stats_.transactions += static_cast<int64_t>(group.size());
    ++stats_.commits;
    for (PendingWrite* w : group) w->done = true;
    commit_cv_.notify_all();
  }
  lock.unlock();
  if (me.thrown) std::rethrow_exception(me.thrown);
  return me.status;
}

SqliteDatabase::CommitStats SqliteDatabase::commit_stats() {
  std::lock_guard lock(commit_mu_);
  return stats_;
}

void SqliteDatabase::RunGroup(const std::vector<PendingWrite*>& group) {
  auto conn = Acquire();
  in_commit_group = true;
  Status begin = conn->ExecuteScript("BEGIN IMMEDIATE");
  // Runs one member; with others in the group, inside a savepoint so that
  // its failure undoes only its own writes.
  auto run = [&](PendingWrite& w, bool savepoint) {
    if (savepoint) {
      w.status = conn->ExecuteScript("SAVEPOINT steward_member");
      if (!w.status.ok()) return;
    }
    try {
      w.status = (*w.fn)(*conn);
    } catch (...) {
      w.thrown = std::current_exception();
      w.status = Status::Internal("transaction threw");
    }
    if (!savepoint || sqlite3_get_autocommit(conn->handle())) return;
    if (!w.status.ok()) {
      Status undo = conn->ExecuteScript("ROLLBACK TO steward_member");
      if (!undo.ok()) LogError("rollback to savepoint failed: {}", undo.ToString());
    }
    Status release = conn->ExecuteScript("RELEASE steward_member");
    if (!release.ok() && w.status.ok()) w.status = release;
  };
  if (!begin.ok()) {
    for (PendingWrite* w : group) w->status = begin;
  } else {
    bool grouped = group.size() > 1;
    Status aborted;
    for (PendingWrite* w : group) {
      if (!aborted.ok()) {
        w->status = aborted;
        continue;
      }
      run(*w, grouped);
      if (sqlite3_get_autocommit(conn->handle())) {
        // SQLite ended the whole transaction (an I/O error, a full disk):
        // nothing of this group survived.
        aborted = w->status.ok() ? Status::Unavailable("transaction aborted") : w->status;
        for (PendingWrite* done : group) {
          if (done == w) break;
          if (done->status.ok()) done->status = aborted;
        }
        if (w->status.ok()) w->status = aborted;
      }
    }
    bool any_ok = false;
    for (PendingWrite* w : group) any_ok = any_ok || w->status.ok();
    if (!sqlite3_get_autocommit(conn->handle())) {
      Status end = conn->ExecuteScript(any_ok ? "COMMIT" : "ROLLBACK");
      if (!end.ok()) {
        for (PendingWrite* w : group) {
          if (w->status.ok()) w->status = end;
        }
        if (!sqlite3_get_autocommit(conn->handle())) {
          Status rollback = conn->ExecuteScript("ROLLBACK");
          if (!rollback.ok()) LogError("rollback failed: {}", rollback.ToString());
        }
      }
    }
  }
  in_commit_group = false;
  Release(std::move(conn));
}

Status SqliteDatabase::Read(const std::function<Status(Connection&)>& fn) { return RunRead(fn); }

Status SqliteDatabase::BackupTo(const std::string& dest) {
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Status s = ErrorFor(out, rc, "opening backup file " + dest);
    sqlite3_close_v2(out);
    return s;
  }
  auto conn = Acquire();
  sqlite3_backup* backup = sqlite3_backup_init(out, "main", conn->handle(), "main");
  Status result;
  if (!backup) {
    result = ErrorFor(out, sqlite3_errcode(out), "starting backup");
  } else {
    // Copy everything in one step: the source stays readable and writers
    // wait at most for the copy, which keeps the snapshot consistent.
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_DONE) result = ErrorFor(out, rc, "copying database");
    sqlite3_backup_finish(backup);
  }
  Release(std::move(conn));
  if (result.ok()) {
    // The backup is a standalone file: keep it in rollback-journal mode.
    char* err = nullptr;
    sqlite3_exec(out, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, &err);
    sqlite3_free(err);
  }
  sqlite3_close_v2(out);
  return result;
}

Status SqliteDatabase::CheckIntegrity() {
  return Read([](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Rows rows, c.Query("PRAGMA integrity_check", {}));
    if (rows.size() == 1 && rows[0].Text("integrity_check") == "ok") return Status::Ok();
    std::string detail;
    for (const auto& r : rows) detail += r.Text("integrity_check") + "; ";
    return Status::DataLoss("integrity check failed: " + detail);
  });
}

Status CheckSqliteFile(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    Status s = ErrorFor(db, rc, "opening " + path);
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  Status result;
  if (rc != SQLITE_OK) {
    result = ErrorFor(db, rc, path + " is not a Steward database");
  } else {
    rc = sqlite3_step(stmt);
    const char* text =
        rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) : nullptr;
    if (!text || std::string_view(text) != "ok") {
      result = Status::DataLoss(path + " failed its integrity check");
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  return result;
}

}  // namespace steward::storage
