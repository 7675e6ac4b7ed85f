// A large deployment's second approval and the devices' reboots, over real
// HTTP on SQLite and PostgreSQL with the fake clock (issue 14 item 7,
// SECURITY.md goal 3):
// - more than 25 devices wait for a second technician; nothing goes out
//   before; the author cannot approve; each command then carries the
//   approval signed with the approval key, which the agent's own check
//   accepts and refuses without; a rejected one skips every device;
// - a device that reboots after its packages is in maintenance meanwhile;
//   not back in 15 minutes, it raises a reboot_overdue alert that resolves
//   when it connects again; back early, its maintenance ends early.
#include <set>

#include "deployment_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class DeploymentApprovalTest : public DeploymentApiTest {
 protected:
  // `n` more servers of Acme with openssl pending and approved agents.
  std::vector<int64_t> MoreServers(int n) {
    HttpClient owner = Owner();
    HttpClient script = Client();
    script.set_bearer(TokenWithScopes(owner, {"ingest"}));
    Json scan = {{"family", "debian"},
                 {"updates",
                  {{{"package", "openssl"},
                    {"installed_version", "3.0.14-1~deb12u1"},
                    {"candidate_version", "3.0.15-1~deb12u1"},
                    {"origin", "Debian-Security:12/stable-security"}}}}};
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) {
      const int64_t id = CreatedId(owner.Post(
          "/api/v1/cis",
          {{"customer_id", acme_}, {"kind", "server"}, {"name", "app" + std::to_string(i)}}));
      EXPECT_EQ(script.Post(DevicePath(id, "/updates/report"), scan).status, 200);
      Agent(id);
      ids.push_back(id);
    }
    return ids;
  }

  // A change over web01 and 26 more servers: 27 devices with openssl pending.
  int64_t LargeDeployment(HttpClient& tech) {
    std::vector<int64_t> cis = MoreServers(26);
    cis.push_back(web01_);
    const int64_t rfc = ApprovedChange(tech, cis);
    auto created = tech.Post("/api/v1/changes/" + std::to_string(rfc) + "/deployments",
                             {{"packages", {"openssl"}}});
    return CreatedId(created);
  }

  std::string ApprovalPath(int64_t id) {
    return "/api/v1/deployments/" + std::to_string(id) + "/approvals";
  }

  proto::VerifyOutcome AgentCheck(const proto::CommandFrame& f, bool with_approval_key) {
    const auto& agents = app_->services().agents();
    proto::AgentIdentity me{web01_, acme_, agents.command_public_key(),
                            with_approval_key ? agents.approval_public_key() : ""};
    return proto::VerifyCommand({f.envelope, f.signature}, me, clock().Now(),
                                [](std::string_view) { return false; });
  }
};

