// The whole patch loop of issue 14 item 7 through the real steward-agent
// binary, over its WebSocket to a real server on loopback, on SQLite and
// PostgreSQL. The agent's apt and dpkg are pointed at a throwaway Debian root
// (`--package-root`) holding real .deb packages at 1.0, with 1.1 in a local
// file: repository (agent/exec/deb_test_repo.h): the agent reports the
// pending update, staff raise an RFC for the device that a change manager
// approves, a change window is open now, the deployment's job sends the
// signed install_updates action, the agent installs 1.1 into the root (dpkg's
// database there says so), the deployment shows the package's result, and
// after the agent's next report the update record is installed and the
// device fully patched. A package whose postinst fails ends failed after
// its retries, with the exit status and the log's tail. The host's own dpkg
// database is never touched. The server runs on the real clock: the agent
// checks the command's validity (the window) with the machine's time.
#include <csignal>
#include <filesystem>
#include <thread>

#include "agent/exec/apt_output.h"
#include "agent/exec/deb_test_repo.h"
#include "agent/exec/package_install.h"
#include "server_fixture.h"
#include "testing/subprocess.h"

namespace steward::testing {
namespace {

using accounts::Role;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kHostStatus[] = "/var/lib/dpkg/status";

class AgentPatchLoopTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& c) override { c.fake_time.reset(); }

  void SetUp() override {
    // Installing with dpkg needs root; fail (not skip) without it, as the
    // other real-package tests do.
    std::string why = agent::debtest::Unsupported();
    ASSERT_TRUE(why.empty()) << why;
    host_status_ = agent::debtest::ReadWholeFile(kHostStatus);
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    system_ = agent::platform::MakeSystem();
    auto box = agent::debtest::Sandbox::WithTestPackages(*system_);
    ASSERT_TRUE(box.ok()) << box.status().message();
    box_ = std::move(*box);
    owner_ = Owner();
    customer_ = CreatedId(owner_.Post("/api/v1/customers", {{"name", "Acme"}}));
    AddUser("tech@msp.example", Role::kTechnician);
    cm_ = AddUser("cm@msp.example", Role::kChangeManager);
  }

