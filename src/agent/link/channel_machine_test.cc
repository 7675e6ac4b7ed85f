// ChannelMachine on a ManualClock: no socket, no thread, no spool. Each test
// feeds events as the agent's loop would and checks the actions that come
// back.
#include "agent/link/channel_machine.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "proto/device_rebind.h"

namespace steward::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using State = ChannelMachine::State;

template <class A>
std::vector<A> All(const LinkActions& actions) {
  std::vector<A> out;
  for (const auto& a : actions) {
    if (const A* found = std::get_if<A>(&a)) out.push_back(*found);
  }
  return out;
}

template <class A>
bool Has(const LinkActions& actions) {
  return !All<A>(actions).empty();
}

// The frames of every Send action, parsed as the server would.
std::vector<proto::AgentFrame> Sent(const LinkActions& actions) {
  std::vector<proto::AgentFrame> out;
  for (const auto& s : All<action::Send>(actions)) {
    auto f = proto::ParseAgentFrame(s.text);
    EXPECT_TRUE(f.ok()) << s.text;
    if (f.ok()) out.push_back(*f);
  }
  return out;
}

template <class F>
size_t CountSent(const LinkActions& actions) {
  size_t n = 0;
  for (const auto& f : Sent(actions)) n += std::holds_alternative<F>(f) ? 1 : 0;
  return n;
}

class ChannelMachineTest : public ::testing::Test {
 protected:
  static constexpr int64_t kDevice = 42;

  static LinkOptions Options() {
    LinkOptions o;
    o.device_id = kDevice;
    o.jitter_seed = 7;
    o.max_running_commands = 2;
    o.max_waiting_commands = 2;
    return o;
  }

  // Connects and takes a welcome; returns the welcome's actions.
  LinkActions Welcome(const std::string& status = "approved", int64_t last_seq = 0) {
    LinkActions tick = m_.Handle(event::Tick{});
    EXPECT_TRUE(Has<action::Connect>(tick));
    LinkActions connected = m_.Handle(event::Connected{});
    EXPECT_EQ(CountSent<proto::HelloFrame>(connected), 1u);
    return m_.Handle(proto::WelcomeFrame{kDevice, status, last_seq});
  }

  // Welcomed, with the batch first..seq in flight.
  void InFlight(int64_t first, int64_t seq) {
    LinkActions w = Welcome();
    ASSERT_TRUE(Has<action::SendNextBatch>(w));
    m_.Handle(event::BatchSent{first, seq});
    ASSERT_EQ(m_.in_flight_seq(), seq);
  }

  proto::VerifyOutcome Verified(int64_t id, seconds valid_for = seconds(900)) {
    proto::VerifyOutcome v;
    v.envelope.command_id = id;
    v.envelope.device_id = kDevice;
    v.envelope.not_before = clock_.Now();
    v.envelope.expires_at = clock_.Now() + valid_for;
    v.envelope.script = "true";
    return v;
  }

  // Offers command `id` and answers its check with a valid signature.
  LinkActions Accept(int64_t id, seconds valid_for = seconds(900)) {
    LinkActions offered = m_.Handle(proto::CommandFrame{id, "{}", "sig"});
    EXPECT_EQ(All<action::CheckCommand>(offered).size(), 1u) << "command " << id;
    return m_.Handle(event::CommandChecked{id, std::nullopt, Verified(id, valid_for)});
  }

  ManualClock clock_{FromMillis(1795424400000)};  // 2026-11-23T09:00:00Z
  ChannelMachine m_{Options(), clock_};
};

// --- Connecting, welcome and back-off --------------------------------------

