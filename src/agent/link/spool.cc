#include "agent/link/spool.h"

#include <memory>

#include <sqlite3.h>

namespace steward::agent {

namespace {

// A prepared statement that finalises itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status ok() const {
    return rc_ == SQLITE_OK ? Status::Ok()
                            : Status::Internal(std::string("spool: ") + sqlite3_errmsg(db_));
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // SQLITE_ROW, SQLITE_DONE or an error.
  int Step() { return sqlite3_step(stmt_); }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  Status Done() {
    int rc = Step();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    return Status::Internal(std::string("spool: ") + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS batches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sample_count INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS seen_nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accepted_commands (command_id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS command_results (
  command_id INTEGER PRIMARY KEY,
  frame TEXT NOT NULL,
  acknowledged INTEGER NOT NULL DEFAULT 0
);
)SQL";

Json PayloadJson(const std::vector<proto::WireSample>& samples,
                 const std::optional<Json>& inventory) {
  Json list = Json::array();
  for (const auto& s : samples) {
    Json j = {{"m", s.metric}, {"t", s.ts_ms}, {"v", s.value}};
    if (!s.labels.empty()) j["l"] = s.labels;
    list.push_back(std::move(j));
  }
  Json out = {{"s", std::move(list)}};
  if (inventory) out["i"] = *inventory;
  return out;
}

}  // namespace

Result<std::unique_ptr<Spool>> Spool::Open(const std::string& path, int64_t max_batches) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Unavailable("cannot open the spool " + path + ": " + why);
  }
  std::unique_ptr<Spool> spool(new Spool(db, max_batches));
  sqlite3_busy_timeout(db, 5000);
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA journal_mode=WAL"));
  // FULL: an appended batch survives a power cut, not only a crash.
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA synchronous=FULL"));
  // A spool holds minutes of batches, read once: a 256 KiB page cache is
  // plenty, and SQLite's default 2 MiB would be a fifth of the agent's
  // memory budget (issue 6: 10 MiB resident).
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA cache_size=-256"));
  STEWARD_RETURN_IF_ERROR(spool->Exec(kSchema));
  return spool;
}

Spool::~Spool() { sqlite3_close(db_); }

Status Spool::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "unknown";
    sqlite3_free(err);
    return Status::Internal("spool: " + why);
  }
  return Status::Ok();
}

Result<int64_t> Spool::Append(const std::vector<proto::WireSample>& samples,
                              const std::optional<Json>& inventory) {
  STEWARD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto rollback = [this](Status s) {
    (void)Exec("ROLLBACK");
    return s;
  };
  Stmt insert(db_, "INSERT INTO batches (sample_count, payload) VALUES (?, ?)");
  if (!insert.ok().ok()) return rollback(insert.ok());
  insert.Bind(1, static_cast<int64_t>(samples.size()));
  insert.Bind(2,
              PayloadJson(samples, inventory).dump(-1, ' ', false, Json::error_handler_t::replace));
  if (Status s = insert.Done(); !s.ok()) return rollback(s);
  int64_t seq = sqlite3_last_insert_rowid(db_);
  // Over the cap: drop the oldest, and count them.
  Stmt count(db_, "SELECT COUNT(*) FROM batches");
  if (count.Step() != SQLITE_ROW) return rollback(Status::Internal("spool: count"));
  int64_t excess = count.Int(0) - max_batches_;
  if (excess > 0) {
    Stmt drop(db_,
              "DELETE FROM batches WHERE seq IN (SELECT seq FROM batches ORDER BY seq LIMIT ?)");
    drop.Bind(1, excess);
    if (Status s = drop.Done(); !s.ok()) return rollback(s);
    Stmt counter(db_,
                 "INSERT INTO counters (name, value) VALUES ('dropped', ?) ON CONFLICT (name)"
                 " DO UPDATE SET value = value + excluded.value");
    counter.Bind(1, excess);
    if (Status s = counter.Done(); !s.ok()) return rollback(s);
  }
  STEWARD_RETURN_IF_ERROR(Exec("COMMIT"));
  return seq;
}

