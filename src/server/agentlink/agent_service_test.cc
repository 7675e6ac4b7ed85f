// AgentService over a real database (SQLite and PostgreSQL): enrolment tokens
// (expiry, use limit, revocation), quarantine, exactly-once batches, inventory
// into the CMDB, signed commands that verify with the published key, and
// revocation cutting the credential off.
#include "server/agentlink/agent_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "proto/command_envelope.h"
#include "proto/device_rebind.h"
#include "server/cmdb/cmdb_service.h"
#include "server/monitoring/monitoring_service.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::agentlink {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using steward::testing::Backend;

class AgentServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    auto db = storage::OpenDatabase(steward::testing::NewTestDatabaseUrl(GetParam()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    cmdb_ = std::make_unique<cmdb::CmdbService>(*db_, clock_, ::testing::TempDir());
    monitoring_ = std::make_unique<monitoring::MonitoringService>(*db_, clock_);
    keys_ = GenerateSigningKeyPair();
    service_ = std::make_unique<AgentService>(*db_, clock_, *cmdb_, *monitoring_,
                                              CommandKeys{keys_.secret_key_hex, ""});
    acme_ = MakeCustomer("Acme");
    globex_ = MakeCustomer("Globex");
  }

  int64_t MakeCustomer(const std::string& name) {
    auto c = cmdb_->CreateCustomer(Staff(), {{"name", name}});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? (*c)["id"].get<int64_t>() : 0;
  }

  accounts::Actor Staff() { return {system_, "127.0.0.1"}; }

  std::string Token(int64_t customer, bool auto_approve, int max_uses = 1) {
    auto t = service_->CreateEnrollmentToken(
        Staff(),
        {{"customer_id", customer}, {"auto_approve", auto_approve}, {"max_uses", max_uses}});
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? (*t)["token"].get<std::string>() : "";
  }

  Result<Json> Enroll(const std::string& token, const std::string& machine = "machine-0001") {
    return service_->Enroll({{"token", token},
                             {"hostname", "web01"},
                             {"machine_id", machine},
                             {"agent_version", "0.1.0"}},
                            "10.0.0.5");
  }

  proto::BatchFrame Batch(int64_t seq, double cpu) {
    proto::BatchFrame b;
    b.seq = seq;
    b.samples.push_back({"cpu.used_percent", ToMillis(clock_.Now()), cpu, {}});
    return b;
  }

  int64_t SampleCount(int64_t device) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row r, c.QueryOne("SELECT COALESCE(SUM(sample_count), 0) AS n"
                                                    " FROM metric_batches WHERE device_id = ?",
                                                    {device}));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  // An approved agent with remote commands enabled.
  AgentSession EnabledAgent() {
    auto e = Enroll(Token(acme_, true));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    int64_t device = e.ok() ? (*e)["device_id"].get<int64_t>() : 0;
    EXPECT_TRUE(service_->UpdateAgent(Staff(), device, {{"commands_enabled", true}}).ok());
    auto session = service_->Refresh(device);
    EXPECT_TRUE(session.ok());
    return session.ok() ? *session : AgentSession{};
  }

  int64_t NewCommand(int64_t device, int timeout_seconds, int expires_in_seconds) {
    auto c = service_->CreateCommand(Staff(), device,
                                     {{"script", "sleep 1; echo done"},
                                      {"timeout_seconds", timeout_seconds},
                                      {"expires_in_seconds", expires_in_seconds}});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? (*c)["id"].get<int64_t>() : 0;
  }

  // What a hello or a ping hands the agent.
  std::vector<proto::CommandFrame> Deliver(const AgentSession& session) {
    auto frames = service_->TakePendingCommands(session);
    EXPECT_TRUE(frames.ok()) << frames.status().ToString();
    return frames.ok() ? *frames : std::vector<proto::CommandFrame>{};
  }

  std::string CommandStatus(int64_t id) {
    auto c = service_->GetCommand(system_, id);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? (*c)["status"].get<std::string>() : "";
  }

  ManualClock clock_{FromMillis(1795424400000)};  // 2026-11-23T09:00:00Z
  accounts::Principal system_ = accounts::Principal::System("test");
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<cmdb::CmdbService> cmdb_;
  std::unique_ptr<monitoring::MonitoringService> monitoring_;
  std::unique_ptr<AgentService> service_;
  SigningKeyPair keys_;
  int64_t acme_ = 0;
  int64_t globex_ = 0;
};