TEST_F(ChannelMachineTest, ConnectsAtTheFirstTickAndSaysHello) {
  EXPECT_EQ(m_.state(), State::kDisconnected);
  LinkActions tick = m_.Handle(event::Tick{});
  ASSERT_EQ(All<action::Connect>(tick).size(), 1u);
  EXPECT_EQ(m_.state(), State::kConnecting);
  EXPECT_FALSE(Has<action::Connect>(m_.Handle(event::Tick{}))) << "one attempt at a time";
  LinkActions connected = m_.Handle(event::Connected{});
  EXPECT_EQ(CountSent<proto::HelloFrame>(connected), 1u);
  EXPECT_EQ(m_.state(), State::kAwaitingWelcome);
  EXPECT_FALSE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})))
      << "nothing is sent before the welcome";
}

TEST_F(ChannelMachineTest, WelcomeDeletesOnlyWhatTheServerCommitted) {
  LinkActions w = Welcome("approved", 7);
  auto deletes = All<action::DeleteAcknowledged>(w);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0].up_to_seq, 7);
  EXPECT_FALSE(Has<action::DropBatches>(w));
  EXPECT_TRUE(Has<action::ResendResults>(w)) << "unacknowledged results go out again";
  EXPECT_TRUE(Has<action::SendNextBatch>(w));
  EXPECT_EQ(m_.state(), State::kWelcomed);
}

TEST_F(ChannelMachineTest, WelcomeOfAFreshAgentDeletesNothing) {
  LinkActions w = Welcome("approved", 0);
  EXPECT_FALSE(Has<action::DeleteAcknowledged>(w));
}

TEST_F(ChannelMachineTest, WelcomeForAnotherDeviceClosesTheConnection) {
  m_.Handle(event::Tick{});
  m_.Handle(event::Connected{});
  LinkActions w = m_.Handle(proto::WelcomeFrame{kDevice + 1, "approved", 99});
  EXPECT_TRUE(Has<action::Close>(w));
  EXPECT_FALSE(Has<action::DeleteAcknowledged>(w)) << "nothing from an impostor is believed";
  EXPECT_EQ(m_.state(), State::kDisconnected);
}

// An agent whose re-enrolment was approved as the device it claimed: the
// server moves it there with a statement signed by the pinned command key.
class RebindTest : public ::testing::Test {
 protected:
  static constexpr int64_t kEnrolledAs = 58;  // the quarantined re-enrolment
  static constexpr int64_t kClaimed = 42;     // the device it was approved as
  static constexpr int64_t kCustomer = 3;

  void SetUp() override { InitCrypto(); }

  LinkOptions Options() const {
    LinkOptions o;
    o.device_id = kEnrolledAs;
    o.customer_id = kCustomer;
    o.server_public_key_hex = keys_.public_key_hex;
    o.jitter_seed = 7;
    return o;
  }

  LinkActions WelcomeAs(int64_t device, int64_t from, const std::string& signature) {
    m_.Handle(event::Tick{});
    m_.Handle(event::Connected{});
    proto::WelcomeFrame w{device, "approved", 0};
    w.rebound_from = from;
    w.rebind_signature = signature;
    return m_.Handle(w);
  }

  std::string Sign(int64_t customer, int64_t from, int64_t to, const SigningKeyPair& keys) {
    return *proto::SignRebind({customer, from, to}, keys.secret_key_hex);
  }

  SigningKeyPair keys_ = (InitCrypto(), GenerateSigningKeyPair());
  ManualClock clock_{FromMillis(1795424400000)};
  ChannelMachine m_{Options(), clock_};
};

TEST_F(RebindTest, ASignedRebindMovesTheAgentToTheApprovedDevice) {
  LinkActions w = WelcomeAs(kClaimed, kEnrolledAs, Sign(kCustomer, kEnrolledAs, kClaimed, keys_));
  auto adopted = All<action::AdoptDevice>(w);
  ASSERT_EQ(adopted.size(), 1u);
  EXPECT_EQ(adopted[0].device_id, kClaimed);
  EXPECT_FALSE(Has<action::Close>(w));
  EXPECT_EQ(m_.state(), State::kWelcomed);
  EXPECT_EQ(m_.device_id(), kClaimed);
  // From now on a plain welcome for the new device is the normal case.
  m_.Handle(event::Disconnected{"restart"});
  clock_.Advance(std::chrono::minutes(2));
  m_.Handle(event::Tick{});
  m_.Handle(event::Connected{});
  LinkActions again = m_.Handle(proto::WelcomeFrame{kClaimed, "approved", 0});
  EXPECT_FALSE(Has<action::Close>(again));
  EXPECT_FALSE(Has<action::AdoptDevice>(again));
}

