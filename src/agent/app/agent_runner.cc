#include "agent/app/agent_runner.h"

#include <malloc.h>

#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "agent/collectors/precision.h"
#include "agent/exec/command_runner.h"
#include "agent/link/agent_state.h"
#include "agent/link/enroll.h"
#include "agent/link/spool.h"
#include "core/log.h"
#include "net/client.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPingEvery{std::chrono::seconds(30)};
constexpr milliseconds kQuarantineWait{std::chrono::seconds(15)};

// Commands run on their own threads; their live output and results come
// back here for the channel thread to send.
class CommandPool {
 public:
  ~CommandPool() {
    for (auto& t : threads_) t.join();
  }
  bool IsRunning(int64_t id) {
    std::lock_guard lock(mu_);
    return running_.count(id) > 0;
  }
  void Start(std::shared_ptr<platform::System> system, proto::CommandEnvelope envelope) {
    int64_t id = envelope.command_id;
    {
      std::lock_guard lock(mu_);
      running_.insert(id);
    }
    threads_.emplace_back([this, system, id, envelope = std::move(envelope)]() {
      proto::CommandResultFrame r =
          RunCommand(*system, envelope, [this, id](bool is_stderr, std::string_view chunk) {
            std::lock_guard lock(mu_);
            while (!chunk.empty()) {
              size_t n = std::min(chunk.size(), proto::kMaxOutputChunkBytes);
              output_.push_back({id, is_stderr, std::string(chunk.substr(0, n))});
              chunk.remove_prefix(n);
            }
          });
      std::lock_guard lock(mu_);
      done_.push_back(std::move(r));
      running_.erase(id);
    });
  }
  std::vector<proto::CommandOutputFrame> TakeOutput() {
    std::lock_guard lock(mu_);
    return std::exchange(output_, {});
  }
  std::vector<proto::CommandResultFrame> TakeDone() {
    std::lock_guard lock(mu_);
    return std::exchange(done_, {});
  }

 private:
  std::mutex mu_;
  std::set<int64_t> running_;
  std::vector<std::thread> threads_;
  std::vector<proto::CommandOutputFrame> output_;
  std::vector<proto::CommandResultFrame> done_;
};

class Runner {
 public:
  Runner(const RunOptions& o, std::shared_ptr<platform::System> system, const Clock& clock,
         const std::atomic<bool>& stop, AgentState state, std::unique_ptr<Spool> spool)
      : o_(o),
        system_(std::move(system)),
        clock_(clock),
        stop_(stop),
        state_(std::move(state)),
        spool_(std::move(spool)),
        collectors_(MakeCollectors(o.collectors, system_)),
        rng_(std::random_device{}()) {}

  Status Run() {
    STEWARD_ASSIGN_OR_RETURN(server_, net::ParseServerUrl(state_.server_url));
    trust_.ca_file = state_.ca_file;
    trust_.pinned_sha256 = state_.server_cert_sha256;
    auto next_collect = Steady::now();
    auto next_inventory = Steady::now();
    auto next_connect = Steady::now();
    while (!stop_.load()) {
      auto now = Steady::now();
      if (now >= next_collect) {
        bool with_inventory = now >= next_inventory;
        Collect(with_inventory);
        if (with_inventory) next_inventory = now + o_.inventory_every;
        next_collect += o_.interval;
        if (next_collect < now) next_collect = now + o_.interval;  // fell behind: skip, don't burst
      }
      if (!ws_.connected()) {
        if (now >= next_connect) {
          if (Connect()) {
            backoff_ = milliseconds(500);
          } else {
            next_connect = Steady::now() + Jittered(backoff_);
            backoff_ = std::min(backoff_ * 2, o_.max_backoff);
          }
        }
        SleepUntil(std::min(next_collect, next_connect));
        continue;
      }
      auto wait = std::min<milliseconds>(milliseconds(200),
                                         std::chrono::duration_cast<milliseconds>(
                                             std::max(next_collect - now, Steady::duration(0))));
      auto messages = ws_.Poll(wait);
      if (!messages.ok()) {
        LogWarn("agent: connection lost: {}", messages.status().message());
        Disconnected();
        next_connect = Steady::now() + Jittered(backoff_);
        continue;
      }
      for (const std::string& m : *messages) HandleMessage(m);
      SendResults();
      SendNextBatch();
      if (Steady::now() - last_sent_ > kPingEvery) {
        ws_.Send(proto::EncodePing());
        last_sent_ = Steady::now();
      }
    }
    ws_.Close();
    return Status::Ok();
  }