TEST_P(AgentServiceTest, TokensExpireRunOutAndCanBeRevoked) {
  std::string once = Token(acme_, true, 1);
  auto first = Enroll(once);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = Enroll(once, "machine-0002");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kUnauthenticated);

  std::string later = Token(acme_, true, 5);
  clock_.Advance(hours(24));
  EXPECT_EQ(Enroll(later, "machine-0003").status().code(), StatusCode::kUnauthenticated);

  auto t = service_->CreateEnrollmentToken(Staff(), {{"customer_id", acme_}, {"max_uses", 5}});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(service_->RevokeEnrollmentToken(Staff(), (*t)["id"].get<int64_t>()).ok());
  EXPECT_EQ(Enroll((*t)["token"].get<std::string>(), "machine-0004").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Enroll("stw_enr_guess", "machine-0005").status().code(), StatusCode::kUnauthenticated);

  auto bad = service_->CreateEnrollmentToken(Staff(), {{"customer_id", 999999}});
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  auto bad_uses =
      service_->CreateEnrollmentToken(Staff(), {{"customer_id", acme_}, {"max_uses", 0}});
  EXPECT_EQ(bad_uses.status().field(), "max_uses");
}

TEST_P(AgentServiceTest, EnrolmentCreatesTheDeviceCiInQuarantine) {
  auto e = Enroll(Token(acme_, false));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ((*e)["status"], "quarantined");
  EXPECT_EQ((*e)["customer_id"], acme_);
  EXPECT_EQ((*e)["command_public_key"], keys_.public_key_hex);
  int64_t device = (*e)["device_id"].get<int64_t>();
  auto ci = cmdb_->GetCi(system_, device);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ((*ci)["name"], "web01");
  EXPECT_EQ((*ci)["kind"], "server");

  auto session = service_->Authenticate((*e)["credential"].get<std::string>(), "10.0.0.5");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->device_id, device);
  // Quarantined: data is refused but kept by the agent (retry), nothing stored.
  auto reply = service_->HandleBatch(*session, Batch(1, 10));
  ASSERT_TRUE(std::holds_alternative<proto::NackFrame>(reply));
  EXPECT_TRUE(std::get<proto::NackFrame>(reply).retry);
  EXPECT_EQ(SampleCount(device), 0);

  ASSERT_TRUE(service_->ApproveAgent(Staff(), device).ok());
  reply = service_->HandleBatch(*session, Batch(1, 10));
  EXPECT_TRUE(std::holds_alternative<proto::AckFrame>(reply));
  EXPECT_EQ(SampleCount(device), 1);
}

TEST_P(AgentServiceTest, BatchesAreStoredExactlyOnce) {
  auto e = Enroll(Token(acme_, true));
  ASSERT_TRUE(e.ok());
  auto session = service_->Authenticate((*e)["credential"].get<std::string>(), "");
  ASSERT_TRUE(session.ok());
  int64_t device = session->device_id;
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(1, 5))));
  clock_.Advance(minutes(1));
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(2, 6))));
  // The ack of 2 was lost: the agent sends it again — acknowledged, not stored.
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(2, 6))));
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(1, 5))));
  EXPECT_EQ(SampleCount(device), 2);
  // A frame overlapping committed rows is refused, not half-stored.
  proto::BatchFrame overlap = Batch(5, 7);
  overlap.first_seq = 2;
  auto reply = service_->HandleBatch(*session, overlap);
  ASSERT_TRUE(std::holds_alternative<proto::NackFrame>(reply));
  EXPECT_EQ(SampleCount(device), 2);
  // Invalid samples: refused for good (no retry), nothing stored, seq unchanged.
  proto::BatchFrame future = Batch(3, 1);
  future.samples[0].ts_ms = ToMillis(clock_.Now() + hours(2));
  reply = service_->HandleBatch(*session, future);
  ASSERT_TRUE(std::holds_alternative<proto::NackFrame>(reply));
  EXPECT_FALSE(std::get<proto::NackFrame>(reply).retry);
  EXPECT_EQ(SampleCount(device), 2);
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(3, 8))));
  EXPECT_EQ(SampleCount(device), 3);
}