TEST_F(RebindTest, ARebindThatIsNotSignedForThisAgentIsRefused) {
  SigningKeyPair other = GenerateSigningKeyPair();
  struct Case {
    const char* what;
    int64_t from;
    std::string signature;
  };
  for (const Case& c : std::vector<Case>{
           {"another key", kEnrolledAs, Sign(kCustomer, kEnrolledAs, kClaimed, other)},
           {"another customer", kEnrolledAs, Sign(kCustomer + 1, kEnrolledAs, kClaimed, keys_)},
           {"another target", kEnrolledAs, Sign(kCustomer, kEnrolledAs, kClaimed + 1, keys_)},
           {"from another agent", kEnrolledAs + 1,
            Sign(kCustomer, kEnrolledAs + 1, kClaimed, keys_)},
           {"garbage", kEnrolledAs, "00"},
       }) {
    ChannelMachine m(Options(), clock_);
    m.Handle(event::Tick{});
    m.Handle(event::Connected{});
    proto::WelcomeFrame w{kClaimed, "approved", 0};
    w.rebound_from = c.from;
    w.rebind_signature = c.signature;
    LinkActions out = m.Handle(w);
    EXPECT_TRUE(Has<action::Close>(out)) << c.what;
    EXPECT_FALSE(Has<action::AdoptDevice>(out)) << c.what;
    EXPECT_EQ(m.device_id(), kEnrolledAs) << c.what;
  }
}

TEST_F(ChannelMachineTest, ReconnectBackOffDoublesWithJitterAndResetsOnWelcome) {
  milliseconds expected = milliseconds(500);
  for (int attempt = 0; attempt < 10; ++attempt) {
    ASSERT_TRUE(Has<action::Connect>(m_.Handle(event::Tick{}))) << attempt;
    LinkActions failed = m_.Handle(event::ConnectFailed{"refused"});
    auto retry = All<action::ScheduleRetry>(failed);
    ASSERT_EQ(retry.size(), 1u);
    milliseconds wait = std::chrono::duration_cast<milliseconds>(retry[0].at - clock_.Now());
    EXPECT_GE(wait, expected / 2) << attempt;
    EXPECT_LE(wait, expected) << attempt;
    // Not a moment before.
    clock_.Advance(wait - milliseconds(1));
    EXPECT_FALSE(Has<action::Connect>(m_.Handle(event::Tick{}))) << attempt;
    clock_.Advance(milliseconds(1));
    expected = std::min(expected * 2, milliseconds(seconds(60)));
  }
  EXPECT_EQ(m_.backoff(), seconds(60)) << "capped";
  ASSERT_TRUE(Has<action::Connect>(m_.Handle(event::Tick{})));
  m_.Handle(event::Connected{});
  EXPECT_EQ(m_.backoff(), seconds(60)) << "an upgrade alone proves nothing";
  m_.Handle(proto::WelcomeFrame{kDevice, "approved", 0});
  EXPECT_EQ(m_.backoff(), milliseconds(500));
  // A connection lost after the welcome is retried within the short back-off.
  LinkActions lost = m_.Handle(event::Disconnected{"reset"});
  auto retry = All<action::ScheduleRetry>(lost);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_LE(retry[0].at - clock_.Now(), milliseconds(500));
  EXPECT_EQ(m_.state(), State::kDisconnected);
}

