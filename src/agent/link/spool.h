// The agent's local queue (SQLite, WAL, synchronous=FULL): every collection
// is written here before anything is sent, and removed only when the server
// has acknowledged it, so a crash, a network outage or a server restart loses
// nothing. Bounded: past `max_batches` the oldest batches are dropped and
// counted (reported to the server as agent.spool_dropped), never silently.
//
// The same file keeps the nonces of remote commands already run (replay
// protection across restarts), the commands accepted and not yet finished,
// and command results until the server has them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "proto/agent_frames.h"

struct sqlite3;

namespace steward::agent {

struct SpooledBatch {
  int64_t seq = 0;
  std::vector<proto::WireSample> samples;
  std::optional<Json> inventory;
};

class Spool {
 public:
  static Result<std::unique_ptr<Spool>> Open(const std::string& path, int64_t max_batches);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Durably appends one collection; returns its sequence number.
  Result<int64_t> Append(const std::vector<proto::WireSample>& samples,
                         const std::optional<Json>& inventory);
  // The oldest batches after `after_seq`, merged into one frame of at most
  // `max_samples` samples (at least one batch) — how a reconnecting agent
  // catches up quickly. nullopt when nothing waits.
  Result<std::optional<proto::BatchFrame>> NextFrame(int64_t after_seq, size_t max_samples);
  // The server has batches up to `seq`: forget them.
  Status AcknowledgeUpTo(int64_t seq);
  int64_t pending_batches();
  int64_t dropped_batches();

  // Remote-command bookkeeping.
  // True if `nonce` was seen before; otherwise remembers it (until `expires_ms`).
  Result<bool> SeenNonce(const std::string& nonce, int64_t expires_ms, int64_t now_ms);
  // A verified command is about to run (or queue): remembered until its
  // result is saved, so a restart finds the commands it interrupted.
  Status MarkAccepted(int64_t command_id);
  // Commands marked accepted that have no saved result.
  Result<std::vector<int64_t>> InterruptedCommands();
  // A result the server has not acknowledged yet (re-sent after reconnecting).
  // Also ends the command's accepted mark.
  Status SaveResult(int64_t command_id, const std::string& frame);
  Result<std::optional<std::string>> ResultFor(int64_t command_id);
  Result<std::vector<std::string>> UnacknowledgedResults();
  Status AcknowledgeResult(int64_t command_id);

 private:
  explicit Spool(sqlite3* db, int64_t max_batches) : db_(db), max_batches_(max_batches) {}
  Status Exec(const char* sql);

  sqlite3* db_;
  int64_t max_batches_;
};

}  // namespace steward::agent