TEST_P(AgentServiceTest, InventoryUpdatesTheCiAndItsHistory) {
  auto e = Enroll(Token(acme_, true));
  ASSERT_TRUE(e.ok());
  auto session = service_->Authenticate((*e)["credential"].get<std::string>(), "");
  ASSERT_TRUE(session.ok());
  proto::BatchFrame b = Batch(1, 3);
  b.inventory = Json{{"hostname", "web01"},
                     {"os", "Debian GNU/Linux 12 (bookworm)"},
                     {"os_version", "12"},
                     {"serial_number", "SN-<script>1"},
                     {"manufacturer", "Dell Inc."},
                     {"cpu_cores", 8},
                     {"packages", Json::array({{{"name", "openssl"}, {"version", "3.0.11"}}})}};
  ASSERT_TRUE(std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, b)));
  auto ci = cmdb_->GetCi(system_, session->device_id);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ((*ci)["os_name"], "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ((*ci)["make"], "Dell Inc.");
  EXPECT_EQ((*ci)["serial_number"], "SN-<script>1");  // stored as text; the UI escapes it
  EXPECT_EQ((*ci)["installed_software"][0]["name"], "openssl");
  EXPECT_EQ((*ci)["hardware"]["cpu_cores"], 8);
  auto history = cmdb_->CiHistory(system_, session->device_id);
  ASSERT_TRUE(history.ok());
  bool os_recorded = false;
  for (const Json& h : (*history)["history"]) os_recorded |= h["field"] == "os_name";
  EXPECT_TRUE(os_recorded);
}

TEST_P(AgentServiceTest, CommandsAreSignedForTheDeviceAndOnlyWhenEnabled) {
  auto e = Enroll(Token(acme_, true));
  ASSERT_TRUE(e.ok());
  auto session = service_->Authenticate((*e)["credential"].get<std::string>(), "");
  ASSERT_TRUE(session.ok());
  int64_t device = session->device_id;
  auto refused = service_->CreateCommand(Staff(), device, {{"script", "uptime"}});
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->UpdateAgent(Staff(), device, {{"commands_enabled", true}}).ok());
  auto cmd =
      service_->CreateCommand(Staff(), device, {{"script", "echo \"$1\""}, {"args", {"hi"}}});
  ASSERT_TRUE(cmd.ok()) << cmd.status().ToString();
  EXPECT_EQ((*cmd)["status"], "pending");

  auto refreshed = service_->Refresh(device);
  ASSERT_TRUE(refreshed.ok());
  auto pending = service_->TakePendingCommands(*refreshed);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  proto::AgentIdentity me{device, acme_, service_->command_public_key()};
  auto verdict = proto::VerifyCommand({(*pending)[0].envelope, (*pending)[0].signature}, me,
                                      clock_.Now(), [](std::string_view) { return false; });
  EXPECT_EQ(verdict.refusal, proto::Refusal::kNone) << verdict.detail;
  EXPECT_EQ(verdict.envelope.args, std::vector<std::string>{"hi"});
  // Another device of another tenant would refuse it.
  proto::AgentIdentity other{device + 1, globex_, service_->command_public_key()};
  EXPECT_EQ(proto::VerifyCommand({(*pending)[0].envelope, (*pending)[0].signature}, other,
                                 clock_.Now(), [](std::string_view) { return false; })
                .refusal,
            proto::Refusal::kWrongDevice);

  proto::CommandResultFrame result;
  result.command_id = (*pending)[0].command_id;
  result.status = "completed";
  result.stdout_text = "hi\n";
  ASSERT_TRUE(service_->RecordCommandResult(*refreshed, result).ok());
  auto stored = service_->GetCommand(system_, result.command_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)["status"], "completed");
  EXPECT_EQ((*stored)["stdout"], "hi\n");
  EXPECT_EQ((*stored)["exit_code"], 0);
  // A customer's portal user sees no other customer's commands.
  accounts::Principal portal = system_;
  portal.customer_id = globex_;
  EXPECT_EQ(service_->GetCommand(portal, result.command_id).status().code(), StatusCode::kNotFound);
}

