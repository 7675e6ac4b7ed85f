#include "server/agentlink/channel_hub.h"

#include <atomic>

#include "core/json.h"
#include "core/log.h"

namespace steward::agentlink {

namespace {

net::HttpResponse Refusal(int status, std::string_view code, const std::string& message) {
  net::HttpResponse r;
  r.status = status;
  r.body = Json{{"error", {{"code", code}, {"message", message}, {"field", nullptr}}}}.dump();
  return r;
}

}  // namespace

class ChannelHub::Connection final : public net::WebSocketHandler {
 public:
  Connection(ChannelHub& hub, AgentSession session,
             std::shared_ptr<net::WebSocketConnection> socket)
      : hub_(hub), session_(std::move(session)), socket_(std::move(socket)) {}

  // Messages arrive one at a time (net/websocket.h), so no lock is needed for
  // the session; pushes from CommandsReady take push_mu_.
  void OnMessage(std::string_view text) override {
    auto frame = proto::ParseAgentFrame(text);
    if (!frame.ok()) {
      hub_.frames_refused_++;
      std::string message = frame.status().message();
      if (!frame.status().field().empty()) message = frame.status().field() + ": " + message;
      LogWarn("agent {}: refused frame: {}", session_.device_id, message);
      // A batch is named, so the agent drops it: an agent waiting for the
      // answer to its one batch in flight would otherwise stall (issue 12).
      int64_t seq = proto::UnparsableBatchSeq(text);
      Send(proto::NackFrame{seq,
                            seq != 0 ? std::string(proto::kNackUnparsable) : "invalid_argument",
                            message, false});
      if (++bad_frames_ >= kMaxBadFramesPerConnection) Close();
      return;
    }
    // The protocol opens with hello (docs/agents.md): anything else first is
    // not an agent of ours speaking, so the connection ends there.
    if (!greeted_ && !std::holds_alternative<proto::HelloFrame>(*frame)) {
      hub_.frames_refused_++;
      LogWarn("agent {}: a frame before hello; closing the channel", session_.device_id);
      Close();
      return;
    }
    std::visit([this](const auto& f) { Handle(f); }, *frame);
  }

  void OnClose() override { hub_.Forget(session_.device_id, this); }

  void PushCommands() {
    std::lock_guard lock(push_mu_);
    if (!greeted_) return;  // hello pushes what is pending
    auto refreshed = hub_.service_.Refresh(session_.device_id);
    if (!refreshed.ok()) return Close();
    auto commands = hub_.service_.TakePendingCommands(*refreshed);
    if (!commands.ok()) return;
    for (auto& c : *commands) Send(std::move(c));
  }

  void Close() {
    if (auto socket = socket_.lock()) socket->Close();
  }

  // A fresh welcome tells a waiting agent its new trust state.
  void Rewelcome() {
    std::lock_guard lock(push_mu_);
    auto refreshed = hub_.service_.Refresh(session_.device_id);
    if (!refreshed.ok()) return Close();
    Send(hub_.service_.WelcomeFor(*refreshed));
  }

 private:
  void Send(proto::ServerFrame frame) {
    if (auto socket = socket_.lock()) socket->Send(proto::EncodeServerFrame(frame));
  }

  void Handle(const proto::HelloFrame&) {
    auto refreshed = hub_.service_.Refresh(session_.device_id);
    if (!refreshed.ok()) return Close();
    session_ = *refreshed;
    greeted_ = true;
    Send(hub_.service_.WelcomeFor(session_));
    PushCommands();
  }

  void Handle(const proto::BatchFrame& batch) { Send(hub_.service_.HandleBatch(session_, batch)); }

  void Handle(const proto::CommandResultFrame& result) {
    Status s = hub_.service_.RecordCommandResult(session_, result);
    if (s.ok() || s.code() == StatusCode::kNotFound) {
      // Unknown ids are acknowledged too: the agent stops resending, nothing is stored.
      Send(proto::ResultAckFrame{result.command_id});
    }
  }

  void Handle(const proto::CommandOutputFrame& output) {
    Status s = hub_.service_.AppendCommandOutput(session_, output);
    if (!s.ok() && s.code() != StatusCode::kNotFound) {
      LogWarn("agent {}: output of command {}: {}", session_.device_id, output.command_id,
              s.message());
    }
  }

  void Handle(const proto::PingFrame&) {
    Send(proto::PongFrame{});
    PushCommands();
  }

  ChannelHub& hub_;
  AgentSession session_;
  // Weak: the connection owns its handler, not the other way round.
  std::weak_ptr<net::WebSocketConnection> socket_;
  std::mutex push_mu_;
  std::atomic<bool> greeted_{false};  // hello received; read by pushes from other threads
  int bad_frames_ = 0;
};

net::WebSocketAcceptResult ChannelHub::Accept(const net::HttpRequest& request,
                                              std::shared_ptr<net::WebSocketConnection> socket) {
  auto header = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!header || header->substr(0, kBearer.size()) != kBearer) {
    return Refusal(401, "unauthenticated", "the agent channel needs the agent's credential");
  }
  auto session = service_.Authenticate(header->substr(kBearer.size()), request.remote_ip);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kUnauthenticated) {
      LogWarn("agent channel refused from {}: {}", request.remote_ip, session.status().message());
      return Refusal(401, "unauthenticated", session.status().message());
    }
    return Refusal(503, "unavailable", "try again later");
  }
  auto connection = std::make_shared<Connection>(*this, *session, socket);
  std::shared_ptr<Connection> previous;
  {
    std::lock_guard lock(mu_);
    auto& slot = live_[session->device_id];
    previous = slot.lock();
    slot = connection;
  }
  if (previous) previous->Close();  // one channel per device: the newest wins
  return connection;
}

void ChannelHub::Forget(int64_t device_id, const Connection* which) {
  std::lock_guard lock(mu_);
  auto it = live_.find(device_id);
  if (it == live_.end()) return;
  auto current = it->second.lock();
  if (!current || current.get() == which) live_.erase(it);
}

std::shared_ptr<ChannelHub::Connection> ChannelHub::Find(int64_t device_id) {
  std::lock_guard lock(mu_);
  auto it = live_.find(device_id);
  return it == live_.end() ? nullptr : it->second.lock();
}

void ChannelHub::Disconnect(int64_t device_id) {
  if (auto c = Find(device_id)) c->Close();
}

void ChannelHub::CommandsReady(int64_t device_id) {
  if (auto c = Find(device_id)) c->PushCommands();
}

void ChannelHub::Approved(int64_t device_id) {
  if (auto c = Find(device_id)) c->Rewelcome();
}

size_t ChannelHub::connected_agents() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [id, weak] : live_) n += weak.expired() ? 0 : 1;
  return n;
}

}  // namespace steward::agentlink
