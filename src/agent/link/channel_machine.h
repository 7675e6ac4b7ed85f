// The agent's side of the channel as a state machine: connecting and
// back-off, hello/welcome, one batch in flight and its ack or nack,
// quarantine hold-off, keep-alive pings, and the remote commands it checks,
// queues and runs. It owns no socket, thread, file or spool: the loop in
// agent/app/agent_runner.cc feeds it events (channel_events.h) and carries
// out the actions it returns, so every rule here is testable with a
// ManualClock and no network (channel_machine_test.cc). The design and the
// reasons for it are in docs/design/agent-link.md.
//
// Connection states:
//
//   kDisconnected --Tick, back-off over--> kConnecting (action Connect)
//   kConnecting   --Connected--> kAwaitingWelcome (sends hello)
//                 --ConnectFailed--> kDisconnected (back-off doubles)
//   kAwaitingWelcome --welcome--> kWelcomed (back-off reset)
//                    --no welcome in time, Disconnected--> kDisconnected
//   kWelcomed     --Disconnected, nack conflict, wrong device--> kDisconnected
//
// Timers run on the injected Clock. Threading: one thread (the loop's) calls
// Handle; nothing here is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "agent/link/channel_events.h"
#include "agent/link/command_slots.h"
#include "core/clock.h"

namespace steward::agent {

struct LinkOptions {
  // A welcome for another device is refused, unless it carries the signed
  // statement that this agent was rebound to it (proto/device_rebind.h),
  // checked against the command key pinned at enrolment.
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string server_public_key_hex;
  bool allow_commands = true;  // false: every verified command is refused (--no-commands)
  size_t max_running_commands = 4;
  // Commands checked or queued beyond the running ones; past that a command
  // frame is ignored until a slot frees (the server re-sends it on ping).
  size_t max_waiting_commands = 16;
  std::chrono::milliseconds ping_every{std::chrono::seconds(30)};
  std::chrono::milliseconds quarantine_wait{std::chrono::seconds(15)};
  std::chrono::milliseconds welcome_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(60)};
  uint64_t jitter_seed = 0;  // 0: seeded from std::random_device
};

class ChannelMachine {
 public:
  enum class State { kDisconnected, kConnecting, kAwaitingWelcome, kWelcomed };

  // `clock` must outlive the machine. The first Tick asks to connect.
  ChannelMachine(LinkOptions options, const Clock& clock);

  // Applies one event and returns what the loop must do, in order. Every
  // call ends by checking the timers, as a Tick does.
  LinkActions Handle(const LinkEvent& event);

  State state() const { return state_; }
  bool quarantined() const { return quarantined_; }
  // The spool sequence of the batch awaiting its ack or nack.
  std::optional<int64_t> in_flight_seq() const;
  // The back-off the next reconnect will draw its wait from.
  std::chrono::milliseconds backoff() const { return backoff_; }
  const CommandSlots& commands() const { return slots_; }
  int64_t device_id() const { return options_.device_id; }

 private:
  struct InFlight {
    int64_t first_seq = 0;
    int64_t seq = 0;
  };
  // After a nack {seq:0} with a batch in flight: the batch `seq` is suspected
  // unparsable until the pong of ping number `ping` settles it.
  struct Probe {
    int64_t seq = 0;
    int64_t ping = 0;
  };

  void On(const event::Started& e, LinkActions& out);
  void On(const event::Tick&, LinkActions&) { spool_idle_ = false; }
  void On(const event::Connected&, LinkActions& out);
  void On(const event::ConnectFailed& e, LinkActions& out);
  void On(const event::Disconnected& e, LinkActions& out);
  void On(const proto::WelcomeFrame& w, LinkActions& out);
  void On(const proto::AckFrame& a, LinkActions& out);
  void On(const proto::NackFrame& n, LinkActions& out);
  void On(const proto::CommandFrame& c, LinkActions& out);
  void On(const proto::ResultAckFrame& a, LinkActions& out);
  void On(const proto::PongFrame&, LinkActions& out);
  void On(const event::BatchSent& e, LinkActions& out);
  void On(const event::NoBatch&, LinkActions&) {
    batch_requested_ = false;
    spool_idle_ = true;
  }
  void On(const event::CommandChecked& e, LinkActions& out);
  void On(const event::CommandOutput& e, LinkActions& out);
  void On(const event::CommandFinished& e, LinkActions& out);

  // The timers: reconnect, welcome timeout, keep-alive ping, next batch.
  void Pump(LinkActions& out);
  // True once `deadline` has passed, or when it lies further ahead than any
  // wait this machine sets (`longest`): the wall clock stepped back, and
  // waiting for it to catch up could stall the link for hours.
  bool Due(Timestamp deadline, std::chrono::milliseconds longest) const;
  std::chrono::milliseconds Jittered(std::chrono::milliseconds base);
  // Counts the connection as lost and schedules the next attempt.
  void Lose(LinkActions& out);
  void Send(std::string text, LinkActions& out);
  void SendPing(LinkActions& out);
  void Report(const proto::CommandResultFrame& result, LinkActions& out);
  // True when `w` names another device with a valid rebind statement: the
  // device id changes and the loop is told to remember it.
  bool AdoptRebind(const proto::WelcomeFrame& w, LinkActions& out);
  void Start(proto::CommandEnvelope envelope, LinkActions& out);
  void StartQueued(LinkActions& out);

  LinkOptions options_;
  const Clock& clock_;
  std::mt19937_64 rng_;

  State state_ = State::kDisconnected;
  std::chrono::milliseconds backoff_;
  Timestamp next_connect_{};  // the epoch: connect at the first Tick
  Timestamp connected_at_{};
  Timestamp last_sent_{};

  bool quarantined_ = false;
  Timestamp hold_until_{};  // no batch before this (quarantine, server busy)
  std::optional<InFlight> in_flight_;
  bool batch_requested_ = false;  // SendNextBatch issued, reply pending
  bool spool_idle_ = false;       // the spool was empty: ask again at the next Tick
  // Pings sent and pongs received on this connection: the server answers
  // frames in order, so pong number n follows the answers to everything sent
  // before ping number n.
  int64_t pings_sent_ = 0;
  int64_t pongs_received_ = 0;
  std::optional<Probe> probe_;

  CommandSlots slots_;
};

}  // namespace steward::agent