// Issue 12, bug 1: a command stays `delivered` until its first output. A
// silent command that runs past its validity window (timeout 3600 s, window
// 900 s) was marked `expired` by the next ping and its real result ignored.
TEST_P(AgentServiceTest, Regression_Issue12_ALongSilentCommandKeepsItsResult) {
  AgentSession session = EnabledAgent();
  int64_t id = NewCommand(session.device_id, 3600, 900);
  ASSERT_EQ(Deliver(session).size(), 1u);
  clock_.Advance(minutes(20));  // past expires_at, well within the timeout
  (void)Deliver(session);       // the agent pings while the script runs
  EXPECT_EQ(CommandStatus(id), "delivered");

  proto::CommandResultFrame result;
  result.command_id = id;
  result.status = "completed";
  result.stdout_text = "backup done\n";
  ASSERT_TRUE(service_->RecordCommandResult(session, result).ok());
  auto stored = service_->GetCommand(system_, id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)["status"], "completed");
  EXPECT_EQ((*stored)["stdout"], "backup done\n");
}

// Issue 14 item 7: an "install_updates" action goes out signed like a
// script; the agent verifies it and gets the action, not a script; its
// result per package is kept for the packages the action asked for only.
TEST_P(AgentServiceTest, AnUpdateActionIsSignedAndItsPackageResultsAreKept) {
  AgentSession session = EnabledAgent();
  proto::CommandAction action;
  action.packages = {{"openssl", "3.0.15-1~deb12u1"}, {"nginx", "1.22.1-9+deb12u1"}};
  action.reboot = proto::RebootPolicy::kIfRequired;
  auto queued = service_->QueueAction(Staff(), session.device_id, action,
                                      clock_.Now() + std::chrono::hours(2), 1800);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  auto frames = Deliver(session);
  ASSERT_EQ(frames.size(), 1u);
  proto::AgentIdentity me{session.device_id, session.customer_id, service_->command_public_key()};
  auto verdict = proto::VerifyCommand({frames[0].envelope, frames[0].signature}, me, clock_.Now(),
                                      [](std::string_view) { return false; });
  ASSERT_EQ(verdict.refusal, proto::Refusal::kNone) << verdict.detail;
  ASSERT_TRUE(verdict.envelope.action.has_value());
  EXPECT_EQ(verdict.envelope.action->packages, action.packages);
  EXPECT_TRUE(verdict.envelope.script.empty());
  EXPECT_EQ(verdict.envelope.expires_at, clock_.Now() + std::chrono::hours(2));

  proto::CommandResultFrame result;
  result.command_id = *queued;
  result.status = "completed";
  result.packages = std::vector<proto::PackageOutcome>{
      {"openssl", "installed", "3.0.15-1~deb12u1", "installed", 0, "", ""},
      {"nginx", "failed", "1.22.1-9", "half-configured", 3, "postinst failed", ""},
      {"bash", "installed", "5.2", "installed", 0, "", ""}};  // never asked for
  result.reboot_required = true;
  ASSERT_TRUE(service_->RecordCommandResult(session, result).ok());
  auto stored = service_->GetCommand(system_, *queued);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ((*stored)["status"], "completed");
  EXPECT_EQ((*stored)["action"]["kind"], "install_updates");
  EXPECT_EQ((*stored)["reboot_required"], true);
  const Json packages = (*stored)["packages"];
  ASSERT_EQ(packages.size(), 2u) << packages.dump();
  EXPECT_EQ(packages[0]["name"], "openssl");
  EXPECT_EQ(packages[0]["outcome"], "installed");
  EXPECT_TRUE(packages[0]["exit_code"].is_null());
  EXPECT_EQ(packages[1]["name"], "nginx");
  EXPECT_EQ(packages[1]["exit_code"], 3);
  EXPECT_EQ(packages[1]["log_tail"], "postinst failed");

  // A script's result cannot carry package results.
  const int64_t script = NewCommand(session.device_id, 60, 900);
  ASSERT_EQ(Deliver(session).size(), 1u);
  proto::CommandResultFrame forged;
  forged.command_id = script;
  forged.status = "completed";
  forged.packages =
      std::vector<proto::PackageOutcome>{{"openssl", "installed", "9", "installed", 0, "", ""}};
  ASSERT_TRUE(service_->RecordCommandResult(session, forged).ok());
  auto plain = service_->GetCommand(system_, script);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->contains("packages"));
  // Commands disabled: no action goes out either.
  auto other = service_->QueueAction(Staff(), session.device_id + 999, action,
                                     clock_.Now() + std::chrono::hours(1), 600);
  EXPECT_EQ(other.status().code(), StatusCode::kNotFound);
}

