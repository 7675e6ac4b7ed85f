// The spool's remote-command bookkeeping: nonces already seen, commands
// accepted and not finished, results until the server has them.
#include "agent/link/spool.h"
#include "agent/link/spool_stmt.h"

namespace steward::agent {

using internal::Stmt;

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
  // Deleted, not flagged: a flag kept a row of up to 128 KiB of output per
  // command for the life of the spool (issue 12). The server never re-sends
  // a command it has a result for, and a copy that came anyway would meet
  // its spent nonce and be refused, not run.
  Stmt q(db_, "DELETE FROM command_results WHERE command_id = ?");
  STEWARD_RETURN_IF_ERROR(q.ok());
  q.Bind(1, command_id);
  return q.Done();
}

int64_t Spool::stored_results() {
  Stmt q(db_, "SELECT COUNT(*) FROM command_results");
  return q.Step() == SQLITE_ROW ? q.Int(0) : -1;
}

}  // namespace steward::agent