  void TearDown() override {
    if (agent_) StopAgent();
    ServerTest::TearDown();
    if (!state_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(state_, ignored);
    }
    // Whatever happened, the host's package database is as it was.
    EXPECT_TRUE(agent::debtest::ReadWholeFile(kHostStatus) == host_status_)
        << kHostStatus << " changed during the test";
  }

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(app_->port()); }

  // Version 1.0 of `names` installed into the root, by the installer itself
  // (which also fills the root's package lists from the repository).
  void InstallOldVersions(const std::vector<std::string>& names) {
    proto::CommandEnvelope e;
    e.command_id = 1;
    e.device_id = 1;
    e.customer_id = 1;
    e.timeout_seconds = 120;
    proto::CommandAction a;
    for (const auto& name : names) a.packages.push_back({name, "1.0"});
    e.action = a;
    proto::CommandResultFrame r = agent::InstallPackages(*system_, e, box_->Options());
    ASSERT_TRUE(r.packages.has_value()) << r.stdout_text;
    for (const auto& p : *r.packages) {
      ASSERT_EQ(p.outcome, "installed") << p.name << ": " << p.log_tail << "\n" << r.stdout_text;
    }
  }

  std::map<std::string, agent::DpkgStatusEntry> RootStatus() {
    return agent::ParseDpkgStatus(
        agent::debtest::ReadWholeFile(box_->root() + "/var/lib/dpkg/status"));
  }

  // Enrols the agent with an auto-approving token and turns remote commands
  // on for it; returns the device id it printed last.
  int64_t Enroll() {
    state_ = MakeTempDir("steward-agent");
    auto token = owner_.Post("/api/v1/enrollment-tokens",
                             {{"customer_id", customer_}, {"auto_approve", true}, {"max_uses", 1}});
    EXPECT_EQ(token.status, 201) << token.body;
    auto r = RunCommand({STEWARD_AGENT_PATH, "enroll", "--server", Url(), "--token",
                         token.json().value("token", ""), "--state", state_, "--machine-id",
                         "patch-loop-machine-01", "--package-root", box_->root()},
                        seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::string out = r.output;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    const int64_t device = std::stoll(out.substr(out.rfind('\n') + 1));
    auto enabled =
        owner_.Patch("/api/v1/agents/" + std::to_string(device), {{"commands_enabled", true}});
    EXPECT_EQ(enabled.status, 200) << enabled.body;
    return device;
  }

  void StartAgent() {
    agent_ = std::make_unique<Subprocess>(
        std::vector<std::string>{STEWARD_AGENT_PATH, "run", "--state", state_, "--interval", "0.5",
                                 "--package-root", box_->root()});
  }

  void StopAgent() {
    agent_->Signal(SIGTERM);
    EXPECT_EQ(agent_->Wait(), 0) << agent_->output();
    agent_.reset();
  }

  bool WaitFor(const std::function<bool()>& done, milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return done();
  }

  // The device's update record of `package` (history=1: installed ones too),
  // or null.
  Json UpdateOf(int64_t device, const std::string& package) {
    auto r = owner_.Get("/api/v1/devices/" + std::to_string(device) + "/updates?history=1");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const Json& u : r.json()) {
      if (u["package"] == package) return u;
    }
    return nullptr;
  }

  // Every day from ten minutes ago for two hours (in UTC: Acme has no
  // calendar), so the window is open now with far more than the quarter of
  // an hour a deployment needs left of it.
  void OpenWindowNow() {
    const std::string start = FormatIso8601(SystemClock().Now() - minutes(10)).substr(0, 16);
    CreatedId(owner_.Post("/api/v1/change-windows", {{"customer_id", customer_},
                                                     {"name", "Open for the test"},
                                                     {"rrule", "FREQ=DAILY"},
                                                     {"start", start},
                                                     {"duration_minutes", 120}}));
  }

  // A normal change on `device` raised by the technician and approved by
  // the change manager (the requester cannot approve their own).
  int64_t ApprovedChange(int64_t device, const std::string& package) {
    HttpClient tech = LoggedIn("tech@msp.example");
    const int64_t rfc = CreatedId(tech.Post(
        "/api/v1/changes",
        {{"customer_id", customer_}, {"title", "Update " + package}, {"type", "normal"}}));
    const std::string path = "/api/v1/changes/" + std::to_string(rfc);
    const Timestamp now = SystemClock().Now();
    Json fill = {{"description", "Install " + package + " 1.1 from the repository"},
                 {"reason", "the vendor's fix"},
                 {"components", package},
                 {"ci_ids", {device}},
                 {"risk", "low"},
                 {"impact", "low"},
                 {"backout_plan", "apt-get install " + package + "=1.0"},
                 {"test_plan", "installed on the test server"},
                 {"cost_estimate_cents", 0},
                 {"planned_start", FormatIso8601(now + minutes(5))},
                 {"planned_end", FormatIso8601(now + minutes(65))},
                 {"reviewer_ids", {cm_}},
                 {"quorum", 1}};
    auto r = tech.Patch(path, fill);
    EXPECT_EQ(r.status, 200) << r.body;
    r = tech.Patch(path, {{"status", "submitted"}});
    EXPECT_EQ(r.json()["status"], "submitted") << r.body;
    EXPECT_EQ(tech.Post(path + "/approvals", {{"decision", "approve"}}).status, 403);
    r = LoggedIn("cm@msp.example").Post(path + "/approvals", {{"decision", "approve"}});
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["status"], "approved") << r.body;
    return rfc;
  }

  // Deploys `package` of the approved change; returns the deployment's id.
  int64_t Deploy(int64_t rfc, const std::string& package) {
    auto r = LoggedIn("tech@msp.example")
                 .Post("/api/v1/changes/" + std::to_string(rfc) + "/deployments",
                       {{"packages", {package}}, {"reboot", "never"}});
    const int64_t id = CreatedId(r);
    EXPECT_EQ(r.json()["targets"][0]["state"], "waiting") << r.body;
    EXPECT_EQ(r.json()["targets"][0]["packages"][0]["version"], "1.1") << r.body;
    return id;
  }

  // Runs the server's jobs (the deployment job among them) until the
  // target's state is final; returns the deployment.
  Json RunUntilSettled(int64_t deployment, milliseconds timeout) {
    Json d;
    auto final = [&] {
      app_->RunJobsOnceForTest();
      auto r = owner_.Get("/api/v1/deployments/" + std::to_string(deployment));
      EXPECT_EQ(r.status, 200) << r.body;
      d = r.json();
      const std::string state = d["targets"][0].value("state", "");
      return state != "waiting" && state != "sent";
    };
    EXPECT_TRUE(WaitFor(final, timeout)) << d.dump() << "\n" << agent_->output();
    return d;
  }

  std::string host_status_;
  std::unique_ptr<agent::platform::System> system_;
  std::unique_ptr<agent::debtest::Sandbox> box_;
  HttpClient owner_{0};
  int64_t customer_ = 0;
  int64_t cm_ = 0;
  std::string state_;
  std::unique_ptr<Subprocess> agent_;
};