TEST_F(ChannelMachineTest, AServerThatNeverWelcomesIsLeft) {
  m_.Handle(event::Tick{});
  m_.Handle(event::Connected{});
  clock_.Advance(seconds(29));
  EXPECT_FALSE(Has<action::Close>(m_.Handle(event::Tick{})));
  clock_.Advance(seconds(1));
  LinkActions late = m_.Handle(event::Tick{});
  EXPECT_TRUE(Has<action::Close>(late));
  EXPECT_TRUE(Has<action::ScheduleRetry>(late));
  EXPECT_EQ(m_.state(), State::kDisconnected);
}

TEST_F(ChannelMachineTest, PingsAfterThirtySecondsWithoutSending) {
  Welcome();
  m_.Handle(event::NoBatch{});
  clock_.Advance(seconds(29));
  EXPECT_EQ(CountSent<proto::PingFrame>(m_.Handle(event::Tick{})), 0u);
  clock_.Advance(seconds(1));
  EXPECT_EQ(CountSent<proto::PingFrame>(m_.Handle(event::Tick{})), 1u);
  EXPECT_EQ(CountSent<proto::PingFrame>(m_.Handle(event::Tick{})), 0u) << "once";
}

TEST_F(ChannelMachineTest, AWallClockSteppingBackDoesNotStallTheLink) {
  InFlight(1, 1);
  m_.Handle(proto::NackFrame{1, "failed_precondition", "awaits approval", true});
  clock_.Advance(-std::chrono::hours(2));  // NTP corrects a fast clock
  EXPECT_TRUE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})))
      << "a hold-off two hours ahead is no longer believed";
}

// --- Batches: one in flight, ack and nack ------------------------------------

TEST_F(ChannelMachineTest, OneBatchInFlightUntilItsAck) {
  InFlight(1, 3);
  EXPECT_FALSE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})));
  // An answer for another sequence is not ours.
  LinkActions stray = m_.Handle(proto::AckFrame{2});
  EXPECT_FALSE(Has<action::DeleteAcknowledged>(stray));
  EXPECT_EQ(m_.in_flight_seq(), 3);
  LinkActions ack = m_.Handle(proto::AckFrame{3});
  auto deletes = All<action::DeleteAcknowledged>(ack);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0].up_to_seq, 3);
  EXPECT_FALSE(m_.in_flight_seq());
  EXPECT_TRUE(Has<action::SendNextBatch>(ack)) << "the next batch goes at once";
}

TEST_F(ChannelMachineTest, AnEmptySpoolIsAskedAgainAtTheNextTick) {
  LinkActions w = Welcome();
  ASSERT_TRUE(Has<action::SendNextBatch>(w));
  EXPECT_FALSE(Has<action::SendNextBatch>(m_.Handle(event::Tick{}))) << "reply pending";
  EXPECT_FALSE(Has<action::SendNextBatch>(m_.Handle(event::NoBatch{})))
      << "not again before the next tick";
  EXPECT_TRUE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})));
}

TEST_F(ChannelMachineTest, QuarantineHoldsBatchesBackFifteenSeconds) {
  InFlight(1, 1);
  LinkActions nack = m_.Handle(proto::NackFrame{1, "failed_precondition", "awaits approval", true});
  EXPECT_TRUE(m_.quarantined());
  EXPECT_FALSE(Has<action::DropBatches>(nack)) << "quarantined data is kept";
  EXPECT_FALSE(Has<action::DeleteAcknowledged>(nack));
  auto retry = All<action::ScheduleRetry>(nack);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].at, clock_.Now() + seconds(15));
  EXPECT_EQ(retry[0].what, action::ScheduleRetry::What::kBatch);
  clock_.Advance(milliseconds(14999));
  EXPECT_FALSE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})));
  clock_.Advance(milliseconds(1));
  EXPECT_TRUE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})));
  m_.Handle(event::BatchSent{1, 1});
  m_.Handle(proto::AckFrame{1});
  EXPECT_FALSE(m_.quarantined()) << "an ack means approved";
}