TEST_P(DeploymentApprovalTest, MoreThan25DevicesWaitForASecondTechnicianWhoseSignatureAgentsCheck) {
  SetUpAcme();
  agentlink::AgentSession agent = Agent(web01_);
  const int64_t tech2_id = AddUser("tech2@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t id = LargeDeployment(tech);
  Json d = Deployment(tech, id);
  EXPECT_EQ(d["status"], "awaiting_approval") << d.dump();
  ASSERT_TRUE(d["second_approval"].is_object());
  EXPECT_EQ(d["second_approval"]["decision"], "pending");
  EXPECT_NE(d["second_approval"]["reason"].get<std::string>().find("27 devices"),
            std::string::npos);
  EXPECT_EQ(TargetOf(d, web01_)["reason"], "waiting for the second approval");

  // In the window, nothing goes out before the second approval.
  clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 0);

  // The author cannot approve; a token cannot; bad bodies name the field.
  tech = LoggedIn("tech@msp.example");
  auto own = tech.Post(ApprovalPath(id), {{"decision", "approve"}});
  EXPECT_EQ(own.status, 403) << own.body;
  HttpClient script = Client();
  script.set_bearer(FullOwnerToken());
  EXPECT_EQ(script.Post(ApprovalPath(id), {{"decision", "approve"}}).status, 403);
  HttpClient tech2 = LoggedIn("tech2@msp.example");
  auto bad = tech2.Post(ApprovalPath(id), {{"decision", "maybe"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "decision");
  auto no_reason = tech2.Post(ApprovalPath(id), {{"decision", "reject"}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.json()["error"]["field"], "comment");
  EXPECT_EQ(LoggedIn("bo@beta.example").Post(ApprovalPath(id), {{"decision", "approve"}}).status,
            404);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.approve'"),
            0);

  // The second technician approves.
  auto approved = tech2.Post(ApprovalPath(id), {{"decision", "approve"}, {"comment", "checked"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  d = approved.json();
  EXPECT_EQ(d["status"], "active");
  EXPECT_EQ(d["second_approval"]["decision"], "approved");
  EXPECT_EQ(d["second_approval"]["decided_by"], tech2_id);
  EXPECT_EQ(d["second_approval"]["decided_by_name"], "tech2@msp.example");
  EXPECT_EQ(tech2.Post(ApprovalPath(id), {{"decision", "approve"}}).status, 409);

  // Each command carries the approval: the agent's check accepts it with the
  // pinned approval key and refuses it without one.
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 27);
  auto frames = app_->services().agents().TakePendingCommands(agent);
  ASSERT_TRUE(frames.ok());
  ASSERT_EQ(frames->size(), 1u);
  proto::VerifyOutcome ok = AgentCheck((*frames)[0], true);
  ASSERT_EQ(ok.refusal, proto::Refusal::kNone) << ok.detail;
  ASSERT_TRUE(ok.envelope.job);
  auto manifest = proto::ParseJobManifest(ok.envelope.job->manifest);
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ(manifest->device_ids.size(), 27u);
  EXPECT_EQ(manifest->customer_ids, std::vector<int64_t>{acme_});
  EXPECT_EQ(manifest->packages, std::vector<std::string>{"openssl"});
  EXPECT_EQ(manifest->approved_by, tech2_id);
  EXPECT_NE(manifest->created_by, tech2_id);
  EXPECT_EQ(AgentCheck((*frames)[0], false).refusal, proto::Refusal::kUnapproved);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.approve'"),
            1);
}

TEST_P(DeploymentApprovalTest, ARejectedDeploymentSkipsEveryDeviceAndSendsNothing) {
  SetUpAcme();
  Agent(web01_);
  AddUser("tech2@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t id = LargeDeployment(tech);
  HttpClient tech2 = LoggedIn("tech2@msp.example");
  auto r = tech2.Post(ApprovalPath(id), {{"decision", "reject"}, {"comment", "not on month end"}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json d = r.json();
  EXPECT_EQ(d["status"], "rejected");
  EXPECT_EQ(d["second_approval"]["comment"], "not on month end");
  for (const Json& t : d["targets"]) EXPECT_EQ(t["state"], "skipped") << t.dump();
  clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 0);
  tech2 = LoggedIn("tech2@msp.example");
  EXPECT_EQ(tech2.Post(ApprovalPath(id), {{"decision", "approve"}}).status, 409);
  // The change lists it.
  tech = LoggedIn("tech@msp.example");
  auto list =
      tech.Get("/api/v1/changes/" + std::to_string(d["change_id"].get<int64_t>()) + "/deployments");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().size(), 1u);
  EXPECT_EQ(list.json()[0]["status"], "rejected");
}

class DeploymentRebootTest : public DeploymentApiTest {
 protected:
  // web01's deployment with `reboot`, sent in the Saturday window and
  // installed at 22:06, the agent having scheduled a restart or not.
  void Install(const std::string& reboot, bool reboot_scheduled) {
    agent_ = Agent(web01_);
    HttpClient tech = LoggedIn("tech@msp.example");
    const int64_t rfc = ApprovedChange(tech);
    id_ = CreatedId(tech.Post("/api/v1/changes/" + std::to_string(rfc) + "/deployments",
                              {{"packages", {"openssl"}}, {"reboot", reboot}}));
    clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
    app_->RunJobsOnceForTest();
    auto frames = app_->services().agents().TakePendingCommands(agent_);
    ASSERT_TRUE(frames.ok());
    ASSERT_EQ(frames->size(), 1u);
    clock().Set(*ParseIso8601("2026-11-28T22:06:00Z"));
    proto::CommandResultFrame done;
    done.command_id = (*frames)[0].command_id;
    done.status = "completed";
    done.packages = std::vector<proto::PackageOutcome>{
        {"openssl", "installed", "3.0.15-1~deb12u1", "installed", 0, "", ""}};
    done.reboot_required = true;
    done.reboot_scheduled = reboot_scheduled;
    ASSERT_TRUE(app_->services().agents().RecordCommandResult(agent_, done).ok());
    app_->RunJobsOnceForTest();
  }
  void InstallWithReboot() { Install("always", true); }

  Json Target() {
    HttpClient tech = LoggedIn("tech@msp.example");
    return TargetOf(Deployment(tech, id_), web01_);
  }

  int64_t RebootAlerts(const std::string& status) {
    return CountRows(
        "SELECT COUNT(*) AS n FROM alerts WHERE condition_name = 'reboot_overdue' AND status = ?",
        {status});
  }

  int64_t WindowEnd() {
    return CountRows("SELECT MAX(ends_at) AS n FROM maintenance_windows WHERE device_id = ?",
                     {web01_});
  }

  agentlink::AgentSession agent_;
  int64_t id_ = 0;
};

TEST_P(DeploymentRebootTest, ADeviceNotBackIn15MinutesRaisesAnAlertThatResolvesWhenItReturns) {
  SetUpAcme();
  InstallWithReboot();
  Json t = Target();
  EXPECT_EQ(t["state"], "installed");
  EXPECT_EQ(t["reboot"]["state"], "rebooting") << t.dump();
  EXPECT_EQ(t["reboot"]["since"], "2026-11-28T22:06:00Z");
  EXPECT_EQ(t["reboot"]["deadline"], "2026-11-28T22:21:00Z");
  // In maintenance meanwhile; the deployment is not done while it reboots.
  EXPECT_EQ(WindowEnd(), ToMillis(*ParseIso8601("2026-11-28T22:21:00Z")));
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(Deployment(tech, id_)["status"], "active");

  clock().Set(*ParseIso8601("2026-11-28T22:20:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Target()["reboot"]["state"], "rebooting");
  EXPECT_EQ(RebootAlerts("open"), 0);

  clock().Set(*ParseIso8601("2026-11-28T22:22:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Target()["reboot"]["state"], "overdue");
  EXPECT_EQ(RebootAlerts("open"), 1);
  tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(Deployment(tech, id_)["status"], "done");
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM alerts WHERE condition_name = 'reboot_overdue'"),
            1)
      << "one alert, not one a minute";

  // It connects at 22:40: back, and the alert resolves.
  clock().Set(*ParseIso8601("2026-11-28T22:40:00Z"));
  Connect(web01_);
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Target()["reboot"]["state"], "back");
  EXPECT_EQ(RebootAlerts("open"), 0);
  EXPECT_EQ(RebootAlerts("resolved"), 1);
}

TEST_P(DeploymentRebootTest, ADeviceBackEarlyLeavesMaintenanceAtOnce) {
  SetUpAcme();
  InstallWithReboot();
  clock().Set(*ParseIso8601("2026-11-28T22:09:00Z"));
  Connect(web01_);
  clock().Set(*ParseIso8601("2026-11-28T22:10:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Target()["reboot"]["state"], "back");
  EXPECT_EQ(WindowEnd(), ToMillis(*ParseIso8601("2026-11-28T22:10:00Z")));
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(Deployment(tech, id_)["status"], "done");
  // Past the old deadline nothing is raised.
  clock().Set(*ParseIso8601("2026-11-28T22:30:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM alerts WHERE condition_name = 'reboot_overdue'"),
            0);
}

TEST_P(DeploymentRebootTest, NoRebootScheduledNoWatch) {
  SetUpAcme();
  Install("never", false);
  Json t = Target();
  EXPECT_EQ(t["reboot"]["state"], "none");
  EXPECT_EQ(t["reboot_required"], true);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM maintenance_windows"), 0);
}

STEWARD_INSTANTIATE_SERVER_TEST(DeploymentApprovalTest);
STEWARD_INSTANTIATE_SERVER_TEST(DeploymentRebootTest);

}  // namespace
}  // namespace steward::testing
