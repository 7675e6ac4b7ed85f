#include "fleet/ws_agent.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "fleet/metric_mix.h"
#include "proto/agent_frames.h"

namespace steward::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using Clock = WsShard::Clock;

namespace {
// How long a welcome, ack or nack may take before the simulator gives up on
// it (what the blocking simulator waited).
constexpr auto kReplyTimeout = std::chrono::seconds(30);
// Connect, upgrade and welcome together.
constexpr auto kOpenTimeout = std::chrono::seconds(60);
// The longest a shard's batches wait for all of its channels to open.
constexpr auto kRampLimit = std::chrono::seconds(20);
}  // namespace

class WsAgent {
 public:
  WsAgent(WsShard& shard, WsAgentSpec spec)
      : shard_(shard),
        spec_(std::move(spec)),
        ws_(shard.ioc_),
        timer_(shard.ioc_),
        mix_(spec_.device, static_cast<uint64_t>(spec_.device)) {}

  void Open() {
    state_ = State::kOpening;
    ArmTimer(Clock::now() + kOpenTimeout, [this] { OpenFailed("no welcome within 60 s"); });
    beast::get_lowest_layer(ws_).expires_after(kReplyTimeout);
    beast::get_lowest_layer(ws_).async_connect(shard_.target_.endpoint,
                                               [this](beast::error_code ec) { OnConnect(ec); });
  }