 private:
  milliseconds Jittered(milliseconds base) {
    // Full jitter in [base/2, base]: a fleet reconnecting after an outage spreads out.
    std::uniform_int_distribution<int64_t> d(base.count() / 2, base.count());
    return milliseconds(d(rng_));
  }

  void SleepUntil(Steady::time_point t) {
    auto limit = Steady::now() + milliseconds(200);
    std::this_thread::sleep_until(std::min(t, limit));
  }

  void Collect(bool with_inventory) {
    // Give the heap that the last cycle freed back to the system (after the
    // start-up inventory, about a megabyte of package lists and its frame):
    // glibc keeps it otherwise, and the agent's resident memory is on a
    // budget (issue 6: 10 MiB). Microseconds, once a collection.
    malloc_trim(0);
    Timestamp now = clock_.Now();
    Collection collection;
    for (auto& c : collectors_) {
      Status s = c->Collect(now, collection);
      if (!s.ok()) LogWarn("agent: collector {}: {}", c->name(), s.message());
    }
    std::vector<proto::WireSample> samples;
    samples.reserve(collection.samples.size());
    for (auto& s : collection.samples) {
      double value = ReportedValue(s.metric, s.value);
      samples.push_back({std::move(s.metric), ToMillis(s.ts), value, std::move(s.labels)});
    }
    std::optional<Json> inventory;
    if (with_inventory) {
      auto inv = CollectInventory(o_.collectors, *system_);
      if (inv.ok()) {
        inventory = std::move(*inv);
      } else {
        LogWarn("agent: inventory: {}", inv.status().message());
      }
    }
    if (samples.empty() && !inventory) return;
    auto seq = spool_->Append(samples, inventory);
    if (!seq.ok()) LogError("agent: spool: {}", seq.status().message());
  }

  bool Connect() {
    net::Headers headers = {{"Authorization", "Bearer " + state_.credential}};
    Status s = ws_.Connect(server_, trust_, std::string(proto::kAgentChannelPath), headers,
                           std::chrono::seconds(15));
    if (!s.ok()) {
      LogWarn("agent: cannot connect to {}: {}", state_.server_url, s.message());
      return false;
    }
    welcomed_ = false;
    in_flight_ = 0;
    ws_.Send(proto::EncodeHello({kAgentVersion}));
    last_sent_ = Steady::now();
    return true;
  }

  void Disconnected() {
    ws_.Close();
    welcomed_ = false;
    in_flight_ = 0;
  }

  void HandleMessage(const std::string& text) {
    auto frame = proto::ParseServerFrame(text);
    if (!frame.ok()) {
      LogWarn("agent: ignoring a malformed server frame: {}", frame.status().message());
      return;
    }
    std::visit([this](const auto& f) { Handle(f); }, *frame);
  }

  void Handle(const proto::WelcomeFrame& w) {
    if (w.device_id != state_.device_id) {
      LogError("agent: the server speaks for device {}, we are {}", w.device_id, state_.device_id);
      return Disconnected();
    }
    // Anything the server already committed (an ack lost with the last
    // connection) is dropped here, so it is never sent twice.
    if (Status s = spool_->AcknowledgeUpTo(w.last_seq); !s.ok()) LogError("{}", s.message());
    welcomed_ = true;
    quarantined_ = w.status == "quarantined";
    hold_until_ = Steady::now();
    auto results = spool_->UnacknowledgedResults();
    if (results.ok()) {
      for (auto& r : *results) ws_.Send(std::move(r));
    }
  }

  void Handle(const proto::AckFrame& a) {
    if (a.seq != in_flight_) return;
    if (Status s = spool_->AcknowledgeUpTo(a.seq); !s.ok()) LogError("{}", s.message());
    in_flight_ = 0;
    quarantined_ = false;
  }

  void Handle(const proto::NackFrame& n) {
    if (n.seq == 0) {
      LogWarn("agent: server refused a frame: {}", n.message);
      return;
    }
    if (n.seq != in_flight_) return;
    in_flight_ = 0;
    if (n.retry) {
      // Quarantine or a busy server: keep the data and try again later.
      if (n.code == "failed_precondition") quarantined_ = true;
      hold_until_ = Steady::now() + (quarantined_ ? kQuarantineWait : Jittered(backoff_));
      if (n.code == "conflict") Disconnected();  // resync through welcome.last_seq
      return;
    }
    LogWarn("agent: server refused batch {} for good ({}): {}", n.seq, n.code, n.message);
    if (Status s = spool_->AcknowledgeUpTo(n.seq); !s.ok()) LogError("{}", s.message());
  }