TEST_P(AgentServiceTest, ACommandNeverDeliveredExpiresWithItsWindow) {
  AgentSession session = EnabledAgent();
  int64_t id = NewCommand(session.device_id, 60, 900);
  clock_.Advance(minutes(16));
  EXPECT_TRUE(Deliver(session).empty());
  EXPECT_EQ(CommandStatus(id), "expired");
}

// Issue 12, bug 2: a command whose agent restarted mid-run never finished on
// the server. Once its window and its timeout have passed (plus a grace for
// clocks and transfer), nothing can still be running it: the server gives up
// with a reason — and a late result from the agent still wins.
TEST_P(AgentServiceTest, Regression_Issue12_ACommandWithoutResultExpiresAfterItsTimeout) {
  AgentSession session = EnabledAgent();
  int64_t silent = NewCommand(session.device_id, 60, 900);
  int64_t talking = NewCommand(session.device_id, 60, 900);
  ASSERT_EQ(Deliver(session).size(), 2u);
  ASSERT_TRUE(service_->AppendCommandOutput(session, {talking, false, "step 1\n"}).ok());
  ASSERT_EQ(CommandStatus(talking), "running");

  // 900 s window + 60 s timeout + the grace, less a second: still waiting.
  clock_.Advance(std::chrono::seconds(900 + 60) + kCommandResultGrace - std::chrono::seconds(1));
  (void)Deliver(session);
  EXPECT_EQ(CommandStatus(silent), "delivered");
  EXPECT_EQ(CommandStatus(talking), "running");

  clock_.Advance(std::chrono::seconds(2));
  (void)Deliver(session);
  for (int64_t id : {silent, talking}) {
    auto c = service_->GetCommand(system_, id);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ((*c)["status"], "expired") << id;
    EXPECT_NE((*c)["stderr"].get<std::string>().find("no result from the agent"), std::string::npos)
        << (*c).dump();
    EXPECT_FALSE((*c)["completed_at"].is_null());
  }
  auto talked = service_->GetCommand(system_, talking);
  EXPECT_EQ((*talked)["stdout"], "step 1\n") << "the output so far is kept";

  // The agent comes back with the real outcome: it replaces the guess.
  proto::CommandResultFrame late;
  late.command_id = silent;
  late.status = "failed";
  late.exit_code = -1;
  late.stderr_text = "steward-agent stopped while the command was running";
  ASSERT_TRUE(service_->RecordCommandResult(session, late).ok());
  EXPECT_EQ(CommandStatus(silent), "failed");
}

TEST_P(AgentServiceTest, TheJobExpiresCommandsOfAgentsThatNeverComeBack) {
  AgentSession session = EnabledAgent();
  int64_t id = NewCommand(session.device_id, 60, 900);
  ASSERT_EQ(Deliver(session).size(), 1u);
  clock_.Advance(std::chrono::seconds(900 + 60) + kCommandResultGrace);
  auto expired = service_->ExpireOverdueCommands();
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  EXPECT_EQ(*expired, 1);
  EXPECT_EQ(CommandStatus(id), "expired");
  // A command another device never received stays as it was.
  EXPECT_EQ(*service_->ExpireOverdueCommands(), 0);
}

