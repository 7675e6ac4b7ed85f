#include "agent/link/spool.h"

#include <algorithm>
#include <memory>

#include <sqlite3.h>

#include "agent/link/spool_stmt.h"
#include "core/log.h"

namespace steward::agent {

using internal::Stmt;

namespace {

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
// command_results.acknowledged is always 0 now: an acknowledged result is
// deleted. The column stays for spools created before (issue 12).

// Counter names; overflow kept its original name ("dropped") so spools of
// older agents keep their count.
std::string CounterName(DropReason r) {
  return r == DropReason::kOverflow ? "dropped" : "dropped_" + std::string(DropReasonLabel(r));
}

// Bytes of a frame around its samples: type, seq, first_seq, brackets.
constexpr size_t kFrameOverheadBytes = 128;

}  // namespace

Result<std::unique_ptr<Spool>> Spool::Open(const std::string& path, int64_t max_batches,
                                           RowLimits rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Unavailable("cannot open the spool " + path + ": " + why);
  }
  std::unique_ptr<Spool> spool(new Spool(db, max_batches, rows));
  sqlite3_busy_timeout(db, 5000);
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA journal_mode=WAL"));
  // FULL: an appended batch survives a power cut, not only a crash.
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA synchronous=FULL"));
  // A spool holds minutes of batches, read once: a 256 KiB page cache is
  // plenty, and SQLite's default 2 MiB would be a fifth of the agent's
  // memory budget (issue 6: 10 MiB resident).
  STEWARD_RETURN_IF_ERROR(spool->Exec("PRAGMA cache_size=-256"));
  STEWARD_RETURN_IF_ERROR(spool->Exec(kSchema));
  // Results an older agent only flagged as acknowledged (issue 12).
  STEWARD_RETURN_IF_ERROR(spool->Exec("DELETE FROM command_results WHERE acknowledged = 1"));
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

Result<int64_t> Spool::InsertRows(const std::vector<SpooledBatch>& rows) {
  int64_t seq = 0;
  for (const SpooledBatch& row : rows) {
    Stmt insert(db_, "INSERT INTO batches (sample_count, payload) VALUES (?, ?)");
    STEWARD_RETURN_IF_ERROR(insert.ok());
    insert.Bind(1, static_cast<int64_t>(row.samples.size()));
    insert.Bind(2, EncodePayload(row));
    STEWARD_RETURN_IF_ERROR(insert.Done());
    seq = sqlite3_last_insert_rowid(db_);
  }
  return seq;
}

Status Spool::CountDropped(DropReason reason, int64_t n) {
  if (n <= 0) return Status::Ok();
  Stmt counter(db_,
               "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name)"
               " DO UPDATE SET value = value + excluded.value");
  STEWARD_RETURN_IF_ERROR(counter.ok());
  counter.Bind(1, CounterName(reason));
  counter.Bind(2, n);
  return counter.Done();
}

Result<int64_t> Spool::Append(const std::vector<proto::WireSample>& samples,
                              const std::optional<Json>& inventory) {
  std::vector<SpooledBatch> rows = SplitCollection(samples, inventory, rows_);
  STEWARD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto rollback = [this](Status s) {
    (void)Exec("ROLLBACK");
    return s;
  };
  auto seq = InsertRows(rows);
  if (!seq.ok()) return rollback(seq.status());
  // Over the cap: drop the oldest, and count them.
  Stmt count(db_, "SELECT COUNT(*) FROM batches");
  if (count.Step() != SQLITE_ROW) return rollback(Status::Internal("spool: count"));
  int64_t excess = count.Int(0) - max_batches_;
  if (excess > 0) {
    Stmt drop(db_,
              "DELETE FROM batches WHERE seq IN (SELECT seq FROM batches ORDER BY seq LIMIT ?)");
    drop.Bind(1, excess);
    if (Status s = drop.Done(); !s.ok()) return rollback(s);
    if (Status s = CountDropped(DropReason::kOverflow, excess); !s.ok()) return rollback(s);
  }
  STEWARD_RETURN_IF_ERROR(Exec("COMMIT"));
  return *seq;
}

struct Spool::Gathered {
  std::optional<proto::BatchFrame> frame;
  int64_t rows = 0;
  std::optional<int64_t> oversize_seq;  // the first row alone exceeds the limits
};

Result<Spool::Gathered> Spool::Gather(const FrameLimits& limits, int64_t max_rows) {
  Stmt q(db_, "SELECT seq, sample_count, payload FROM batches ORDER BY seq LIMIT ?");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, max_rows);
  Gathered g;
  size_t bytes = kFrameOverheadBytes;
  while (q.Step() == SQLITE_ROW) {
    int64_t seq = q.Int(0);
    size_t count = static_cast<size_t>(q.Int(1));
    std::string text = q.Text(2);
    size_t row_bytes = EstimatedWireBytes(text.size(), count);
    if (!g.frame) {
      if (count > limits.max_samples || bytes + row_bytes > limits.max_bytes) {
        g.oversize_seq = seq;
        return g;
      }
    } else if (g.frame->samples.size() + count > limits.max_samples ||
               bytes + row_bytes > limits.max_bytes) {
      break;
    }
    auto row = ParsePayload(text);
    if (!row.ok()) continue;  // a damaged row: skipped, and deleted with the next ack past it
    // An inventory is one object per frame: a second one waits for the next.
    if (row->inventory && g.frame && g.frame->inventory) break;
    if (!g.frame) {
      g.frame.emplace();
      g.frame->first_seq = seq;
    }
    g.frame->seq = seq;
    for (auto& s : row->samples) g.frame->samples.push_back(std::move(s));
    if (row->inventory) g.frame->inventory = std::move(row->inventory);
    bytes += row_bytes;
    ++g.rows;
  }
  return g;
}

