#include "storage/sqlite/sqlite_database.h"

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
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

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
  Status Run(std::string_view sql, const Params& params, Rows* rows) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return ErrorFor(db_, rc, "prepare");
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
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
        rc = sqlite3_bind_blob64(stmt, idx, b->data.data(), b->data.size(), SQLITE_TRANSIENT);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return ErrorFor(db_, rc, "bind");
    }
    std::shared_ptr<std::vector<std::string>> columns;
    int ncol = sqlite3_column_count(stmt);
    if (rows) {
      columns = std::make_shared<std::vector<std::string>>();
      for (int c = 0; c < ncol; ++c) columns->push_back(sqlite3_column_name(stmt, c));
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
      rows->emplace_back(columns, std::move(values));
    }
    return Status::Ok();
  }

  sqlite3* db_;
};

namespace {

// Wraps the raw handle only to carry it through Result (which refuses raw
// pointers); ownership passes to SqliteConnection at once.
struct RawHandle {
  sqlite3* db;
};

Result<RawHandle> OpenHandle(const std::string& path) {
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

Status SqliteDatabase::Run(bool write, const std::function<Status(Connection&)>& fn) {
  auto conn = Acquire();
  Status result = conn->ExecuteScript(write ? "BEGIN IMMEDIATE" : "BEGIN");
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

Status SqliteDatabase::Transact(const std::function<Status(Connection&)>& fn) {
  return Run(true, fn);
}

Status SqliteDatabase::Read(const std::function<Status(Connection&)>& fn) { return Run(false, fn); }

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