TEST_F(ChannelMachineTest, ApprovalWhileHeldBackSendsAtOnce) {
  InFlight(1, 1);
  m_.Handle(proto::NackFrame{1, "failed_precondition", "awaits approval", true});
  LinkActions rewelcome = m_.Handle(proto::WelcomeFrame{kDevice, "approved", 0});
  EXPECT_FALSE(m_.quarantined());
  EXPECT_TRUE(Has<action::SendNextBatch>(rewelcome));
  EXPECT_FALSE(Has<action::ResendResults>(rewelcome)) << "same connection: results went already";
}

TEST_F(ChannelMachineTest, ABusyServerIsRetriedAfterTheBackOff) {
  InFlight(1, 1);
  LinkActions nack = m_.Handle(proto::NackFrame{1, "unavailable", "database busy", true});
  EXPECT_FALSE(m_.quarantined());
  auto retry = All<action::ScheduleRetry>(nack);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_GE(retry[0].at - clock_.Now(), milliseconds(250));
  EXPECT_LE(retry[0].at - clock_.Now(), milliseconds(500));
  clock_.Advance(milliseconds(500));
  EXPECT_TRUE(Has<action::SendNextBatch>(m_.Handle(event::Tick{})));
}

TEST_F(ChannelMachineTest, AConflictReconnectsToResynchronise) {
  InFlight(3, 5);
  LinkActions nack = m_.Handle(proto::NackFrame{5, "conflict", "overlaps 4", true});
  EXPECT_TRUE(Has<action::Close>(nack));
  EXPECT_FALSE(Has<action::DropBatches>(nack));
  EXPECT_EQ(m_.state(), State::kDisconnected);
}

TEST_F(ChannelMachineTest, ARefusalForGoodDropsTheBatch) {
  InFlight(3, 5);
  LinkActions nack = m_.Handle(proto::NackFrame{5, "invalid_argument", "samples[0].ts", false});
  auto drops = All<action::DropBatches>(nack);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].up_to_seq, 5);
  EXPECT_EQ(drops[0].reason, DropReason::kRefused);
  EXPECT_TRUE(Has<action::SendNextBatch>(nack)) << "and moves on";
}

// Issue 12, bug 3: a server that cannot parse a batch answers nack {seq:0}
// and nothing else. The batch stayed in flight for good: nothing more was
// sent on that connection, and the same rows went out again after each
// reconnect.
TEST_F(ChannelMachineTest, Regression_Issue12_AnUnparsableBatchDoesNotStallTheLink) {
  InFlight(4, 6);
  LinkActions nack = m_.Handle(proto::NackFrame{0, "invalid_argument", "zone: unknown field"});
  EXPECT_EQ(CountSent<proto::PingFrame>(nack), 1u) << "a ping settles whose answer it was";
  EXPECT_FALSE(Has<action::DropBatches>(nack)) << "not yet: it may be another frame's";
  LinkActions pong = m_.Handle(proto::PongFrame{});
  auto drops = All<action::DropBatches>(pong);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].up_to_seq, 6);
  EXPECT_EQ(drops[0].reason, DropReason::kUnparsable);
  EXPECT_FALSE(m_.in_flight_seq());
  EXPECT_TRUE(Has<action::SendNextBatch>(pong)) << "and the link moves on";
}

TEST_F(ChannelMachineTest, ANackZeroForAnotherFrameDropsNothing) {
  InFlight(4, 6);
  m_.Handle(proto::NackFrame{0, "invalid_argument", "bad output frame"});
  // The batch's own answer comes before the pong: the nack was not its.
  LinkActions ack = m_.Handle(proto::AckFrame{6});
  EXPECT_TRUE(Has<action::DeleteAcknowledged>(ack));
  m_.Handle(event::BatchSent{7, 7});
  LinkActions pong = m_.Handle(proto::PongFrame{});
  EXPECT_FALSE(Has<action::DropBatches>(pong));
  EXPECT_EQ(m_.in_flight_seq(), 7) << "the next batch is untouched";
}

