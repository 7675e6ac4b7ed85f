// The agent's local queue (SQLite, WAL, synchronous=FULL): every collection
// is written here before anything is sent, and removed only when the server
// has acknowledged it, so a crash, a network outage or a server restart loses
// nothing. Data given up on is counted by reason (drop_reason.h) and reported
// to the server as the agent.spool_dropped metric, never silently: the oldest
// batches past `max_batches`, batches the server refused for good or could
// not parse, and a collection too large for any frame.
//
// A collection larger than one frame may carry (5000 samples, about 1 MiB
// per row) is stored as several rows, each with its own sequence number, so
// frames stay within the server's limits and exactly-once delivery still
// holds row by row.
//
// The same file keeps the nonces of remote commands already run (replay
// protection across restarts), the commands accepted and not yet finished,
// and command results until the server has them.
//
// Threading: one thread (the agent's loop) uses a Spool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/link/drop_reason.h"
#include "agent/link/spool_rows.h"
#include "core/clock.h"
#include "core/result.h"
#include "proto/agent_frames.h"

struct sqlite3;

namespace steward::agent {

// Bounds of one batch frame. The byte bound stays well under the server's
// WebSocket message limit (proto::kMaxFrameBytes, 4 MiB): a larger message
// makes the server close the connection, and it would do so every time.
struct FrameLimits {
  size_t max_samples = proto::kMaxSamplesPerBatch;
  size_t max_bytes = 3 * 1024 * 1024;
  int64_t max_rows = 500;
};

// A batch frame ready to send: spool rows first_seq..seq, encoded.
struct OutgoingBatch {
  int64_t first_seq = 0;
  int64_t seq = 0;
  size_t samples = 0;
  std::string text;
};

class Spool {
 public:
  // `rows`: how a collection is cut into rows (tests make them small).
  static Result<std::unique_ptr<Spool>> Open(const std::string& path, int64_t max_batches,
                                             RowLimits rows = {});
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Durably appends one collection (one row, or several when it exceeds the
  // row limits); returns the last sequence number.
  Result<int64_t> Append(const std::vector<proto::WireSample>& samples,
                         const std::optional<Json>& inventory);
  // The oldest rows merged into one encoded batch frame within `limits` (at
  // least one row) — how a reconnecting agent catches up quickly. A row too
  // large for a frame on its own (written by an older agent) is first split
  // into new rows at the end of the queue; one that cannot be split (an
  // inventory too large for any frame) is dropped and counted as oversize.
  // nullopt when nothing waits.
  Result<std::optional<OutgoingBatch>> NextFrame(const FrameLimits& limits = {});
  // The server has batches up to `seq`: forget them.
  Status AcknowledgeUpTo(int64_t seq);
  // The server will never take batches up to `seq`: forget them, counting
  // them under `reason`.
  Status DropUpTo(int64_t seq, DropReason reason);
  int64_t pending_batches();
  // Batches dropped under `reason` since the spool was created.
  int64_t dropped_batches(DropReason reason);
  // One agent.spool_dropped sample per reason with drops (the running
  // total, labelled reason=overflow|refused|unparsable|oversize), stamped
  // `now`: how the server learns what the agent gave up on.
  std::vector<proto::WireSample> DroppedSamples(Timestamp now);

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
  // The server has stored the result: delete it.
  Status AcknowledgeResult(int64_t command_id);
  int64_t stored_results();

 private:
  struct Gathered;

  Spool(sqlite3* db, int64_t max_batches, RowLimits rows)
      : db_(db), max_batches_(max_batches), rows_(rows) {}
  Status Exec(const char* sql);
  // Inside a transaction: appends `rows`, returns the last sequence number.
  Result<int64_t> InsertRows(const std::vector<SpooledBatch>& rows);
  // Inside a transaction: adds `n` to the drop counter of `reason`.
  Status CountDropped(DropReason reason, int64_t n);
  Result<Gathered> Gather(const FrameLimits& limits, int64_t max_rows);
  // Replaces row `seq` by smaller rows at the end of the queue, or drops it
  // (counted oversize) if it cannot be split within `limits`.
  Status SplitOrDrop(int64_t seq, const RowLimits& limits);

  sqlite3* db_;
  int64_t max_batches_;
  RowLimits rows_;
};

}  // namespace steward::agent
