// Which remote commands the agent is handling and how many it may run at
// once. A command id is in exactly one place: being checked (signature,
// nonce), queued (verified, waiting for a free slot) or running. Pure
// bookkeeping for ChannelMachine: no threads, no clock. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>

#include "proto/command_envelope.h"

namespace steward::agent {

class CommandSlots {
 public:
  // `max_running` commands run at once; up to `max_waiting` more may be in
  // checking or queued. Both at least 1.
  CommandSlots(size_t max_running, size_t max_waiting);

  // True while the id is being checked, queued or running: a re-delivery of
  // it is ignored (its result follows).
  bool Knows(int64_t id) const;
  // True when no new command can be taken; the server re-sends a delivered
  // command at the agent's next ping, so refusing to look at it now loses
  // nothing.
  bool Full() const;

  void BeginCheck(int64_t id);
  void EndCheck(int64_t id);
  // Whether a verified command may start now (a running slot is free and
  // nothing is queued ahead of it).
  bool CanStart() const;
  void Start(int64_t id);
  void Enqueue(proto::CommandEnvelope envelope);
  // The oldest queued command once a running slot is free.
  std::optional<proto::CommandEnvelope> NextToStart();
  void Finish(int64_t id);

  size_t running() const { return running_.size(); }
  size_t queued() const { return queued_.size(); }

 private:
  size_t max_running_;
  size_t max_waiting_;
  std::set<int64_t> checking_;
  std::deque<proto::CommandEnvelope> queued_;
  std::set<int64_t> running_;
};

}  // namespace steward::agent