  void Handle(const proto::CommandFrame& c) {
    // Still running (re-delivered after a lost connection): its result follows.
    if (commands_.IsRunning(c.command_id)) return;
    // Already run (the server re-delivered after a lost connection): resend the result.
    auto previous = spool_->ResultFor(c.command_id);
    if (previous.ok() && *previous) {
      ws_.Send(**previous);
      return;
    }
    proto::AgentIdentity me{state_.device_id, state_.customer_id, state_.command_public_key};
    Timestamp now = clock_.Now();
    proto::VerifyOutcome v =
        proto::VerifyCommand({c.envelope, c.signature}, me, now, [&](std::string_view nonce) {
          auto parsed = proto::ParseEnvelope(c.envelope);
          int64_t expires = parsed.ok() ? ToMillis(parsed->expires_at) : ToMillis(now);
          auto seen = spool_->SeenNonce(std::string(nonce), expires, ToMillis(now));
          return !seen.ok() || *seen;  // when in doubt, refuse
        });
    if (v.refusal == proto::Refusal::kNone && !o_.allow_commands) {
      v.refusal = proto::Refusal::kCommandsDisabled;
      v.detail = "remote commands are disabled on this agent";
    }
    if (v.refusal == proto::Refusal::kNone && v.envelope.command_id != c.command_id) {
      v.refusal = proto::Refusal::kMalformed;
      v.detail = "frame and envelope name different commands";
    }
    if (v.refusal != proto::Refusal::kNone) {
      LogWarn("agent: refused command {}: {} ({})", c.command_id, proto::RefusalCode(v.refusal),
              v.detail);
      proto::CommandResultFrame r;
      r.command_id = c.command_id;
      r.status = "refused";
      r.refusal = std::string(proto::RefusalCode(v.refusal));
      r.stderr_text = v.detail;
      Report(r);
      return;
    }
    LogInfo("agent: running command {} (timeout {} s)", c.command_id, v.envelope.timeout_seconds);
    commands_.Start(system_, std::move(v.envelope));
  }

  void Handle(const proto::ResultAckFrame& a) {
    if (Status s = spool_->AcknowledgeResult(a.command_id); !s.ok()) LogError("{}", s.message());
  }

  void Handle(const proto::PongFrame&) {}

  // Results are kept until the server acknowledges them.
  void Report(const proto::CommandResultFrame& r) {
    std::string frame = proto::EncodeCommandResult(r);
    if (Status s = spool_->SaveResult(r.command_id, frame); !s.ok()) LogError("{}", s.message());
    ws_.Send(std::move(frame));
    last_sent_ = Steady::now();
  }

  void SendResults() {
    // Output first: a result replaces the preview on the server.
    for (const auto& o : commands_.TakeOutput()) ws_.Send(proto::EncodeCommandOutput(o));
    for (const auto& r : commands_.TakeDone()) Report(r);
  }

  void SendNextBatch() {
    if (!welcomed_ || in_flight_ != 0 || Steady::now() < hold_until_) return;
    auto frame = spool_->NextFrame(0, proto::kMaxSamplesPerBatch);
    if (!frame.ok()) {
      LogError("agent: spool: {}", frame.status().message());
      return;
    }
    if (!*frame) return;
    in_flight_ = (*frame)->seq;
    ws_.Send(proto::EncodeBatch(**frame));
    last_sent_ = Steady::now();
  }

  const RunOptions& o_;
  std::shared_ptr<platform::System> system_;
  const Clock& clock_;
  const std::atomic<bool>& stop_;
  AgentState state_;
  std::unique_ptr<Spool> spool_;
  std::vector<std::unique_ptr<Collector>> collectors_;
  std::mt19937_64 rng_;
  net::ServerUrl server_;
  net::TlsTrust trust_;
  net::WsClient ws_;
  CommandPool commands_;
  milliseconds backoff_{500};
  bool welcomed_ = false;
  bool quarantined_ = false;
  int64_t in_flight_ = 0;
  Steady::time_point hold_until_{};
  Steady::time_point last_sent_{};
};

}  // namespace

Status RunAgent(const RunOptions& options, std::shared_ptr<platform::System> system,
                const Clock& clock, const std::atomic<bool>& stop) {
  STEWARD_ASSIGN_OR_RETURN(AgentState state, LoadState(options.state_dir));
  STEWARD_ASSIGN_OR_RETURN(std::unique_ptr<Spool> spool,
                           Spool::Open(SpoolFile(options.state_dir), options.spool_max_batches));
  RunOptions o = options;
  if (o.collectors.state_dir.empty()) o.collectors.state_dir = options.state_dir;
  Runner runner(o, std::move(system), clock, stop, std::move(state), std::move(spool));
  return runner.Run();
}

}  // namespace steward::agent