Status Spool::SplitOrDrop(int64_t seq, const RowLimits& limits) {
  STEWARD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto rollback = [this](Status s) {
    (void)Exec("ROLLBACK");
    return s;
  };
  std::optional<std::string> payload;
  {
    Stmt q(db_, "SELECT payload FROM batches WHERE seq = ?");
    if (!q.ok().ok()) return rollback(q.ok());
    q.Bind(1, seq);
    if (q.Step() == SQLITE_ROW) payload = q.Text(0);
  }
  if (!payload) return Exec("COMMIT");  // gone meanwhile
  auto row = ParsePayload(*payload);
  std::vector<SpooledBatch> parts;
  if (row.ok()) parts = SplitCollection(std::move(row->samples), std::move(row->inventory), limits);
  Stmt del(db_, "DELETE FROM batches WHERE seq = ?");
  if (!del.ok().ok()) return rollback(del.ok());
  del.Bind(1, seq);
  if (Status s = del.Done(); !s.ok()) return rollback(s);
  if (parts.size() > 1) {
    // The parts go to the end of the queue: sequence numbers only grow, and
    // the server takes each part exactly once like any other row.
    auto last = InsertRows(parts);
    if (!last.ok()) return rollback(last.status());
    LogInfo("agent: spool row {} split into {} rows (now up to {})", seq, parts.size(), *last);
  } else {
    LogWarn("agent: spool row {} is too large for any frame the server takes; dropped", seq);
    if (Status s = CountDropped(DropReason::kOversize, 1); !s.ok()) return rollback(s);
  }
  return Exec("COMMIT");
}

Result<std::optional<OutgoingBatch>> Spool::NextFrame(const FrameLimits& limits) {
  RowLimits split{std::min(rows_.max_samples, limits.max_samples),
                  std::min(rows_.max_bytes, limits.max_bytes - kFrameOverheadBytes)};
  int64_t max_rows = std::max<int64_t>(limits.max_rows, 1);
  // Each round returns, or shrinks the queue's largest row or the frame:
  // a handful of rounds at most.
  for (int round = 0; round < 64; ++round) {
    STEWARD_ASSIGN_OR_RETURN(Gathered g, Gather(limits, max_rows));
    if (g.oversize_seq) {
      STEWARD_RETURN_IF_ERROR(SplitOrDrop(*g.oversize_seq, split));
      continue;
    }
    if (!g.frame) return std::optional<OutgoingBatch>();
    std::string text = proto::EncodeBatch(*g.frame);
    if (text.size() <= limits.max_bytes) {
      return std::optional<OutgoingBatch>(OutgoingBatch{g.frame->first_seq, g.frame->seq,
                                                        g.frame->samples.size(), std::move(text)});
    }
    // The estimate fell short (it should not): send fewer rows, or cut the
    // one row finer.
    if (g.rows > 1) {
      max_rows = g.rows / 2;
      continue;
    }
    split.max_bytes = std::max<size_t>(split.max_bytes / 2, 1);
    STEWARD_RETURN_IF_ERROR(SplitOrDrop(g.frame->seq, split));
  }
  return Status::Internal("spool: no frame within the limits");
}

Status Spool::AcknowledgeUpTo(int64_t seq) {
  Stmt del(db_, "DELETE FROM batches WHERE seq <= ?");
  STEWARD_RETURN_IF_ERROR(del.ok());
  del.Bind(1, seq);
  return del.Done();
}

Status Spool::DropUpTo(int64_t seq, DropReason reason) {
  STEWARD_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto rollback = [this](Status s) {
    (void)Exec("ROLLBACK");
    return s;
  };
  Stmt del(db_, "DELETE FROM batches WHERE seq <= ?");
  if (!del.ok().ok()) return rollback(del.ok());
  del.Bind(1, seq);
  if (Status s = del.Done(); !s.ok()) return rollback(s);
  if (Status s = CountDropped(reason, sqlite3_changes(db_)); !s.ok()) return rollback(s);
  return Exec("COMMIT");
}

int64_t Spool::pending_batches() {
  Stmt q(db_, "SELECT COUNT(*) FROM batches");
  return q.Step() == SQLITE_ROW ? q.Int(0) : -1;
}

int64_t Spool::dropped_batches(DropReason reason) {
  Stmt q(db_, "SELECT value FROM counters WHERE name = ?");
  q.Bind(1, CounterName(reason));
  return q.Step() == SQLITE_ROW ? q.Int(0) : 0;
}

std::vector<proto::WireSample> Spool::DroppedSamples(Timestamp now) {
  std::vector<proto::WireSample> out;
  for (DropReason r : kAllDropReasons) {
    int64_t n = dropped_batches(r);
    if (n > 0) {
      out.push_back({"agent.spool_dropped",
                     ToMillis(now),
                     static_cast<double>(n),
                     {{"reason", std::string(DropReasonLabel(r))}}});
    }
  }
  return out;
}

}  // namespace steward::agent