TEST_F(ChannelMachineTest, OnlyThePongOfTheProbingPingSettlesIt) {
  Welcome();
  m_.Handle(event::NoBatch{});
  clock_.Advance(seconds(30));
  LinkActions keepalive = m_.Handle(event::Tick{});  // ping 1, its pong not yet back
  ASSERT_EQ(CountSent<proto::PingFrame>(keepalive), 1u);
  ASSERT_TRUE(Has<action::SendNextBatch>(keepalive));
  m_.Handle(event::BatchSent{1, 2});
  m_.Handle(proto::NackFrame{0, "invalid_argument", "unparsable"});  // ping 2
  EXPECT_FALSE(Has<action::DropBatches>(m_.Handle(proto::PongFrame{})))
      << "pong 1 answers the keep-alive sent before the batch";
  EXPECT_TRUE(Has<action::DropBatches>(m_.Handle(proto::PongFrame{})));
}

TEST_F(ChannelMachineTest, ABatchTheServerNamesUnparsableIsDroppedAtOnce) {
  InFlight(4, 6);
  LinkActions nack = m_.Handle(proto::NackFrame{6, "unparsable", "zone: unknown field", false});
  auto drops = All<action::DropBatches>(nack);
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].up_to_seq, 6);
  EXPECT_EQ(drops[0].reason, DropReason::kUnparsable);
  EXPECT_EQ(CountSent<proto::PingFrame>(nack), 0u);
}

TEST_F(ChannelMachineTest, ALostConnectionForgetsTheBatchInFlight) {
  InFlight(1, 2);
  m_.Handle(event::Disconnected{"reset"});
  EXPECT_FALSE(m_.in_flight_seq()) << "the spool still has it; the next welcome decides";
  clock_.Advance(seconds(1));
  ASSERT_TRUE(Has<action::Connect>(m_.Handle(event::Tick{})));
  m_.Handle(event::Connected{});
  LinkActions w = m_.Handle(proto::WelcomeFrame{kDevice, "approved", 2});
  auto deletes = All<action::DeleteAcknowledged>(w);
  ASSERT_EQ(deletes.size(), 1u) << "committed before the connection dropped";
  EXPECT_EQ(deletes[0].up_to_seq, 2);
}

// --- Commands ------------------------------------------------------------------

TEST_F(ChannelMachineTest, AVerifiedCommandRunsAndItsResultIsSavedThenSent) {
  Welcome();
  LinkActions accepted = Accept(17);
  auto run = All<action::RunCommand>(accepted);
  ASSERT_EQ(run.size(), 1u);
  EXPECT_EQ(run[0].envelope.command_id, 17);
  // Re-delivered while it runs (a ping, a reconnect): not checked again.
  EXPECT_FALSE(Has<action::CheckCommand>(m_.Handle(proto::CommandFrame{17, "{}", "sig"})));

  proto::CommandResultFrame r;
  r.command_id = 17;
  r.status = "completed";
  r.stdout_text = "hi\n";
  LinkActions finished = m_.Handle(event::CommandFinished{r});
  ASSERT_FALSE(finished.empty());
  ASSERT_TRUE(std::holds_alternative<action::SaveResult>(finished[0])) << "saved before sent";
  EXPECT_EQ(CountSent<proto::CommandResultFrame>(finished), 1u);
  auto acked = All<action::ForgetResult>(m_.Handle(proto::ResultAckFrame{17}));
  ASSERT_EQ(acked.size(), 1u);
  EXPECT_EQ(acked[0].command_id, 17);
}

TEST_F(ChannelMachineTest, AResultOfADisconnectedAgentIsOnlySaved) {
  Welcome();
  Accept(17);
  m_.Handle(event::Disconnected{"reset"});
  proto::CommandResultFrame r;
  r.command_id = 17;
  r.status = "completed";
  LinkActions finished = m_.Handle(event::CommandFinished{r});
  EXPECT_TRUE(Has<action::SaveResult>(finished));
  EXPECT_EQ(CountSent<proto::CommandResultFrame>(finished), 0u);
}

