// One I/O thread's share of the simulated agents on the agent channel. Each
// agent is one asynchronous WebSocket on the shard's io_context — one file
// descriptor per agent, where a net::WsClient per agent (its own io_context:
// socket, epoll and eventfd) cost three and capped a process at ~6,600
// agents. The agents speak what the real agent speaks (net::WsClient,
// proto/agent_frames.h): the upgrade to kAgentChannelPath with the agent's
// credential as a bearer token, hello → welcome {last_seq}, then one batch
// {seq} per interval, each answered by ack {seq} or nack {seq}.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "fleet/fleet_counts.h"

namespace steward::bench {

struct WsTarget {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host;  // the Host header, "host:port" as net::WsClient sends it
};

struct WsAgentSpec {
  int64_t device = 0;
  std::string credential;
  // When its first batch goes, as a share of the interval after its welcome:
  // the fleet's agents are spread evenly over the interval.
  double phase = 0;
};

struct WsShardSettings {
  double interval_s = 60;  // 0: the next batch as soon as the last was answered
  double deciding_share = 0.01;
  // Connections being opened at once (TCP connect, upgrade, hello → welcome):
  // a 25,000-agent fleet opened all at once overflows the server's accept
  // backlog and times out in the handshake.
  int max_handshakes = 64;
};

class WsAgent;

class WsShard {
 public:
  using Clock = std::chrono::steady_clock;

  WsShard(WsTarget target, WsShardSettings settings, std::vector<WsAgentSpec> agents);
  ~WsShard();
  WsShard(const WsShard&) = delete;
  WsShard& operator=(const WsShard&) = delete;

  // Runs the shard on the calling thread: opens the channels (paced), sends
  // batches until `end`, then waits for the batches still unanswered and calls
  // `finished` (on this thread); returns once Close has closed the channels.
  void Run(Clock::time_point end, std::function<void()> finished);
  // From any thread, after `finished`: close every channel and return from Run.
  void Close();
  // Valid once Run returned.
  const FleetCounts& counts() const { return counts_; }

 private:
  friend class WsAgent;
  void StartHandshakes();
  void HandshakeDone();  // the agent got its welcome or gave up
  // Batches start once the shard's channels are open (or kRampLimit passed),
  // as the blocking simulator started its thread's schedule after connecting
  // all its agents: batches sent during the ramp would measure the server's
  // handshake work, not the fleet's steady state.
  void BeginAll();
  void AgentDone();  // the agent has nothing in flight after the end
  void Stop();
  void Note(const std::string& what);  // the first few errors, to stderr

  // Declared first so it outlives the agents' sockets and timers.
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  WsTarget target_;
  WsShardSettings settings_;
  std::vector<std::unique_ptr<WsAgent>> agents_;
  std::deque<WsAgent*> waiting_;  // not yet connecting, in fleet order
  int handshaking_ = 0;
  size_t busy_after_end_ = 0;
  bool stopping_ = false;
  bool begun_ = false;
  std::function<void()> finished_;
  Clock::time_point started_;
  std::mt19937_64 rng_;
  FleetCounts counts_;
  int notes_ = 0;
};

}  // namespace steward::bench
