// The agent-channel fleet of one steward_fleet process: its agents dealt over
// `threads` shards, each an io_context on its own thread (fleet/ws_agent.h),
// so the process holds one file descriptor per agent plus a few per thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fleet/fleet_counts.h"
#include "fleet/ws_agent.h"

namespace steward::bench {

class WsFleet {
 public:
  // settings.max_handshakes is for the whole fleet, shared out over the shards.
  WsFleet(const WsTarget& target, WsShardSettings settings, std::vector<WsAgentSpec> agents,
          int threads);
  ~WsFleet();

  void Start(WsShard::Clock::time_point end);
  // Blocks until every shard has ended its run and has no batch unanswered.
  void WaitFinished();
  // Closes every channel, joins the threads and returns what they measured.
  FleetCounts CloseAndCollect();

 private:
  std::vector<std::unique_ptr<WsShard>> shards_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t finished_ = 0;
};

}  // namespace steward::bench