TEST_F(ChannelMachineTest, AStoredResultIsResentAndNothingRuns) {
  Welcome();
  m_.Handle(proto::CommandFrame{17, "{}", "sig"});
  std::string stored = proto::EncodeCommandResult({17, "completed", "", 0, "done\n", ""});
  LinkActions checked = m_.Handle(event::CommandChecked{17, stored, {}});
  EXPECT_FALSE(Has<action::RunCommand>(checked));
  auto sent = All<action::Send>(checked);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].text, stored);
}

TEST_F(ChannelMachineTest, RefusalsAreReportedAndNothingRuns) {
  Welcome();
  m_.Handle(proto::CommandFrame{5, "{}", "sig"});
  proto::VerifyOutcome bad;
  bad.refusal = proto::Refusal::kBadSignature;
  bad.detail = "signature does not verify";
  LinkActions checked = m_.Handle(event::CommandChecked{5, std::nullopt, bad});
  EXPECT_FALSE(Has<action::RunCommand>(checked));
  auto sent = Sent(checked);
  ASSERT_EQ(sent.size(), 1u);
  const auto& r = std::get<proto::CommandResultFrame>(sent[0]);
  EXPECT_EQ(r.status, "refused");
  EXPECT_EQ(r.refusal, "bad_signature");

  // The envelope must name the command the frame names.
  m_.Handle(proto::CommandFrame{6, "{}", "sig"});
  LinkActions swapped = m_.Handle(event::CommandChecked{6, std::nullopt, Verified(99)});
  EXPECT_FALSE(Has<action::RunCommand>(swapped));
  EXPECT_EQ(std::get<proto::CommandResultFrame>(Sent(swapped).at(0)).refusal, "malformed");
}

TEST(ChannelMachineOptionsTest, NoCommandsRefusesEvenAValidCommand) {
  ManualClock clock(FromMillis(1795424400000));
  LinkOptions o;
  o.device_id = 1;
  o.allow_commands = false;
  ChannelMachine m(o, clock);
  m.Handle(event::Tick{});
  m.Handle(event::Connected{});
  m.Handle(proto::WelcomeFrame{1, "approved", 0});
  m.Handle(proto::CommandFrame{3, "{}", "sig"});
  proto::VerifyOutcome ok;
  ok.envelope.command_id = 3;
  ok.envelope.expires_at = clock.Now() + std::chrono::minutes(15);
  LinkActions checked = m.Handle(event::CommandChecked{3, std::nullopt, ok});
  EXPECT_FALSE(Has<action::RunCommand>(checked));
  auto results = All<action::SaveResult>(checked);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(results[0].frame.find("commands_disabled"), std::string::npos);
}

TEST_F(ChannelMachineTest, CommandsBeyondTheRunningLimitQueueAndStartInOrder) {
  Welcome();
  EXPECT_TRUE(Has<action::RunCommand>(Accept(1)));
  EXPECT_TRUE(Has<action::RunCommand>(Accept(2)));
  EXPECT_FALSE(Has<action::RunCommand>(Accept(3))) << "two run at once";
  EXPECT_FALSE(Has<action::RunCommand>(Accept(4)));
  EXPECT_EQ(m_.commands().running(), 2u);
  EXPECT_EQ(m_.commands().queued(), 2u);
  // Full: a fifth is not even checked, so its nonce is not spent; the
  // server offers it again at the next ping.
  EXPECT_FALSE(Has<action::CheckCommand>(m_.Handle(proto::CommandFrame{5, "{}", "sig"})));
  EXPECT_FALSE(Has<action::CheckCommand>(m_.Handle(proto::CommandFrame{3, "{}", "sig"})))
      << "a queued command is known";

  LinkActions done = m_.Handle(event::CommandFinished{{1, "completed", "", 0, "", ""}});
  auto started = All<action::RunCommand>(done);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].envelope.command_id, 3) << "oldest first";
  EXPECT_TRUE(Has<action::CheckCommand>(m_.Handle(proto::CommandFrame{5, "{}", "sig"})))
      << "room again";
}