Result<std::optional<proto::BatchFrame>> Spool::NextFrame(int64_t after_seq, size_t max_samples) {
  Stmt q(db_,
         "SELECT seq, sample_count, payload FROM batches WHERE seq > ? ORDER BY seq LIMIT 500");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, after_seq);
  std::optional<proto::BatchFrame> frame;
  while (q.Step() == SQLITE_ROW) {
    size_t count = static_cast<size_t>(q.Int(1));
    if (frame && frame->samples.size() + count > max_samples) break;
    auto payload = ParseJsonStrict(q.Text(2));
    if (!payload.ok() || !payload->is_object()) continue;  // unreadable row: skip it
    if (!frame) {
      frame.emplace();
      frame->first_seq = q.Int(0);
    }
    // A batch with inventory travels alone with its own samples: inventory is
    // one object per frame.
    if (payload->contains("i") && frame->inventory) break;
    frame->seq = q.Int(0);
    for (const Json& s : (*payload)["s"]) {
      proto::WireSample w;
      w.metric = s.value("m", "");
      w.ts_ms = s.value("t", int64_t{0});
      w.value = s.value("v", 0.0);
      if (s.contains("l")) w.labels = s["l"].get<std::map<std::string, std::string>>();
      frame->samples.push_back(std::move(w));
    }
    if (payload->contains("i")) frame->inventory = (*payload)["i"];
  }
  return frame;
}

Status Spool::AcknowledgeUpTo(int64_t seq) {
  Stmt del(db_, "DELETE FROM batches WHERE seq <= ?");
  STEWARD_RETURN_IF_ERROR(del.ok());
  del.Bind(1, seq);
  return del.Done();
}

int64_t Spool::pending_batches() {
  Stmt q(db_, "SELECT COUNT(*) FROM batches");
  return q.Step() == SQLITE_ROW ? q.Int(0) : -1;
}

int64_t Spool::dropped_batches() {
  Stmt q(db_, "SELECT value FROM counters WHERE name = 'dropped'");
  return q.Step() == SQLITE_ROW ? q.Int(0) : 0;
}

Result<bool> Spool::SeenNonce(const std::string& nonce, int64_t expires_ms, int64_t now_ms) {
  Stmt purge(db_, "DELETE FROM seen_nonces WHERE expires_at < ?");
  purge.Bind(1, now_ms - 24 * 3600 * 1000);  // kept a day past expiry
  STEWARD_RETURN_IF_ERROR(purge.Done());
  Stmt insert(db_,
              "INSERT INTO seen_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING");
  STEWARD_RETURN_IF_ERROR(insert.ok());
  insert.Bind(1, nonce);
  insert.Bind(2, expires_ms);
  STEWARD_RETURN_IF_ERROR(insert.Done());
  return sqlite3_changes(db_) == 0;
}

Status Spool::MarkAccepted(int64_t command_id) {
  Stmt q(db_, "INSERT INTO accepted_commands (command_id) VALUES (?) ON CONFLICT DO NOTHING");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, command_id);
  return q.Done();
}

Result<std::vector<int64_t>> Spool::InterruptedCommands() {
  Stmt q(db_,
         "SELECT command_id FROM accepted_commands WHERE command_id NOT IN"
         " (SELECT command_id FROM command_results) ORDER BY command_id");
  STEWARD_RETURN_IF_ERROR(q.ok());
  std::vector<int64_t> out;
  while (q.Step() == SQLITE_ROW) out.push_back(q.Int(0));
  return out;
}

Status Spool::SaveResult(int64_t command_id, const std::string& frame) {
  // One transaction: a result saved is never also reported as interrupted.
  STEWARD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto rollback = [this](Status s) {
    (void)Exec("ROLLBACK");
    return s;
  };
  Stmt q(db_,
         "INSERT INTO command_results (command_id, frame) VALUES (?, ?) ON CONFLICT DO NOTHING");
  if (!q.ok().ok()) return rollback(q.ok());
  q.Bind(1, command_id);
  q.Bind(2, frame);
  if (Status s = q.Done(); !s.ok()) return rollback(s);
  Stmt done(db_, "DELETE FROM accepted_commands WHERE command_id = ?");
  if (!done.ok().ok()) return rollback(done.ok());
  done.Bind(1, command_id);
  if (Status s = done.Done(); !s.ok()) return rollback(s);
  return Exec("COMMIT");
}

Result<std::optional<std::string>> Spool::ResultFor(int64_t command_id) {
  Stmt q(db_, "SELECT frame FROM command_results WHERE command_id = ?");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, command_id);
  if (q.Step() == SQLITE_ROW) return std::optional<std::string>(q.Text(0));
  return std::optional<std::string>();
}

Result<std::vector<std::string>> Spool::UnacknowledgedResults() {
  Stmt q(db_, "SELECT frame FROM command_results WHERE acknowledged = 0 ORDER BY command_id");
  STEWARD_RETURN_IF_ERROR(q.ok());
  std::vector<std::string> out;
  while (q.Step() == SQLITE_ROW) out.push_back(q.Text(0));
  return out;
}

Status Spool::AcknowledgeResult(int64_t command_id) {
  Stmt q(db_, "UPDATE command_results SET acknowledged = 1 WHERE command_id = ?");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, command_id);
  return q.Done();
}

}  // namespace steward::agent