  // The first batch goes `phase` of an interval from now, so the fleet's
  // batches spread evenly from here on (a lost agent counts the batches it
  // cannot send, as before).
  void Begin() {
    if (state_ != State::kIdle && state_ != State::kLost) return;
    due_ = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(
                              spec_.phase * shard_.settings_.interval_s * 1e6));
    ArmDue();
  }

  // The run ended: true while a batch is still unanswered (AgentDone follows).
  bool End() {
    switch (state_) {
      case State::kWaiting:
      case State::kOpening:
        ++shard_.counts_.errors;  // never connected within the run
        state_ = State::kFailed;
        ++gen_;
        timer_.cancel();
        CloseSocket();
        return false;
      case State::kAwaiting:
        return true;
      default:
        ++gen_;
        timer_.cancel();
        return false;
    }
  }

  // Closes the channel; `done` once it is closed.
  void Close(std::function<void()> done) {
    bool open = ws_.is_open() && (state_ == State::kIdle || state_ == State::kAwaiting);
    state_ = State::kClosing;
    ++gen_;
    timer_.cancel();
    if (!open) {
      CloseSocket();
      return done();
    }
    ws_.async_close(websocket::close_code::normal, [this, done](beast::error_code) {
      CloseSocket();
      done();
    });
  }

 private:
  enum class State { kWaiting, kOpening, kIdle, kAwaiting, kLost, kFailed, kClosing };

  void OnConnect(beast::error_code ec) {
    if (state_ != State::kOpening) return;
    if (ec) return OpenFailed("connect: " + ec.message());
    // The WebSocket keeps its own timeouts from here on (as net::WsClient's).
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kReplyTimeout;
    timeouts.idle_timeout = std::chrono::seconds(90);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [credential = spec_.credential](websocket::request_type& req) {
          req.set(http::field::user_agent, "steward-agent");
          req.set("Authorization", "Bearer " + credential);
        }));
    ws_.read_message_max(8 * 1024 * 1024);
    ws_.async_handshake(response_, shard_.target_.host, std::string(proto::kAgentChannelPath),
                        [this](beast::error_code ec) { OnHandshake(ec); });
  }

  void OnHandshake(beast::error_code ec) {
    if (state_ != State::kOpening) return;
    if (ec) {
      int status = static_cast<int>(response_.result_int());
      return OpenFailed(
          "WebSocket handshake: " + ec.message() +
          (status ? " (HTTP " + std::to_string(status) + ") " + response_.body() : ""));
    }
    response_ = {};
    ws_.text(true);
    StartRead();
    Write(proto::EncodeHello({"fleet"}));
  }

  void OpenFailed(const std::string& why) {
    if (state_ != State::kOpening) return;
    ++shard_.counts_.errors;
    shard_.Note("connect: " + why);
    state_ = State::kFailed;
    ++gen_;
    timer_.cancel();
    CloseSocket();
    shard_.HandshakeDone();
  }

  void StartRead() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      if (ec) return Lost(ec);
      std::string text = beast::buffers_to_string(buffer_.data());
      buffer_.consume(buffer_.size());
      OnFrame(text);
      StartRead();
    });
  }

  void OnFrame(const std::string& text) {
    auto frame = proto::ParseServerFrame(text);
    if (!frame.ok()) return;
    if (auto* w = std::get_if<proto::WelcomeFrame>(&*frame); w && state_ == State::kOpening) {
      seq_ = w->last_seq;
      state_ = State::kIdle;
      if (shard_.begun_) Begin();  // a latecomer; else BeginAll starts it
      return shard_.HandshakeDone();
    }
    if (state_ != State::kAwaiting) return;
    if (auto* ack = std::get_if<proto::AckFrame>(&*frame); ack && ack->seq == awaiting_) {
      return Answered(true);
    }
    if (auto* nack = std::get_if<proto::NackFrame>(&*frame); nack && nack->seq == awaiting_) {
      if (!nack->message.empty()) shard_.Note("nack: " + nack->message);
      return Answered(false);
    }
  }

  // The connection failed or closed under the agent.
  void Lost(beast::error_code ec) {
    switch (state_) {
      case State::kOpening:
        return OpenFailed("connection lost: " + ec.message());
      case State::kAwaiting:
        ++shard_.counts_.errors;  // the batch in flight
        shard_.Note("connection lost: " + ec.message());
        state_ = State::kLost;
        if (shard_.stopping_) return shard_.AgentDone();
        return NextDue();
      case State::kIdle:
        shard_.Note("connection lost: " + ec.message());
        state_ = State::kLost;  // the armed due timer counts the batches it cannot send
        return;
      default:
        return;
    }
  }

  void SendBatch() {
    int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    int64_t ts = std::max<int64_t>(now_ms, last_ts_ + 1);
    last_ts_ = ts;
    deciding_ =
        std::uniform_real_distribution<>(0, 1)(shard_.rng_) < shard_.settings_.deciding_share;
    awaiting_ = ++seq_;
    std::string frame =
        "{\"type\":\"batch\",\"seq\":" + std::to_string(awaiting_) + ",\"samples\":[";
    samples_ = mix_.AppendChannelSamples(ts, deciding_, frame);
    frame.append("]}");
    state_ = State::kAwaiting;
    sent_at_ = Clock::now();
    Write(std::move(frame));
    ArmTimer(sent_at_ + kReplyTimeout, [this] {
      if (state_ != State::kAwaiting) return;
      shard_.Note("no answer within 30 s");
      Answered(false);
    });
  }

  void Answered(bool acked) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent_at_).count();
    FleetCounts& c = shard_.counts_;
    if (!acked) {
      ++c.errors;
    } else {
      c.samples += samples_;
      ++c.batches;
      c.ack.Record(micros);
      if (deciding_) {
        c.alert.Record(micros);
        ++c.deciding;
      }
    }
    awaiting_ = 0;
    state_ = State::kIdle;
    if (shard_.stopping_) {
      ++gen_;
      timer_.cancel();
      return shard_.AgentDone();
    }
    NextDue();
  }

  void NextDue() {
    auto interval =
        std::chrono::microseconds(static_cast<int64_t>(shard_.settings_.interval_s * 1e6));
    due_ = shard_.settings_.interval_s > 0 ? due_ + interval : Clock::now();
    ArmDue();
  }

  void ArmDue() {
    ArmTimer(due_, [this] {
      if (state_ == State::kIdle) return SendBatch();
      if (state_ == State::kLost) {
        ++shard_.counts_.errors;  // a batch a lost agent cannot send, as before
        NextDue();
      }
    });
  }

  // One timer per agent: a newer arming (or ++gen_) voids the older one.
  template <class F>
  void ArmTimer(Clock::time_point at, F fire) {
    uint64_t gen = ++gen_;
    timer_.expires_at(at);
    timer_.async_wait([this, gen, fire](beast::error_code ec) {
      if (!ec && gen == gen_) fire();
    });
  }

  void Write(std::string text) {
    outbox_.push_back(std::move(text));
    if (!writing_) DoWrite();
  }

  void DoWrite() {
    writing_ = true;
    ws_.async_write(asio::buffer(outbox_.front()), [this](beast::error_code ec, std::size_t) {
      writing_ = false;
      if (ec) {
        outbox_.clear();
        return;  // the pending read reports the lost connection
      }
      outbox_.pop_front();
      if (!outbox_.empty()) DoWrite();
    });
  }

  void CloseSocket() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  friend class WsShard;
  WsShard& shard_;
  WsAgentSpec spec_;
  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer timer_;
  uint64_t gen_ = 0;
  MetricMix mix_;
  State state_ = State::kWaiting;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  int64_t seq_ = 0, awaiting_ = 0, last_ts_ = 0;
  int samples_ = 0;
  bool deciding_ = false;
  Clock::time_point due_, sent_at_;
};

