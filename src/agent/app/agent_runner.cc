#include "agent/app/agent_runner.h"

#include <malloc.h>

#include <thread>
#include <vector>

#include "agent/app/command_threads.h"
#include "agent/collectors/precision.h"
#include "agent/link/agent_state.h"
#include "agent/link/channel_machine.h"
#include "agent/link/enroll.h"
#include "agent/link/spool.h"
#include "core/crypto.h"
#include "core/log.h"
#include "net/client.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

LinkOptions LinkOptionsFor(const RunOptions& o, const AgentState& state) {
  LinkOptions l;
  l.device_id = state.device_id;
  l.customer_id = state.customer_id;
  l.server_public_key_hex = state.command_public_key;
  l.allow_commands = o.allow_commands;
  l.max_backoff = o.max_backoff;
  return l;
}

// The agent's I/O: the collection timer, the spool, the WebSocket and the
// command threads. What to send, when, and what an answer means is decided
// by ChannelMachine; this loop feeds it events and carries out its actions.
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
        link_(LinkOptionsFor(o, state_), clock),
        commands_(system_, o.package_install) {}

  Status Run() {
    STEWARD_ASSIGN_OR_RETURN(server_, net::ParseServerUrl(state_.server_url));
    trust_.ca_file = state_.ca_file;
    trust_.pinned_sha256 = state_.server_cert_sha256;
    auto interrupted = spool_->InterruptedCommands();
    if (!interrupted.ok()) LogError("agent: spool: {}", interrupted.status().message());
    Dispatch(event::Started{interrupted.ok() ? *interrupted : std::vector<int64_t>{}});
    auto next_collect = Steady::now();
    auto next_inventory = Steady::now();
    while (!stop_.load()) {
      auto now = Steady::now();
      if (now >= next_collect) {
        bool with_inventory = now >= next_inventory;
        Collect(with_inventory);
        if (with_inventory) next_inventory = now + o_.inventory_every;
        next_collect += o_.interval;
        if (next_collect < now) next_collect = now + o_.interval;  // fell behind: skip, don't burst
      }
      Dispatch(event::Tick{});
      // Output before results: a result replaces the preview on the server.
      // Results are saved as soon as a command ends, connected or not.
      for (auto& o : commands_.TakeOutput()) Dispatch(event::CommandOutput{std::move(o)});
      for (auto& r : commands_.TakeDone()) {
        // Packages changed: the next collection carries the inventory (and
        // with it the pending updates), so the server sees what the command
        // installed within a minute, not at tomorrow's inventory.
        if (r.packages) next_inventory = Steady::now();
        Dispatch(event::CommandFinished{std::move(r)});
      }
      auto wait = std::min<milliseconds>(
          milliseconds(200), std::chrono::duration_cast<milliseconds>(
                                 std::max(next_collect - Steady::now(), Steady::duration(0))));
      if (!Open()) {
        std::this_thread::sleep_for(wait);
        continue;
      }
      // Poll hands over what arrived before an error, then reports the error.
      auto messages = ws_.Poll(wait);
      if (!messages.ok()) {
        ws_.Close();
        Dispatch(event::Disconnected{messages.status().message()});
        continue;
      }
      for (const std::string& m : *messages) {
        auto frame = proto::ParseServerFrame(m);
        if (!frame.ok()) {
          LogWarn("agent: ignoring a malformed server frame: {}", frame.status().message());
          continue;
        }
        std::visit([this](auto& f) { Dispatch(std::move(f)); }, *frame);
      }
    }
    // Stopping: running commands are waited for (as before: a command is
    // not abandoned half-way by a clean stop) and every result is kept for
    // the next run. Saved directly: through the machine a finished command
    // would start a queued one, and queued ones are reported interrupted by
    // the next run.
    commands_.JoinAll();
    for (auto& r : commands_.TakeDone()) {
      if (Status s = spool_->SaveResult(r.command_id, proto::EncodeCommandResult(r)); !s.ok()) {
        LogError("{}", s.message());
      }
    }
    ws_.Close();
    return Status::Ok();
  }

 private:
  bool Open() const {
    return link_.state() == ChannelMachine::State::kAwaitingWelcome ||
           link_.state() == ChannelMachine::State::kWelcomed;
  }

  void Dispatch(LinkEvent event) {
    for (auto& a : link_.Handle(event)) Apply(std::move(a));
  }

  void Apply(LinkAction action) {
    std::visit(Overloaded{
                   [this](action::Connect&) {
                     net::Headers headers = {{"Authorization", "Bearer " + state_.credential}};
                     Status s = ws_.Connect(server_, trust_, std::string(proto::kAgentChannelPath),
                                            headers, std::chrono::seconds(15));
                     if (s.ok()) {
                       Dispatch(event::Connected{});
                     } else {
                       Dispatch(event::ConnectFailed{state_.server_url + ": " + s.message()});
                     }
                   },
                   [this](action::Send& a) { ws_.Send(std::move(a.text)); },
                   [this](action::SendNextBatch&) { SendNextBatch(); },
                   [this](action::DeleteAcknowledged& a) {
                     if (Status s = spool_->AcknowledgeUpTo(a.up_to_seq); !s.ok()) {
                       LogError("{}", s.message());
                     }
                   },
                   [this](action::DropBatches& a) {
                     LogWarn("agent: dropping spooled batches up to {} ({}): {}", a.up_to_seq,
                             DropReasonLabel(a.reason), a.why);
                     // Counted by reason, and reported as agent.spool_dropped
                     // with the next collection.
                     if (Status s = spool_->DropUpTo(a.up_to_seq, a.reason); !s.ok()) {
                       LogError("{}", s.message());
                     }
                   },
                   [this](action::ResendResults&) {
                     auto results = spool_->UnacknowledgedResults();
                     if (!results.ok()) return LogError("{}", results.status().message());
                     for (auto& r : *results) ws_.Send(std::move(r));
                   },
                   [this](action::CheckCommand& a) { CheckCommand(a.frame); },
                   [this](action::RecordAccepted& a) {
                     if (Status s = spool_->MarkAccepted(a.command_id); !s.ok()) {
                       LogError("{}", s.message());
                     }
                   },
                   [this](action::RunCommand& a) {
                     if (a.envelope.action) {
                       LogInfo("agent: running command {}: {} of {} package(s) (timeout {} s)",
                               a.envelope.command_id, a.envelope.action->kind,
                               a.envelope.action->packages.size(), a.envelope.timeout_seconds);
                     } else {
                       LogInfo("agent: running command {} (timeout {} s)", a.envelope.command_id,
                               a.envelope.timeout_seconds);
                     }
                     commands_.Start(std::move(a.envelope));
                   },
                   [this](action::AdoptDevice& a) {
                     // Commands are checked against state_ from now on. If
                     // the file cannot be written, the server says it again
                     // at the next welcome.
                     state_.device_id = a.device_id;
                     if (Status s = SaveState(o_.state_dir, state_); !s.ok()) {
                       LogError("agent: cannot remember device {}: {}", a.device_id, s.message());
                     }
                   },
                   [this](action::SaveResult& a) {
                     if (Status s = spool_->SaveResult(a.command_id, a.frame); !s.ok()) {
                       LogError("{}", s.message());
                     }
                   },
                   [this](action::ForgetResult& a) {
                     if (Status s = spool_->AcknowledgeResult(a.command_id); !s.ok()) {
                       LogError("{}", s.message());
                     }
                   },
                   // The loop ticks every 200 ms at most; no timer to arm.
                   [](action::ScheduleRetry&) {},
                   [this](action::Close& a) {
                     LogInfo("agent: closing the connection: {}", a.why);
                     ws_.Close();
                   },
               },
               action);
  }

  void SendNextBatch() {
    // Within the server's limits (5000 samples, well under its 4 MiB
    // message limit): Spool::NextFrame splits what would not fit.
    auto batch = spool_->NextFrame();
    if (!batch.ok()) {
      LogError("agent: spool: {}", batch.status().message());
      return Dispatch(event::NoBatch{});
    }
    if (!*batch) return Dispatch(event::NoBatch{});
    int64_t first = (*batch)->first_seq, seq = (*batch)->seq;
    ws_.Send(std::move((*batch)->text));
    Dispatch(event::BatchSent{first, seq});
  }

  void CheckCommand(const proto::CommandFrame& c) {
    event::CommandChecked checked;
    checked.command_id = c.command_id;
    auto previous = spool_->ResultFor(c.command_id);
    if (previous.ok() && *previous) {
      checked.stored_result = std::move(**previous);
      return Dispatch(std::move(checked));
    }
    proto::AgentIdentity me{state_.device_id, state_.customer_id, state_.command_public_key,
                            state_.approval_public_key};
    Timestamp now = clock_.Now();
    checked.verdict =
        proto::VerifyCommand({c.envelope, c.signature}, me, now, [&](std::string_view nonce) {
          auto parsed = proto::ParseEnvelope(c.envelope);
          int64_t expires = parsed.ok() ? ToMillis(parsed->expires_at) : ToMillis(now);
          auto seen = spool_->SeenNonce(std::string(nonce), expires, ToMillis(now));
          return !seen.ok() || *seen;  // when in doubt, refuse
        });
    // The hash of the exact bytes verified, as the server shows and audits
    // it (envelope_sha256): whoever reads this log can tell which request
    // the machine ran or refused, and a forged one stands out.
    std::string digest = Sha256Hex(c.envelope);
    if (checked.verdict.refusal == proto::Refusal::kNone) {
      LogInfo("agent: command {} verified, envelope sha256 {}", c.command_id, digest);
    } else {
      LogWarn("agent: command {} refused ({}), envelope sha256 {}", c.command_id,
              proto::RefusalCode(checked.verdict.refusal), digest);
    }
    Dispatch(std::move(checked));
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
    // What the agent gave up on, by reason: the server sees it as a metric.
    for (auto& s : spool_->DroppedSamples(now)) samples.push_back(std::move(s));
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

  const RunOptions& o_;
  std::shared_ptr<platform::System> system_;
  const Clock& clock_;
  const std::atomic<bool>& stop_;
  AgentState state_;
  std::unique_ptr<Spool> spool_;
  std::vector<std::unique_ptr<Collector>> collectors_;
  net::ServerUrl server_;
  net::TlsTrust trust_;
  net::WsClient ws_;
  ChannelMachine link_;
  // Last: destroyed first, so running commands finish while the rest is alive.
  CommandThreads commands_;
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
