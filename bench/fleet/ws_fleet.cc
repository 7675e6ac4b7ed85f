#include "fleet/ws_fleet.h"

#include <algorithm>

namespace steward::bench {

WsFleet::WsFleet(const WsTarget& target, WsShardSettings settings, std::vector<WsAgentSpec> agents,
                 int threads) {
  size_t n =
      std::clamp<size_t>(static_cast<size_t>(threads), 1, std::max<size_t>(agents.size(), 1));
  settings.max_handshakes = std::max(1, settings.max_handshakes / static_cast<int>(n));
  // Dealt round-robin so every shard opens its share in fleet order.
  std::vector<std::vector<WsAgentSpec>> shares(n);
  for (size_t i = 0; i < agents.size(); ++i) shares[i % n].push_back(std::move(agents[i]));
  for (auto& share : shares) {
    shards_.push_back(std::make_unique<WsShard>(target, settings, std::move(share)));
  }
}

WsFleet::~WsFleet() {
  if (!threads_.empty()) CloseAndCollect();
}

void WsFleet::Start(WsShard::Clock::time_point end) {
  for (auto& shard : shards_) {
    threads_.emplace_back([this, end, s = shard.get()] {
      s->Run(end, [this] {
        std::lock_guard lock(mu_);
        ++finished_;
        cv_.notify_all();
      });
    });
  }
}

void WsFleet::WaitFinished() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return finished_ == shards_.size(); });
}

FleetCounts WsFleet::CloseAndCollect() {
  for (auto& shard : shards_) shard->Close();
  for (auto& t : threads_) t.join();
  threads_.clear();
  FleetCounts total;
  for (auto& shard : shards_) total.Merge(shard->counts());
  return total;
}

}  // namespace steward::bench