TEST_P(AgentPatchLoopTest, AnApprovedUpdateIsInstalledByTheAgentAndItsNextReportShowsIt) {
  InstallOldVersions({"stw-app"});
  const int64_t device = Enroll();
  StartAgent();

  // The agent reports the root's pending update; the server keeps the record.
  Json update;
  ASSERT_TRUE(WaitFor(
      [&] {
        update = UpdateOf(device, "stw-app");
        return update.is_object();
      },
      seconds(30)))
      << agent_->output();
  EXPECT_EQ(update["installed_version"], "1.0");
  EXPECT_EQ(update["candidate_version"], "1.1");
  EXPECT_EQ(update["status"], "pending");
  const std::string compliance =
      "/api/v1/customers/" + std::to_string(customer_) + "/patch-compliance";
  auto before = owner_.Get(compliance);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()["devices"], 1) << before.body;
  EXPECT_EQ(before.json()["fully_patched"], 0) << before.body;

  OpenWindowNow();
  const int64_t rfc = ApprovedChange(device, "stw-app");
  const int64_t id = Deploy(rfc, "stw-app");

  Json d = RunUntilSettled(id, seconds(60));
  EXPECT_EQ(d["status"], "done") << d.dump();
  const Json& t = d["targets"][0];
  EXPECT_EQ(t["device_id"], device);
  EXPECT_EQ(t["state"], "installed") << d.dump() << "\n" << agent_->output();
  EXPECT_EQ(t["attempts"], 1);
  ASSERT_EQ(t["results"].size(), 1u) << d.dump();
  EXPECT_EQ(t["results"][0]["name"], "stw-app");
  EXPECT_EQ(t["results"][0]["outcome"], "installed");
  EXPECT_EQ(t["results"][0]["version"], "1.1");
  // 1.1's postinst flags a reboot under the root; the policy said never.
  EXPECT_EQ(t["reboot_required"], true);

  // The agent ran the envelope it verified, the one the server signed.
  ASSERT_TRUE(t["command_id"].is_number_integer()) << d.dump();
  const int64_t command = t["command_id"].get<int64_t>();
  auto cmd = owner_.Get("/api/v1/commands/" + std::to_string(command));
  ASSERT_EQ(cmd.status, 200) << cmd.body;
  ASSERT_TRUE(cmd.json()["envelope_sha256"].is_string()) << cmd.body;
  EXPECT_NE(
      agent_->output().find("command " + std::to_string(command) + " verified, envelope sha256 " +
                            cmd.json()["envelope_sha256"].get<std::string>()),
      std::string::npos)
      << agent_->output();

  // Really installed: dpkg's database in the root, and the files.
  auto status = RootStatus();
  ASSERT_EQ(status.count("stw-app"), 1u);
  EXPECT_EQ(status.at("stw-app").version, "1.1");
  EXPECT_EQ(status.at("stw-app").state, "installed");
  EXPECT_EQ(agent::debtest::ReadWholeFile(box_->root() + "/usr/share/stw-app/VERSION"), "1.1\n");

  // The agent's next collection after the install carries its inventory
  // (otherwise daily), without a restart: it no longer lists the update, so
  // the record is installed and the device fully patched.
  ASSERT_TRUE(WaitFor(
      [&] {
        update = UpdateOf(device, "stw-app");
        return update.is_object() && update["status"] == "installed";
      },
      seconds(30)))
      << update.dump() << "\n"
      << agent_->output();
  EXPECT_FALSE(update["resolved_at"].is_null()) << update.dump();
  auto pending = owner_.Get("/api/v1/devices/" + std::to_string(device) + "/updates");
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_TRUE(pending.json().empty()) << pending.body;
  auto after = owner_.Get(compliance);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json()["devices"], 1) << after.body;
  EXPECT_EQ(after.json()["compliant"], 1) << after.body;
  EXPECT_EQ(after.json()["fully_patched"], 1) << after.body;
}

TEST_P(AgentPatchLoopTest, APackageWhosePostinstFailsEndsFailedWithItsExitCodeAndLog) {
  InstallOldVersions({"stw-fail"});
  const int64_t device = Enroll();
  StartAgent();
  ASSERT_TRUE(WaitFor([&] { return UpdateOf(device, "stw-fail").is_object(); }, seconds(30)))
      << agent_->output();

  OpenWindowNow();
  const int64_t rfc = ApprovedChange(device, "stw-fail");
  const int64_t id = Deploy(rfc, "stw-fail");

  // Retried in the window until no retries are left, then failed.
  Json d = RunUntilSettled(id, seconds(90));
  const Json& t = d["targets"][0];
  EXPECT_EQ(t["state"], "failed") << d.dump() << "\n" << agent_->output();
  EXPECT_EQ(t["attempts"], 3) << d.dump();
  EXPECT_NE(t["reason"].get<std::string>().find("failed after 3 commands"), std::string::npos)
      << d.dump();
  ASSERT_EQ(t["results"].size(), 1u) << d.dump();
  const Json& result = t["results"][0];
  EXPECT_EQ(result["name"], "stw-fail");
  EXPECT_EQ(result["outcome"], "failed");
  EXPECT_EQ(result["exit_code"], 3) << d.dump();
  const std::string tail = result["log_tail"].get<std::string>();
  EXPECT_NE(tail.find("stw-fail: cannot migrate the database"), std::string::npos) << tail;
  EXPECT_NE(tail.find("returned error exit status 3"), std::string::npos) << tail;

  // dpkg left 1.1 unpacked but not configured; the record is still pending.
  auto status = RootStatus();
  ASSERT_EQ(status.count("stw-fail"), 1u);
  EXPECT_EQ(status.at("stw-fail").version, "1.1");
  EXPECT_EQ(status.at("stw-fail").state, "half-configured");
  EXPECT_EQ(UpdateOf(device, "stw-fail")["status"], "pending");
}

STEWARD_INSTANTIATE_SERVER_TEST(AgentPatchLoopTest);

}  // namespace
}  // namespace steward::testing