WsShard::WsShard(WsTarget target, WsShardSettings settings, std::vector<WsAgentSpec> agents)
    : work_(ioc_.get_executor()),
      target_(std::move(target)),
      settings_(settings),
      rng_(agents.empty() ? 1 : static_cast<uint64_t>(agents[0].device)) {
  for (auto& spec : agents) {
    agents_.push_back(std::make_unique<WsAgent>(*this, std::move(spec)));
    waiting_.push_back(agents_.back().get());
  }
}

WsShard::~WsShard() = default;

void WsShard::Run(Clock::time_point end, std::function<void()> finished) {
  finished_ = std::move(finished);
  started_ = Clock::now();
  asio::steady_timer end_timer(ioc_);
  end_timer.expires_at(end);
  end_timer.async_wait([this](beast::error_code ec) {
    if (!ec) Stop();
  });
  // Agents that cannot connect (a server out of file descriptors times them
  // out one handshake slot at a time) must not hold back the others.
  asio::steady_timer ramp_limit(ioc_);
  ramp_limit.expires_at(started_ + kRampLimit);
  ramp_limit.async_wait([this](beast::error_code ec) {
    if (!ec && !stopping_) BeginAll();
  });
  asio::post(ioc_, [this] { StartHandshakes(); });
  ioc_.run();
}

void WsShard::StartHandshakes() {
  while (!stopping_ && handshaking_ < settings_.max_handshakes && !waiting_.empty()) {
    WsAgent* next = waiting_.front();
    waiting_.pop_front();
    ++handshaking_;
    next->Open();
  }
}

void WsShard::HandshakeDone() {
  --handshaking_;
  StartHandshakes();
  if (!stopping_ && handshaking_ == 0 && waiting_.empty()) BeginAll();
}

void WsShard::BeginAll() {
  if (begun_) return;
  begun_ = true;
  size_t open = 0;
  for (auto& agent : agents_) open += agent->state_ == WsAgent::State::kIdle ? 1 : 0;
  std::cerr << "steward_fleet: a shard opened " << open << " of its " << agents_.size()
            << " channels in " << std::chrono::duration<double>(Clock::now() - started_).count()
            << " s\n";
  for (auto& agent : agents_) agent->Begin();
}

void WsShard::Stop() {
  stopping_ = true;
  size_t not_connected = waiting_.size();
  for (auto& agent : agents_) {
    if (agent->state_ == WsAgent::State::kOpening) ++not_connected;
    if (agent->End()) ++busy_after_end_;
  }
  waiting_.clear();
  if (not_connected) {
    std::cerr << "steward_fleet: " << not_connected
              << " agents of this shard were not connected by the end of the run\n";
  }
  if (busy_after_end_ == 0) finished_();
}

void WsShard::AgentDone() {
  if (--busy_after_end_ == 0) finished_();
}

void WsShard::Close() {
  asio::post(ioc_, [this] {
    work_.reset();
    auto open = std::make_shared<size_t>(agents_.size());
    auto closed = [this, open] {
      if (--*open == 0) ioc_.stop();
    };
    if (agents_.empty()) return ioc_.stop();
    for (auto& agent : agents_) agent->Close(closed);
    // A server that does not answer the close frames does not hold the run.
    auto deadline = std::make_shared<asio::steady_timer>(ioc_, std::chrono::seconds(5));
    deadline->async_wait([this, deadline](beast::error_code) { ioc_.stop(); });
  });
}

void WsShard::Note(const std::string& what) {
  if (++notes_ <= 5) std::cerr << "steward_fleet: " << what << "\n";
}

}  // namespace steward::bench
