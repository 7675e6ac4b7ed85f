// The real steward-agent binary against a real server on loopback (issue 3):
// enrolment, live metrics, a server outage under load after which every
// sample has arrived exactly once, quarantine, signed commands (and a
// tampered one refused, never run), revocation, and hostile frames on the
// channel. The server runs on the real clock here: the agent stamps samples
// and checks command validity with the machine's time.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <thread>

#include "net/client.h"
#include "proto/agent_frames.h"
#include "server_fixture.h"
#include "stored_samples.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class AgentChannelTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override {
    c.fake_time.reset();
    config_ = c;
  }

  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    port_ = app_->port();
    owner_ = Owner();
    auto customer = owner_.Post("/api/v1/customers", {{"name", "Acme"}});
    ASSERT_EQ(customer.status, 201) << customer.body;
    customer_ = customer.json()["id"].get<int64_t>();
  }

  void TearDown() override {
    agent_.reset();
    ServerTest::TearDown();
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::string Token(bool auto_approve) {
    auto r =
        owner_.Post("/api/v1/enrollment-tokens",
                    {{"customer_id", customer_}, {"auto_approve", auto_approve}, {"max_uses", 3}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("token", "");
  }

  // Enrols a fresh state directory; returns the device id the agent printed last.
  int64_t Enroll(bool auto_approve, const std::string& machine = "test-machine-0001") {
    state_ = MakeTempDir("steward-agent");
    auto r = RunCommand({STEWARD_AGENT_PATH, "enroll", "--server", Url(), "--token",
                         Token(auto_approve), "--state", state_, "--machine-id", machine},
                        seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::string out = r.output;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    std::string last = out.substr(out.rfind('\n') + 1);
    return std::stoll(last);
  }

  void StartAgent() {
    agent_ = std::make_unique<Subprocess>(std::vector<std::string>{
        STEWARD_AGENT_PATH, "run", "--state", state_, "--interval", "0.2"});
  }

  void StopAgent() {
    if (!agent_) return;
    agent_->Signal(SIGTERM);
    EXPECT_EQ(agent_->Wait(), 0) << agent_->output();
  }

  int64_t QueryInt(const std::string& sql, std::initializer_list<storage::Value> params) {
    int64_t n = -1;
    EXPECT_TRUE(app_->services()
                    .db()
                    .Read([&](storage::Connection& c) -> Status {
                      STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql, params));
                      n = r.Int("n");
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  // Memory samples of `device` stored with a time in [from_ms, to_ms).
  int64_t MemorySamples(int64_t device, int64_t from_ms = 0,
                        int64_t to_ms = std::numeric_limits<int64_t>::max()) {
    return static_cast<int64_t>(steward::testing::StoredSampleTimes(app_->services().db(), device,
                                                                    "memory.used_percent", from_ms,
                                                                    to_ms)
                                    .size());
  }

  bool WaitFor(const std::function<bool()>& done, milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return done();
  }

  void RestartServer() {
    app_->Stop();
    app_.reset();
    app::ServerConfig c = config_;
    c.listen_port = port_;
    auto app = app::ServerApp::Create(c);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(*app);
    Status started = app_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
  }

  Json WaitForCommand(int64_t id, const std::string& status) {
    Json last;
    WaitFor(
        [&] {
          last = owner_.Get("/api/v1/commands/" + std::to_string(id)).json();
          return last.value("status", "") == status;
        },
        seconds(30));
    return last;
  }

  app::ServerConfig config_;
  uint16_t port_ = 0;
  HttpClient owner_{0};
  int64_t customer_ = 0;
  std::string state_;
  std::unique_ptr<Subprocess> agent_;
};

TEST_P(AgentChannelTest, EverySampleArrivesExactlyOnceAcrossAServerOutage) {
  int64_t device = Enroll(true);
  auto ci = owner_.Get("/api/v1/cis/" + std::to_string(device));
  ASSERT_EQ(ci.status, 200);
  EXPECT_EQ(ci.json()["customer_id"], customer_);
  EXPECT_FALSE(ci.json()["os_name"].is_null()) << "inventory at enrolment fills the CI";
  StartAgent();
  ASSERT_TRUE(WaitFor([&] { return MemorySamples(device) >= 5; }, seconds(30))) << agent_->output();

  // The server goes away under load; the agent keeps collecting into its spool.
  app_->Stop();
  int64_t down_from = ToMillis(SystemClock().Now());
  std::this_thread::sleep_for(seconds(4));
  int64_t down_until = ToMillis(SystemClock().Now());
  RestartServer();
  owner_ = Owner();
  ASSERT_TRUE(WaitFor([&] { return MemorySamples(device, down_until + 1001) > 0; }, seconds(60)))
      << agent_->output();
  StopAgent();

  // Each collection is one batch with one memory sample; the server committed
  // batches 1..last_seq. Exactly once = as many samples as batches, no two alike.
  int64_t last_seq = QueryInt("SELECT last_seq AS n FROM agents WHERE device_id = ?", {device});
  int64_t count = MemorySamples(device);
  auto times =
      steward::testing::StoredSampleTimes(app_->services().db(), device, "memory.used_percent");
  int64_t distinct = static_cast<int64_t>(std::set<int64_t>(times.begin(), times.end()).size());
  EXPECT_GT(last_seq, 8);
  EXPECT_EQ(count, last_seq);
  EXPECT_EQ(distinct, count);
  // Samples taken while the server was down arrived after it came back.
  EXPECT_GE(MemorySamples(device, down_from + 501, down_until - 500), 2);
  EXPECT_NE(agent_->output().find("connection lost"), std::string::npos);

  // And the device shows live metrics through the API.
  auto series = owner_.Get(
      "/api/v1/devices/" + std::to_string(device) +
      "/metrics/memory.used_percent?from=" + FormatIso8601(FromMillis(down_from - 60000)));
  ASSERT_EQ(series.status, 200) << series.body;
  EXPECT_FALSE(series.json()["series"].empty());
}

TEST_P(AgentChannelTest, QuarantinedDataWaitsInTheSpoolUntilApproval) {
  int64_t device = Enroll(false);
  StartAgent();
  std::this_thread::sleep_for(seconds(4));
  EXPECT_EQ(MemorySamples(device), 0);
  auto agents = owner_.Get("/api/v1/agents?status=quarantined");
  ASSERT_EQ(agents.status, 200);
  ASSERT_EQ(agents.json()["agents"].size(), 1u);
  // No commands for a quarantined device.
  auto cmd =
      owner_.Post("/api/v1/devices/" + std::to_string(device) + "/commands", {{"script", "true"}});
  EXPECT_EQ(cmd.status, 409) << cmd.body;
  int64_t approved_at = ToMillis(SystemClock().Now());
  ASSERT_EQ(
      owner_.Post("/api/v1/agents/" + std::to_string(device) + "/approve", Json::object()).status,
      200);
  ASSERT_TRUE(WaitFor([&] { return MemorySamples(device) >= 8; }, seconds(40))) << agent_->output();
  // What was collected before approval arrived too. (At least one
  // collection: on a loaded machine the agent may manage only one in the
  // seconds before approval.)
  EXPECT_GE(MemorySamples(device, 0, approved_at), 1) << agent_->output();
}

TEST_P(AgentChannelTest, RunsSignedCommandsAndRefusesTamperedOnes) {
  int64_t device = Enroll(true);
  std::string path = "/api/v1/devices/" + std::to_string(device) + "/commands";
  auto disabled = owner_.Post(path, {{"script", "true"}});
  EXPECT_EQ(disabled.status, 409) << "a fresh agent runs nothing until enabled";
  ASSERT_EQ(
      owner_.Patch("/api/v1/agents/" + std::to_string(device), {{"commands_enabled", true}}).status,
      200);
  StartAgent();
  auto created = owner_.Post(
      path, {{"script", "echo \"hello $1\"; echo oops >&2; exit 3"}, {"args", {"world"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  Json done = WaitForCommand(created.json()["id"].get<int64_t>(), "completed");
  EXPECT_EQ(done["status"], "completed") << done.dump() << agent_->output();
  EXPECT_EQ(done["stdout"], "hello world\n");
  EXPECT_EQ(done["stderr"], "oops\n");
  EXPECT_EQ(done["exit_code"], 3);
  // The agent's log names the command by the hash of the envelope it
  // verified, the hash the server shows and audits.
  ASSERT_TRUE(done["envelope_sha256"].is_string()) << done.dump();
  EXPECT_EQ(done["envelope_sha256"].get<std::string>().size(), 64u);
  EXPECT_NE(agent_->output().find("verified, envelope sha256 " +
                                  done["envelope_sha256"].get<std::string>()),
            std::string::npos)
      << agent_->output();

  // Output streams while the command runs; the result is the record.
  auto slow = owner_.Post(path, {{"script", "echo first; sleep 3; echo second"}});
  ASSERT_EQ(slow.status, 201) << slow.body;
  Json running = WaitForCommand(slow.json()["id"].get<int64_t>(), "running");
  EXPECT_EQ(running["status"], "running") << running.dump();
  EXPECT_EQ(running["stdout"], "first\n");
  Json finished = WaitForCommand(slow.json()["id"].get<int64_t>(), "completed");
  EXPECT_EQ(finished["stdout"], "first\nsecond\n");

  // A command altered in the database after signing (an attacker with the
  // database but not the key) is refused by the agent and never runs.
  StopAgent();
  std::string marker = state_ + "/pwned";
  auto second = owner_.Post(path, {{"script", "echo safe"}});
  ASSERT_EQ(second.status, 201);
  int64_t id = second.json()["id"].get<int64_t>();
  ASSERT_TRUE(
      app_->services()
          .db()
          .Transact([&](storage::Connection& c) -> Status {
            STEWARD_ASSIGN_OR_RETURN(
                storage::Row r,
                c.QueryOne("SELECT envelope FROM agent_commands WHERE id = ?", {id}));
            std::string envelope = r.Text("envelope");
            envelope.replace(envelope.find("echo safe"), 9, "touch " + marker);
            return c.Execute("UPDATE agent_commands SET envelope = ? WHERE id = ?", {envelope, id})
                .status();
          })
          .ok());
  StartAgent();
  Json refused = WaitForCommand(id, "refused");
  EXPECT_EQ(refused["status"], "refused") << refused.dump() << agent_->output();
  EXPECT_EQ(refused["refusal"], "bad_signature");
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_NE(agent_->output().find("refused (bad_signature), envelope sha256 " +
                                  refused["envelope_sha256"].get<std::string>()),
            std::string::npos)
      << agent_->output();
  // The refusal is in the audit log.
  auto audit = owner_.Get("/api/v1/audit?action=command.refused");
  EXPECT_NE(audit.body.find("bad_signature"), std::string::npos) << audit.body;
}

// Issue 12, bug 2: the agent dies while a command runs. After its restart it
// reports the command failed, instead of leaving it `delivered` for ever (or
// refusing the re-delivered copy as `replayed`).
TEST_P(AgentChannelTest, Regression_Issue12_ACommandInterruptedByARestartIsReportedFailed) {
  int64_t device = Enroll(true);
  ASSERT_EQ(
      owner_.Patch("/api/v1/agents/" + std::to_string(device), {{"commands_enabled", true}}).status,
      200);
  StartAgent();
  auto created = owner_.Post("/api/v1/devices/" + std::to_string(device) + "/commands",
                             {{"script", "sleep 3"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"].get<int64_t>();
  ASSERT_TRUE(agent_->WaitForOutput("running command " + std::to_string(id), seconds(30)))
      << agent_->output();
  agent_->Signal(SIGKILL);
  agent_->Wait();

  StartAgent();
  Json done = WaitForCommand(id, "failed");
  EXPECT_EQ(done["status"], "failed") << done.dump() << agent_->output();
  EXPECT_NE(done["stderr"].get<std::string>().find("stopped"), std::string::npos) << done.dump();
  EXPECT_TRUE(done["refusal"].is_null()) << done.dump();
}

// A clean stop (SIGTERM) waits for the running command and keeps its real
// result for the next run, rather than reporting it interrupted.
TEST_P(AgentChannelTest, ACleanStopKeepsTheResultOfTheRunningCommand) {
  int64_t device = Enroll(true);
  ASSERT_EQ(
      owner_.Patch("/api/v1/agents/" + std::to_string(device), {{"commands_enabled", true}}).status,
      200);
  StartAgent();
  auto created = owner_.Post("/api/v1/devices/" + std::to_string(device) + "/commands",
                             {{"script", "sleep 2; echo finished"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"].get<int64_t>();
  ASSERT_TRUE(agent_->WaitForOutput("running command " + std::to_string(id), seconds(30)))
      << agent_->output();
  StopAgent();  // SIGTERM while the script sleeps
  StartAgent();
  Json done = WaitForCommand(id, "completed");
  EXPECT_EQ(done["status"], "completed") << done.dump() << agent_->output();
  EXPECT_EQ(done["stdout"], "finished\n");
}

TEST_P(AgentChannelTest, RevokingCutsTheAgentOffAtOnce) {
  int64_t device = Enroll(true);
  StartAgent();
  ASSERT_TRUE(WaitFor([&] { return MemorySamples(device) >= 3; }, seconds(30)));
  auto revoked =
      owner_.Post("/api/v1/agents/" + std::to_string(device) + "/revoke", Json::object());
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  std::this_thread::sleep_for(milliseconds(500));
  int64_t after = MemorySamples(device);
  std::this_thread::sleep_for(seconds(2));
  EXPECT_EQ(MemorySamples(device), after) << "nothing is stored after revocation";
  EXPECT_TRUE(WaitFor(
      [&] { return agent_->output().find("refused the agent") != std::string::npos; }, seconds(10)))
      << agent_->output();
}

TEST_P(AgentChannelTest, AReEnrolledMachineIsBoundOnlyByApprovalAndThenRunsItsCommands) {
  int64_t device = Enroll(true, "machine-reinstalled-01");
  StartAgent();
  ASSERT_TRUE(WaitFor([&] { return MemorySamples(device) >= 2; }, seconds(30))) << agent_->output();
  std::unique_ptr<Subprocess> genuine = std::move(agent_);

  // The same machine id enrols again (a reinstall, or someone with a token
  // and the id): a new agent in quarantine, even with an auto-approve token.
  int64_t claimant = Enroll(true, "machine-reinstalled-01");
  std::string claimant_state = state_;
  EXPECT_NE(claimant, device);
  StartAgent();
  auto claim = owner_.Get("/api/v1/agents/" + std::to_string(claimant));
  ASSERT_EQ(claim.status, 200);
  EXPECT_EQ(claim.json()["status"], "quarantined");
  EXPECT_EQ(claim.json()["claims_device_id"], device);
  // The genuine agent keeps reporting for its device meanwhile.
  int64_t before = MemorySamples(device);
  EXPECT_TRUE(WaitFor([&] { return MemorySamples(device) > before + 2; }, seconds(30)))
      << genuine->output();
  // The staff are alerted on the claimed device (this machine's own event
  // log may add alerts of its own, so look for ours).
  auto alerts =
      owner_.Get("/api/v1/alerts?condition=event_log&device_id=" + std::to_string(device));
  ASSERT_EQ(alerts.status, 200) << alerts.body;
  bool alerted = false;
  const Json listed = alerts.json();  // the range below must not outlive it
  for (const Json& a : listed["alerts"]) {
    alerted |= a["severity"] == "critical" &&
               a["message"].get<std::string>().find("machine id") != std::string::npos;
  }
  EXPECT_TRUE(alerted) << alerts.body;

  // Approved, it becomes the device: the old credential is refused, and the
  // new agent adopts the device id from the signed welcome and keeps it.
  auto approved =
      owner_.Post("/api/v1/agents/" + std::to_string(claimant) + "/approve", Json::object());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["device_id"], device);
  EXPECT_TRUE(
      WaitFor([&] { return genuine->output().find("refused the agent") != std::string::npos; },
              seconds(20)))
      << genuine->output();
  auto state_device = [&] {
    std::ifstream in(claimant_state + "/agent.json");
    auto j = Json::parse(in, nullptr, false);
    return j.is_object() ? j.value("device_id", int64_t{0}) : int64_t{0};
  };
  ASSERT_TRUE(WaitFor([&] { return state_device() == device; }, seconds(30))) << agent_->output();
  EXPECT_NE(agent_->output().find("approved as device"), std::string::npos) << agent_->output();

  // Commands for the device now run on the reinstalled machine.
  ASSERT_EQ(
      owner_.Patch("/api/v1/agents/" + std::to_string(device), {{"commands_enabled", true}}).status,
      200);
  auto created = owner_.Post("/api/v1/devices/" + std::to_string(device) + "/commands",
                             {{"script", "echo rebound"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Json done = WaitForCommand(created.json()["id"].get<int64_t>(), "completed");
  EXPECT_EQ(done["stdout"], "rebound\n") << done.dump() << agent_->output();
  genuine->Signal(SIGTERM);
  EXPECT_EQ(genuine->Wait(), 0) << genuine->output();
}

TEST_P(AgentChannelTest, HostileFramesAreRefusedAndNothingIsStored) {
  int64_t device = Enroll(true);
  std::string credential;
  {
    std::ifstream in(state_ + "/agent.json");
    std::stringstream buf;
    buf << in.rdbuf();
    credential = ParseJsonStrict(buf.str())->at("credential").get<std::string>();
  }
  auto server = net::ParseServerUrl(Url());
  ASSERT_TRUE(server.ok());
  net::WsClient bad;
  EXPECT_EQ(bad.Connect(*server, {}, std::string(proto::kAgentChannelPath),
                        {{"Authorization", "Bearer stw_agt_forged"}}, seconds(5))
                .code(),
            StatusCode::kUnauthenticated);

  // A frame before hello ends the channel, and nothing of it is stored.
  {
    net::WsClient early;
    ASSERT_TRUE(early
                    .Connect(*server, {}, std::string(proto::kAgentChannelPath),
                             {{"Authorization", "Bearer " + credential}}, seconds(5))
                    .ok());
    const int64_t at = ToMillis(SystemClock().Now());
    early.Send(R"({"type":"batch","seq":1,"samples":[{"metric":"cpu.used_percent","ts":)" +
               std::to_string(at) + R"(,"value":25}]})");
    bool closed = false;
    for (int i = 0; i < 50 && !closed; ++i) {
      auto got = early.Poll(milliseconds(100));
      if (!got.ok()) {
        closed = true;
      } else if (!got->empty()) {
        break;  // an answer: not closed
      }
    }
    EXPECT_TRUE(closed);
    EXPECT_TRUE(
        steward::testing::StoredSampleTimes(app_->services().db(), device, "cpu.used_percent")
            .empty());
  }
  net::WsClient ws;
  ASSERT_TRUE(ws.Connect(*server, {}, std::string(proto::kAgentChannelPath),
                         {{"Authorization", "Bearer " + credential}}, seconds(5))
                  .ok());
  auto exchange = [&](const std::string& text) -> Json {
    ws.Send(text);
    for (int i = 0; i < 50; ++i) {
      auto got = ws.Poll(milliseconds(100));
      if (!got.ok()) return Json("closed");
      if (!got->empty()) return *ParseJsonStrict(got->front());
    }
    return Json("timeout");
  };
  Json r = exchange(R"({"type":"hello","agent_version":"test"})");
  EXPECT_EQ(r["type"], "welcome") << r.dump();
  r = exchange("{not json");
  EXPECT_EQ(r["type"], "nack");
  EXPECT_EQ(r["code"], "invalid_argument");
  r = exchange(R"({"type":"batch","seq":1,"device_id":999,"samples":[]})");
  EXPECT_EQ(r["type"], "nack") << "a device cannot name another device";
  // Issue 12, bug 3: an unparsable batch is named in its refusal, so the
  // agent can drop it instead of waiting for an answer that never comes.
  r = exchange(R"({"type":"batch","seq":3,"samples":[],"zone":"eu-1"})");
  EXPECT_EQ(r["type"], "nack");
  EXPECT_EQ(r["seq"], 3) << r.dump();
  EXPECT_EQ(r["code"], "unparsable") << r.dump();
  EXPECT_FALSE(r["retry"].get<bool>());
  int64_t now = ToMillis(SystemClock().Now());
  r = exchange(R"({"type":"batch","seq":1,"samples":[{"metric":"cpu.used_percent","ts":)" +
               std::to_string(now) + R"(,"value":250}]})");
  EXPECT_EQ(r["type"], "nack") << "250 % is not a percentage";
  EXPECT_FALSE(r["retry"].get<bool>());
  r = exchange(R"({"type":"batch","seq":2,"samples":[{"metric":"cpu.used_percent","ts":)" +
               std::to_string(now) + R"(,"value":25}]})");
  EXPECT_EQ(r["type"], "ack");
  r = exchange(R"({"type":"batch","seq":2,"samples":[{"metric":"cpu.used_percent","ts":)" +
               std::to_string(now) + R"(,"value":25}]})");
  EXPECT_EQ(r["type"], "ack") << "a replayed sequence is acknowledged, not stored again";
  EXPECT_EQ(static_cast<int64_t>(steward::testing::StoredSampleTimes(app_->services().db(), device,
                                                                     "cpu.used_percent")
                                     .size()),
            1);
  // One bad label costs its sample, not the batch: the rest is stored and
  // the ack names what was left out, numbered as the agent sent it.
  auto sample = [&](int64_t offset_ms, const std::string& extra) {
    return R"({"metric":"cpu.used_percent","ts":)" + std::to_string(now + offset_ms) +
           R"(,"value":30)" + extra + "}";
  };
  r = exchange(R"({"type":"batch","seq":4,"samples":[)" +
               sample(1000, R"(,"labels":{"Bad Key":"x"})") + "," + sample(2000, "") + "," +
               sample(3000, R"(,"labels":{"core":7})") + "]}");
  EXPECT_EQ(r["type"], "ack") << r.dump();
  EXPECT_EQ(r["refused_count"], 2) << r.dump();
  ASSERT_EQ(r["refused"].size(), 2u) << r.dump();
  EXPECT_EQ(r["refused"][0]["index"], 0);
  EXPECT_EQ(r["refused"][0]["field"].get<std::string>().rfind("samples[0].labels", 0), 0u);
  EXPECT_EQ(r["refused"][1]["index"], 2);
  EXPECT_EQ(r["refused"][1]["field"], "samples[2].labels.core");
  EXPECT_EQ(static_cast<int64_t>(steward::testing::StoredSampleTimes(app_->services().db(), device,
                                                                     "cpu.used_percent")
                                     .size()),
            2);
  // Ten bad frames in a row: the server closes the connection cleanly.
  Json last;
  for (int i = 0; i < 12 && last != Json("closed"); ++i) last = exchange("[]");
  EXPECT_EQ(last, Json("closed"));
}

STEWARD_INSTANTIATE_SERVER_TEST(AgentChannelTest);

}  // namespace
}  // namespace steward::testing