TEST_P(AgentServiceTest, GroupCommandsSignOnePerEnabledDeviceAndSkipTheRest) {
  auto a = Enroll(Token(acme_, true), "machine-000a");
  auto b = Enroll(Token(acme_, true), "machine-000b");
  ASSERT_TRUE(a.ok() && b.ok());
  int64_t da = (*a)["device_id"].get<int64_t>(), db = (*b)["device_id"].get<int64_t>();
  ASSERT_TRUE(service_->UpdateAgent(Staff(), da, {{"commands_enabled", true}}).ok());
  int64_t group = 0;
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row g, c.QueryOne("INSERT INTO device_groups (customer_id, name,"
                                                  " created_at) VALUES (?, 'web', 0) RETURNING id",
                                                  {acme_}));
                   group = g.Int("id");
                   for (int64_t d : {da, db}) {
                     STEWARD_RETURN_IF_ERROR(
                         c.Execute("INSERT INTO device_group_members (group_id, device_id)"
                                   " VALUES (?, ?)",
                                   {group, d})
                             .status());
                   }
                   return Status::Ok();
                 })
                  .ok());
  auto out = service_->CreateGroupCommand(Staff(), group, {{"script", "uptime"}});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ((*out)["commands"].size(), 1u);
  EXPECT_EQ((*out)["commands"][0]["device_id"], da);
  ASSERT_EQ((*out)["skipped"].size(), 1u);
  EXPECT_EQ((*out)["skipped"][0]["device_id"], db);
  accounts::Principal portal = system_;
  portal.customer_id = globex_;
  accounts::Actor foreign{portal, ""};
  EXPECT_EQ(service_->CreateGroupCommand(foreign, group, {{"script", "uptime"}}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(AgentServiceTest, RevokedAgentsAreCutOff) {
  struct Recorder : ChannelControl {
    std::vector<int64_t> cut;
    void Disconnect(int64_t id) override { cut.push_back(id); }
    void CommandsReady(int64_t) override {}
    void Approved(int64_t) override {}
  } recorder;
  service_->set_channel_control(&recorder);
  auto e = Enroll(Token(acme_, true));
  ASSERT_TRUE(e.ok());
  std::string credential = (*e)["credential"].get<std::string>();
  auto session = service_->Authenticate(credential, "");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(service_->RevokeAgent(Staff(), session->device_id).ok());
  EXPECT_EQ(recorder.cut, std::vector<int64_t>{session->device_id});
  EXPECT_EQ(service_->Authenticate(credential, "").status().code(), StatusCode::kUnauthenticated);
  auto reply = service_->HandleBatch(*session, Batch(1, 1));
  ASSERT_TRUE(std::holds_alternative<proto::NackFrame>(reply));
  EXPECT_EQ(SampleCount(session->device_id), 0);
}

// What the channel hub hears from the service.
struct RecordingControl : ChannelControl {
  std::vector<int64_t> cut;
  std::vector<int64_t> approved;
  void Disconnect(int64_t id) override { cut.push_back(id); }
  void CommandsReady(int64_t) override {}
  void Approved(int64_t id) override { approved.push_back(id); }
};

TEST_P(AgentServiceTest, DataTheAgentGaveUpOnRaisesAWarningOncePerLoss) {
  auto e = Enroll(Token(acme_, true));
  ASSERT_TRUE(e.ok());
  auto session = service_->Authenticate((*e)["credential"].get<std::string>(), "");
  ASSERT_TRUE(session.ok());
  int64_t device = session->device_id;
  auto with_drops = [&](int64_t seq, double overflow_total) {
    proto::BatchFrame b = Batch(seq, 10);
    b.samples.push_back({"agent.spool_dropped",
                         ToMillis(clock_.Now()),
                         overflow_total,
                         {{"reason", "overflow"}},
                         1});
    return b;
  };
  auto alerts = [&]() {
    monitoring::AlertQuery q;
    q.device_id = device;
    auto a = monitoring_->ListAlerts(system_, q);
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : std::vector<monitoring::Alert>();
  };
  auto ack = [&](const proto::ServerFrame& f) {
    EXPECT_TRUE(std::holds_alternative<proto::AckFrame>(f));
    return std::holds_alternative<proto::AckFrame>(f) ? std::get<proto::AckFrame>(f)
                                                      : proto::AckFrame{};
  };

  // The agent was offline too long and lost 3 batches: one warning.
  EXPECT_TRUE(ack(service_->HandleBatch(*session, with_drops(1, 3))).refused.empty());
  std::vector<monitoring::Alert> a = alerts();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].condition, monitoring::Condition::kEventLog);
  EXPECT_EQ(a[0].severity, "warning");
  EXPECT_NE(a[0].message.find("gave up on 3 batches"), std::string::npos) << a[0].message;
  // Quiet for two hours: the event-log alert resolves.
  clock_.Advance(hours(2));
  ack(service_->HandleBatch(*session, Batch(2, 10)));
  ASSERT_TRUE(monitoring_->RunJobs(clock_.Now()).ok());
  ASSERT_EQ(alerts()[0].status, monitoring::AlertStatus::kResolved);
  // The same total with every later collection is not news.
  clock_.Advance(minutes(1));
  ack(service_->HandleBatch(*session, with_drops(3, 3)));
  EXPECT_EQ(alerts().size(), 1u);
  // A further loss is: a new warning.
  clock_.Advance(minutes(1));
  ack(service_->HandleBatch(*session, with_drops(4, 5)));
  a = alerts();
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].status, monitoring::AlertStatus::kOpen) << "newest first";
  EXPECT_NE(a[0].message.find("gave up on 2 batches"), std::string::npos) << a[0].message;

  // A report that is not a count is refused, named, and raises nothing.
  clock_.Advance(minutes(1));
  auto reply = ack(service_->HandleBatch(*session, with_drops(5, -2)));
  ASSERT_EQ(reply.refused.size(), 1u);
  EXPECT_EQ(reply.refused[0].index, 1);
  EXPECT_EQ(alerts().size(), 2u);
}