TEST_F(ChannelMachineTest, AQueuedCommandThatExpiredWhileWaitingIsRefused) {
  Welcome();
  Accept(1);
  Accept(2);
  Accept(3, seconds(60));
  clock_.Advance(seconds(61));
  LinkActions done = m_.Handle(event::CommandFinished{{1, "completed", "", 0, "", ""}});
  EXPECT_FALSE(Has<action::RunCommand>(done));
  auto sent = Sent(done);
  bool refused = false;
  for (const auto& f : sent) {
    if (const auto* r = std::get_if<proto::CommandResultFrame>(&f)) {
      if (r->command_id == 3) refused = r->status == "refused" && r->refusal == "expired";
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(m_.commands().queued(), 0u);
}

TEST_F(ChannelMachineTest, AnAcceptedCommandIsRecordedBeforeItRunsOrQueues) {
  Welcome();
  for (int64_t id : {1, 2, 3}) {
    LinkActions accepted = Accept(id);
    ASSERT_FALSE(accepted.empty());
    auto* recorded = std::get_if<action::RecordAccepted>(&accepted[0]);
    ASSERT_NE(recorded, nullptr) << "first, before RunCommand: command " << id;
    EXPECT_EQ(recorded->command_id, id);
  }
  EXPECT_EQ(m_.commands().queued(), 1u) << "command 3 queued, and recorded too";
  // A refused command was never accepted.
  m_.Handle(proto::CommandFrame{9, "{}", "sig"});
  proto::VerifyOutcome replayed;
  replayed.refusal = proto::Refusal::kReplayed;
  EXPECT_FALSE(
      Has<action::RecordAccepted>(m_.Handle(event::CommandChecked{9, std::nullopt, replayed})));
}

// Issue 12, bug 2: a command the agent accepted and could not finish (it was
// killed, crashed or restarted) is reported failed by the next run, which
// finds it in the spool, instead of hanging on the server for ever.
TEST_F(ChannelMachineTest, Regression_Issue12_ACommandInterruptedByARestartIsReportedFailed) {
  LinkActions started = m_.Handle(event::Started{{17, 18}});
  auto saved = All<action::SaveResult>(started);
  ASSERT_EQ(saved.size(), 2u);
  EXPECT_EQ(CountSent<proto::CommandResultFrame>(started), 0u) << "not connected yet";
  auto parsed = proto::ParseAgentFrame(saved[0].frame);
  ASSERT_TRUE(parsed.ok()) << saved[0].frame;
  const auto& r = std::get<proto::CommandResultFrame>(*parsed);
  EXPECT_EQ(r.command_id, 17);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_NE(r.stderr_text.find("stopped"), std::string::npos);
  // They go out with the other unacknowledged results once welcomed.
  EXPECT_TRUE(Has<action::Connect>(started)) << "starting is the first tick";
  m_.Handle(event::Connected{});
  EXPECT_TRUE(Has<action::ResendResults>(m_.Handle(proto::WelcomeFrame{kDevice, "approved", 0})));
}

TEST_F(ChannelMachineTest, OutputIsSentOnlyWhileWelcomed) {
  Welcome();
  Accept(1);
  EXPECT_EQ(CountSent<proto::CommandOutputFrame>(
                m_.Handle(event::CommandOutput{{1, false, "partial\n"}})),
            1u);
  m_.Handle(event::Disconnected{"reset"});
  EXPECT_EQ(
      CountSent<proto::CommandOutputFrame>(m_.Handle(event::CommandOutput{{1, false, "more\n"}})),
      0u);
}

}  // namespace
}  // namespace steward::agent
