#include "agent/link/channel_machine.h"

#include <algorithm>

#include "agent/link/enroll.h"
#include "core/log.h"
#include "proto/device_rebind.h"

namespace steward::agent {

using std::chrono::milliseconds;

ChannelMachine::ChannelMachine(LinkOptions options, const Clock& clock)
    : options_(options),
      clock_(clock),
      rng_(options.jitter_seed != 0 ? options.jitter_seed : std::random_device{}()),
      backoff_(options.initial_backoff),
      slots_(options.max_running_commands, options.max_waiting_commands) {}

std::optional<int64_t> ChannelMachine::in_flight_seq() const {
  if (!in_flight_) return std::nullopt;
  return in_flight_->seq;
}

LinkActions ChannelMachine::Handle(const LinkEvent& event) {
  LinkActions out;
  std::visit([&](const auto& e) { On(e, out); }, event);
  Pump(out);
  return out;
}

bool ChannelMachine::Due(Timestamp deadline, milliseconds longest) const {
  Timestamp now = clock_.Now();
  return now >= deadline || deadline - now > longest;
}

milliseconds ChannelMachine::Jittered(milliseconds base) {
  // Full jitter in [base/2, base]: a fleet reconnecting after an outage spreads out.
  std::uniform_int_distribution<int64_t> d(base.count() / 2, base.count());
  return milliseconds(d(rng_));
}

void ChannelMachine::Pump(LinkActions& out) {
  switch (state_) {
    case State::kDisconnected:
      if (Due(next_connect_, options_.max_backoff)) {
        state_ = State::kConnecting;
        out.push_back(action::Connect{});
      }
      return;
    case State::kConnecting:
      return;
    case State::kAwaitingWelcome:
      // A server that never welcomes (or a welcome this agent cannot parse)
      // would otherwise hold the connection open and the data back forever.
      if (Due(connected_at_ + options_.welcome_timeout, options_.welcome_timeout)) {
        LogWarn("agent: no welcome from the server within {} s; reconnecting",
                options_.welcome_timeout.count() / 1000);
        out.push_back(action::Close{"no welcome"});
        Lose(out);
        return;
      }
      break;
    case State::kWelcomed:
      break;
  }
  if (Due(last_sent_ + options_.ping_every, options_.ping_every)) SendPing(out);
  if (state_ == State::kWelcomed && !in_flight_ && !batch_requested_ && !spool_idle_ &&
      Due(hold_until_, std::max(options_.quarantine_wait, options_.max_backoff))) {
    batch_requested_ = true;
    out.push_back(action::SendNextBatch{});
  }
}

void ChannelMachine::Lose(LinkActions& out) {
  state_ = State::kDisconnected;
  in_flight_.reset();
  probe_.reset();
  batch_requested_ = false;
  next_connect_ = clock_.Now() + Jittered(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  out.push_back(action::ScheduleRetry{next_connect_, action::ScheduleRetry::What::kConnect});
}

void ChannelMachine::Send(std::string text, LinkActions& out) {
  out.push_back(action::Send{std::move(text)});
  last_sent_ = clock_.Now();
}

void ChannelMachine::SendPing(LinkActions& out) {
  Send(proto::EncodePing(), out);
  ++pings_sent_;
}

void ChannelMachine::On(const event::Started& e, LinkActions& out) {
  // A command the last run accepted and never finished: its outcome is
  // unknown (it may have run to the end, or been killed half-way). Say so,
  // rather than leave the server waiting for a result that cannot come.
  for (int64_t id : e.interrupted) {
    LogWarn("agent: command {} was interrupted by a restart", id);
    proto::CommandResultFrame r;
    r.command_id = id;
    r.status = "failed";
    r.exit_code = -1;
    r.stderr_text =
        "steward-agent stopped while this command was queued or running (crash, restart or"
        " shutdown); whether it ran to the end is unknown";
    Report(r, out);
  }
}

void ChannelMachine::On(const event::Connected&, LinkActions& out) {
  if (state_ != State::kConnecting) return;
  state_ = State::kAwaitingWelcome;
  connected_at_ = clock_.Now();
  in_flight_.reset();
  probe_.reset();
  batch_requested_ = false;
  pings_sent_ = 0;
  pongs_received_ = 0;
  Send(proto::EncodeHello({kAgentVersion}), out);
}

void ChannelMachine::On(const event::ConnectFailed& e, LinkActions& out) {
  if (state_ != State::kConnecting) return;
  LogWarn("agent: cannot connect: {}", e.why);
  Lose(out);
}

void ChannelMachine::On(const event::Disconnected& e, LinkActions& out) {
  if (state_ == State::kDisconnected || state_ == State::kConnecting) return;
  LogWarn("agent: connection lost: {}", e.why);
  Lose(out);
}

void ChannelMachine::On(const proto::WelcomeFrame& w, LinkActions& out) {
  if (state_ != State::kAwaitingWelcome && state_ != State::kWelcomed) return;
  if (w.device_id != options_.device_id && !AdoptRebind(w, out)) {
    LogError("agent: the server speaks for device {}, we are {}", w.device_id, options_.device_id);
    out.push_back(action::Close{"welcome for another device"});
    Lose(out);
    return;
  }
  // Anything the server already committed (an ack lost with the last
  // connection) is dropped here, so it is never sent twice.
  if (w.last_seq > 0) out.push_back(action::DeleteAcknowledged{w.last_seq});
  bool first = state_ == State::kAwaitingWelcome;
  state_ = State::kWelcomed;
  quarantined_ = w.status == "quarantined";
  hold_until_ = clock_.Now();
  if (first) {
    // Reset only once welcomed: a server that accepts the upgrade and then
    // drops the connection at once is retried with a growing back-off.
    backoff_ = options_.initial_backoff;
    out.push_back(action::ResendResults{});
  }
}

bool ChannelMachine::AdoptRebind(const proto::WelcomeFrame& w, LinkActions& out) {
  if (w.rebound_from != options_.device_id) return false;
  proto::DeviceRebind rebind{options_.customer_id, options_.device_id, w.device_id};
  if (!proto::VerifyRebind(rebind, w.rebind_signature, options_.server_public_key_hex)) {
    LogError("agent: a rebind to device {} without a valid signature", w.device_id);
    return false;
  }
  LogWarn("agent: approved as device {} (enrolled as {}); commands for {} only from now on",
          w.device_id, options_.device_id, w.device_id);
  options_.device_id = w.device_id;
  out.push_back(action::AdoptDevice{w.device_id});
  return true;
}

void ChannelMachine::On(const proto::AckFrame& a, LinkActions& out) {
  if (!in_flight_ || a.seq != in_flight_->seq) return;
  // Stored, except what the server names: those samples are gone for good
  // (resending them would be refused again), so the log keeps why.
  for (const proto::RefusedWireSample& r : a.refused) {
    LogWarn("agent: batch {}: the server refused {}: {}", a.seq, r.field, r.message);
  }
  if (a.refused_count > static_cast<int64_t>(a.refused.size())) {
    LogWarn("agent: batch {}: {} more samples refused", a.seq,
            a.refused_count - static_cast<int64_t>(a.refused.size()));
  }
  out.push_back(action::DeleteAcknowledged{a.seq});
  in_flight_.reset();
  probe_.reset();
  quarantined_ = false;
}

void ChannelMachine::On(const proto::NackFrame& n, LinkActions& out) {
  if (n.seq == 0) {
    LogWarn("agent: the server could not parse a frame: {}", n.message);
    // A server that does not name the batch (older than issue 12) answers an
    // unparsable one with this nack and nothing else, and the agent would
    // wait for ever with the batch in flight. The server answers frames in
    // order: if the pong of a ping sent now comes before any answer for the
    // batch, this nack was its answer.
    if (in_flight_ && !probe_) {
      SendPing(out);
      probe_ = Probe{in_flight_->seq, pings_sent_};
    }
    return;
  }
  if (!in_flight_ || n.seq != in_flight_->seq) return;
  in_flight_.reset();
  probe_.reset();
  if (n.retry) {
    if (n.code == "conflict") {
      // Another connection of ours committed meanwhile: resynchronise
      // through welcome.last_seq on a fresh connection.
      out.push_back(action::Close{"conflict"});
      Lose(out);
      return;
    }
    // Quarantine or a busy server: keep the data and try again later.
    if (n.code == "failed_precondition") quarantined_ = true;
    hold_until_ = clock_.Now() + (quarantined_ ? options_.quarantine_wait : Jittered(backoff_));
    out.push_back(action::ScheduleRetry{hold_until_, action::ScheduleRetry::What::kBatch});
    return;
  }
  DropReason reason =
      n.code == proto::kNackUnparsable ? DropReason::kUnparsable : DropReason::kRefused;
  out.push_back(action::DropBatches{n.seq, reason, n.code + ": " + n.message});
}

void ChannelMachine::On(const proto::PongFrame&, LinkActions& out) {
  ++pongs_received_;
  if (!probe_ || pongs_received_ < probe_->ping) return;
  if (in_flight_ && in_flight_->seq == probe_->seq) {
    out.push_back(action::DropBatches{probe_->seq, DropReason::kUnparsable,
                                      "the server could not parse the batch (nack seq 0)"});
    in_flight_.reset();
  }
  probe_.reset();
}

void ChannelMachine::On(const event::BatchSent& e, LinkActions&) {
  batch_requested_ = false;
  if (state_ != State::kWelcomed) return;
  in_flight_ = InFlight{e.first_seq, e.seq};
  last_sent_ = clock_.Now();
}

void ChannelMachine::On(const proto::CommandFrame& c, LinkActions& out) {
  // Checking, queued or running (re-delivered after a lost connection or on
  // a ping): its result follows.
  if (slots_.Knows(c.command_id)) return;
  if (slots_.Full()) {
    LogWarn("agent: command {} waits: {} commands running, {} queued", c.command_id,
            slots_.running(), slots_.queued());
    return;
  }
  slots_.BeginCheck(c.command_id);
  out.push_back(action::CheckCommand{c});
}

void ChannelMachine::On(const event::CommandChecked& e, LinkActions& out) {
  slots_.EndCheck(e.command_id);
  if (e.stored_result) {
    // Already run: the server lost our result (or its ack). Run nothing.
    if (state_ == State::kWelcomed) Send(*e.stored_result, out);
    return;
  }
  proto::VerifyOutcome v = e.verdict;
  if (v.refusal == proto::Refusal::kNone && !options_.allow_commands) {
    v.refusal = proto::Refusal::kCommandsDisabled;
    v.detail = "remote commands are disabled on this agent";
  }
  if (v.refusal == proto::Refusal::kNone && v.envelope.command_id != e.command_id) {
    v.refusal = proto::Refusal::kMalformed;
    v.detail = "frame and envelope name different commands";
  }
  if (v.refusal != proto::Refusal::kNone) {
    LogWarn("agent: refused command {}: {} ({})", e.command_id, proto::RefusalCode(v.refusal),
            v.detail);
    proto::CommandResultFrame r;
    r.command_id = e.command_id;
    r.status = "refused";
    r.refusal = std::string(proto::RefusalCode(v.refusal));
    r.stderr_text = v.detail;
    Report(r, out);
    return;
  }
  // Recorded before it can run: from here on a restart reports it.
  out.push_back(action::RecordAccepted{e.command_id});
  if (slots_.CanStart()) {
    Start(std::move(v.envelope), out);
  } else {
    LogInfo("agent: command {} queued behind {} running", e.command_id, slots_.running());
    slots_.Enqueue(std::move(v.envelope));
  }
}

void ChannelMachine::Start(proto::CommandEnvelope envelope, LinkActions& out) {
  slots_.Start(envelope.command_id);
  out.push_back(action::RunCommand{std::move(envelope)});
}

void ChannelMachine::StartQueued(LinkActions& out) {
  while (auto next = slots_.NextToStart()) {
    // It was valid when it arrived; it must still be valid when it starts,
    // or the server's view of when it could have run no longer holds.
    if (clock_.Now() >= next->expires_at) {
      proto::CommandResultFrame r;
      r.command_id = next->command_id;
      r.status = "refused";
      r.refusal = std::string(proto::RefusalCode(proto::Refusal::kExpired));
      r.stderr_text = "expired while waiting for a free command slot";
      Report(r, out);
      continue;
    }
    Start(std::move(*next), out);
  }
}

void ChannelMachine::On(const event::CommandOutput& e, LinkActions& out) {
  // Output is a preview, neither spooled nor acknowledged: without a channel
  // it is dropped, and the result carries the whole output anyway.
  if (state_ == State::kWelcomed) Send(proto::EncodeCommandOutput(e.output), out);
}

void ChannelMachine::On(const event::CommandFinished& e, LinkActions& out) {
  slots_.Finish(e.result.command_id);
  Report(e.result, out);
  StartQueued(out);
}

void ChannelMachine::Report(const proto::CommandResultFrame& result, LinkActions& out) {
  // Saved before it is sent: a result survives a lost connection and a
  // restart, and goes out again after the next welcome until acknowledged.
  std::string frame = proto::EncodeCommandResult(result);
  out.push_back(action::SaveResult{result.command_id, frame});
  if (state_ == State::kWelcomed) Send(std::move(frame), out);
}

void ChannelMachine::On(const proto::ResultAckFrame& a, LinkActions& out) {
  out.push_back(action::ForgetResult{a.command_id});
}

}  // namespace steward::agent