TEST_P(AgentServiceTest, AMachineEnrollingAgainWaitsInQuarantineAndTakesNothingOver) {
  auto genuine = Enroll(Token(acme_, true));
  ASSERT_TRUE(genuine.ok());
  int64_t device = (*genuine)["device_id"].get<int64_t>();
  std::string genuine_credential = (*genuine)["credential"].get<std::string>();

  // The impostor holds an auto-approving token and the genuine machine id.
  auto impostor = service_->Enroll({{"token", Token(acme_, true)},
                                    {"hostname", "evil"},
                                    {"machine_id", "machine-0001"},
                                    {"agent_version", "0.1.0"},
                                    {"inventory", {{"os_name", "Impostor OS"}}}},
                                   "203.0.113.9");
  ASSERT_TRUE(impostor.ok()) << impostor.status().ToString();
  EXPECT_EQ((*impostor)["status"], "quarantined");
  int64_t claimant = (*impostor)["device_id"].get<int64_t>();
  EXPECT_NE(claimant, device);

  // The genuine agent keeps its device, trust and credential.
  auto session = service_->Authenticate(genuine_credential, "10.0.0.5");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->device_id, device);
  EXPECT_EQ(session->status, "approved");
  auto claim = service_->GetAgent(system_, claimant);
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ((*claim)["claims_device_id"], device);
  // Its data waits: nothing stored, the claimed device's inventory untouched.
  auto impostor_session =
      service_->Authenticate((*impostor)["credential"].get<std::string>(), "203.0.113.9");
  ASSERT_TRUE(impostor_session.ok());
  EXPECT_TRUE(std::holds_alternative<proto::NackFrame>(
      service_->HandleBatch(*impostor_session, Batch(1, 50))));
  EXPECT_EQ(SampleCount(claimant), 0);
  auto ci = cmdb_->GetCi(system_, device);
  ASSERT_TRUE(ci.ok());
  EXPECT_NE((*ci)["os_name"], "Impostor OS");

  // The staff hear of it: a critical alert on the claimed device.
  monitoring::AlertQuery q;
  q.device_id = device;
  auto alerts = monitoring_->ListAlerts(system_, q);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].severity, "critical");
  EXPECT_NE((*alerts)[0].message.find("203.0.113.9"), std::string::npos);
}

