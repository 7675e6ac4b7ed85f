// The agent channel's server side: authenticates the WebSocket upgrade with
// the agent's credential (Authorization: Bearer stw_agt_...), then answers
// each frame — hello → welcome, batch → ack/nack, result → result_ack,
// ping → pong — and pushes signed commands as they are created. One live
// connection per device: a new one replaces the old; revocation closes it.
//
// Browsers cannot set an Authorization header on a WebSocket, and no cookie
// is accepted here, so a web page cannot open this channel for a user
// (cross-site WebSocket hijacking has nothing to ride on).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "net/websocket.h"
#include "server/agentlink/agent_service.h"

namespace steward::agentlink {

inline constexpr int kMaxBadFramesPerConnection = 10;

class ChannelHub final : public ChannelControl {
 public:
  explicit ChannelHub(AgentService& service) : service_(service) {}

  net::WebSocketAcceptResult Accept(const net::HttpRequest& request,
                                    std::shared_ptr<net::WebSocketConnection> connection);

  void Disconnect(int64_t device_id) override;
  void CommandsReady(int64_t device_id) override;
  void Approved(int64_t device_id) override;

  size_t connected_agents() const;
  uint64_t frames_refused() const { return frames_refused_.load(); }

  class Connection;  // one agent's handler (channel_hub.cc)

 private:
  friend class Connection;
  void Forget(int64_t device_id, const Connection* which);
  std::shared_ptr<Connection> Find(int64_t device_id);

  AgentService& service_;
  mutable std::mutex mu_;
  std::map<int64_t, std::weak_ptr<Connection>> live_;
  std::atomic<uint64_t> frames_refused_{0};
};

}  // namespace steward::agentlink