TEST_P(AgentServiceTest, ApprovingAClaimBindsItToTheOldDeviceWithASignedRebind) {
  RecordingControl control;
  service_->set_channel_control(&control);
  auto genuine = Enroll(Token(acme_, true));
  ASSERT_TRUE(genuine.ok());
  int64_t device = (*genuine)["device_id"].get<int64_t>();
  ASSERT_TRUE(service_->UpdateAgent(Staff(), device, {{"commands_enabled", true}}).ok());
  int64_t waiting = NewCommand(device, 60, 900);
  auto again = Enroll(Token(acme_, false));  // the machine was reinstalled
  ASSERT_TRUE(again.ok());
  int64_t claimant = (*again)["device_id"].get<int64_t>();
  std::string credential = (*again)["credential"].get<std::string>();

  auto approved = service_->ApproveAgent(Staff(), claimant);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ((*approved)["device_id"], device);
  EXPECT_EQ((*approved)["status"], "approved");
  EXPECT_EQ((*approved)["commands_enabled"], false);
  EXPECT_EQ(control.cut, (std::vector<int64_t>{device, claimant}));

  // The old credential is dead; the new one speaks for the old device.
  EXPECT_EQ(service_->Authenticate((*genuine)["credential"].get<std::string>(), "").status().code(),
            StatusCode::kUnauthenticated);
  auto session = service_->Authenticate(credential, "10.0.0.6");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->device_id, device);
  EXPECT_EQ(session->rebound_from, claimant);
  proto::WelcomeFrame welcome = service_->WelcomeFor(*session);
  EXPECT_EQ(welcome.device_id, device);
  EXPECT_EQ(welcome.rebound_from, claimant);
  EXPECT_TRUE(proto::VerifyRebind({acme_, claimant, device}, welcome.rebind_signature,
                                  keys_.public_key_hex));
  // What it held in quarantine lands on the old device; what waited for the
  // old agent is cancelled; the claim's own record is retired. (The device
  // already holds the re-enrolment's event-log entry.)
  int64_t before = SampleCount(device);
  EXPECT_TRUE(
      std::holds_alternative<proto::AckFrame>(service_->HandleBatch(*session, Batch(1, 5))));
  EXPECT_EQ(SampleCount(device), before + 1);
  EXPECT_EQ(CommandStatus(waiting), "cancelled");
  auto retired = cmdb_->GetCi(system_, claimant);
  ASSERT_TRUE(retired.ok());
  EXPECT_EQ((*retired)["status"], "retired");
  EXPECT_EQ(service_->GetAgent(system_, claimant).status().code(), StatusCode::kNotFound);
}

TEST_P(AgentServiceTest, ARevokedDeviceIsNeverRestoredByReEnrolment) {
  auto genuine = Enroll(Token(acme_, true));
  ASSERT_TRUE(genuine.ok());
  int64_t device = (*genuine)["device_id"].get<int64_t>();
  ASSERT_TRUE(service_->RevokeAgent(Staff(), device).ok());
  auto back = Enroll(Token(acme_, true));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)["status"], "quarantined");
  int64_t claimant = (*back)["device_id"].get<int64_t>();
  auto old = service_->GetAgent(system_, device);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ((*old)["status"], "revoked");

  auto bind = service_->ApproveAgent(Staff(), claimant);
  EXPECT_EQ(bind.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->Authenticate((*back)["credential"].get<std::string>(), "")->status,
            "quarantined");
  // Approved as a device of its own, it leaves the revoked one alone.
  auto separate = service_->ApproveAgent(Staff(), claimant, /*as_new_device=*/true);
  ASSERT_TRUE(separate.ok()) << separate.status().ToString();
  EXPECT_EQ((*separate)["device_id"], claimant);
  EXPECT_EQ((*separate)["status"], "approved");
  EXPECT_TRUE((*separate)["claims_device_id"].is_null());
  EXPECT_EQ((*service_->GetAgent(system_, device))["status"], "revoked");
}

TEST_P(AgentServiceTest, TokensLastADayAndOnlyOwnersAndServiceManagersSkipQuarantine) {
  auto long_lived =
      service_->CreateEnrollmentToken(Staff(), {{"customer_id", acme_}, {"expires_in_hours", 25}});
  EXPECT_EQ(long_lived.status().field(), "expires_in_hours");
  accounts::Principal technician;
  technician.user_id = 7;
  technician.role = accounts::Role::kTechnician;
  technician.method = accounts::AuthMethod::kSession;
  auto skip = service_->CreateEnrollmentToken({technician, "10.0.0.1"},
                                              {{"customer_id", acme_}, {"auto_approve", true}});
  EXPECT_EQ(skip.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      service_->CreateEnrollmentToken({technician, "10.0.0.1"}, {{"customer_id", acme_}}).ok());
  accounts::Principal manager = technician;
  manager.role = accounts::Role::kServiceManager;
  EXPECT_TRUE(service_
                  ->CreateEnrollmentToken({manager, "10.0.0.1"},
                                          {{"customer_id", acme_}, {"auto_approve", true}})
                  .ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentServiceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::agentlink
