// Patch deployments over real HTTP (issue 14 item 7), on SQLite and
// PostgreSQL with the fake clock: an approved change's update goes to the
// device that has it pending (the other is skipped), waits outside the
// device's change window with the reason, goes out in the window as a signed
// install_updates action valid until the window's end, is retried when the
// package fails and ends installed with the agent's result per package. Bad
// input is a 4xx naming the field that writes nothing; a token cannot
// deploy; another customer sees nothing.
#include "deployment_fixture.h"

namespace steward::testing {
namespace {

TEST_P(DeploymentApiTest, AnUpdateGoesOutInTheWindowIsRetriedAndEndsInstalled) {
  SetUpAcme();
  agentlink::AgentSession agent = Agent(web01_);
  Agent(web02_);
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t rfc = ApprovedChange(tech);
  const std::string path = "/api/v1/changes/" + std::to_string(rfc) + "/deployments";

  auto created = tech.Post(path, {{"packages", {"openssl"}}, {"reboot", "if_required"}});
  const int64_t id = CreatedId(created);
  Json d = created.json();
  EXPECT_EQ(d["status"], "active");
  EXPECT_EQ(TargetOf(d, web01_)["state"], "waiting");
  EXPECT_EQ(TargetOf(d, web01_)["packages"][0]["version"], "3.0.15-1~deb12u1");
  EXPECT_EQ(TargetOf(d, web02_)["state"], "skipped") << "web02 has no openssl pending";

  // Monday morning: outside the Saturday window, nothing goes out.
  app_->RunJobsOnceForTest();
  d = Deployment(tech, id);
  EXPECT_EQ(TargetOf(d, web01_)["state"], "waiting");
  EXPECT_EQ(TargetOf(d, web01_)["next_attempt_at"], "2026-11-28T22:00:00Z");
  EXPECT_NE(TargetOf(d, web01_)["reason"].get<std::string>().find("outside its change window"),
            std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 0);

  // Saturday 22:05: the signed action goes out, valid until the window ends.
  clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
  app_->RunJobsOnceForTest();
  tech = LoggedIn("tech@msp.example");
  d = Deployment(tech, id);
  ASSERT_EQ(TargetOf(d, web01_)["state"], "sent") << d.dump();
  auto frames = app_->services().agents().TakePendingCommands(agent);
  ASSERT_TRUE(frames.ok());
  ASSERT_EQ(frames->size(), 1u);
  auto envelope = proto::ParseEnvelope((*frames)[0].envelope);
  ASSERT_TRUE(envelope.ok()) << envelope.status().ToString();
  ASSERT_TRUE(envelope->action.has_value());
  EXPECT_EQ(envelope->action->packages,
            (std::vector<proto::PackageTarget>{{"openssl", "3.0.15-1~deb12u1"}}));
  EXPECT_EQ(envelope->expires_at, *ParseIso8601("2026-11-29T02:00:00Z"));

  // The package fails: it goes again (still inside the window), then installs.
  proto::CommandResultFrame failed;
  failed.command_id = (*frames)[0].command_id;
  failed.status = "completed";
  failed.exit_code = 100;
  failed.packages = std::vector<proto::PackageOutcome>{
      {"openssl", "failed", "3.0.14-1~deb12u1", "installed", 100, "E: Could not get lock", ""}};
  ASSERT_TRUE(app_->services().agents().RecordCommandResult(agent, failed).ok());
  app_->RunJobsOnceForTest();
  d = Deployment(tech, id);
  EXPECT_EQ(TargetOf(d, web01_)["state"], "sent") << d.dump();
  EXPECT_EQ(TargetOf(d, web01_)["attempts"], 2);
  frames = app_->services().agents().TakePendingCommands(agent);
  ASSERT_TRUE(frames.ok());
  ASSERT_EQ(frames->size(), 1u) << "the retry really runs";
  proto::CommandResultFrame ok;
  ok.command_id = (*frames)[0].command_id;
  ok.status = "completed";
  ok.packages = std::vector<proto::PackageOutcome>{
      {"openssl", "installed", "3.0.15-1~deb12u1", "installed", 0, "", ""}};
  ok.reboot_required = true;
  ASSERT_TRUE(app_->services().agents().RecordCommandResult(agent, ok).ok());
  app_->RunJobsOnceForTest();
  d = Deployment(tech, id);
  EXPECT_EQ(d["status"], "done") << d.dump();
  const Json& t = TargetOf(d, web01_);
  EXPECT_EQ(t["state"], "installed");
  ASSERT_EQ(t["results"].size(), 1u);
  EXPECT_EQ(t["results"][0]["outcome"], "installed");
  EXPECT_EQ(t["results"][0]["version"], "3.0.15-1~deb12u1");
  EXPECT_EQ(t["reboot_required"], true);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.create'"), 1);
  EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.target'"), 3);
}

TEST_P(DeploymentApiTest, AMissedWindowGoesAsSoonAsTheDeviceIsBackOnline) {
  SetUpAcme();
  Agent(web01_);
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t rfc = ApprovedChange(tech);
  const int64_t id =
      CreatedId(tech.Post("/api/v1/changes/" + std::to_string(rfc) + "/deployments",
                          {{"packages", {"openssl"}}, {"missed_window", "when_online"}}));
  // The window opens; the device is offline and never takes the command.
  clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 1);
  // The window is over: the command expires undelivered and the device waits
  // for the device, not for next Saturday.
  clock().Set(*ParseIso8601("2026-11-29T03:00:00Z"));
  app_->RunJobsOnceForTest();
  app_->RunJobsOnceForTest();
  tech = LoggedIn("tech@msp.example");
  Json t = TargetOf(Deployment(tech, id), web01_);
  EXPECT_EQ(t["state"], "waiting") << t.dump();
  EXPECT_TRUE(t["next_attempt_at"].is_null()) << t.dump();
  EXPECT_NE(t["reason"].get<std::string>().find("as soon as the device is back online"),
            std::string::npos)
      << t.dump();
  EXPECT_EQ(t["attempts"], 0) << "an undelivered command is not a try";
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands"), 1);
  // It connects on Monday morning: the action goes at once, valid for an hour.
  clock().Set(*ParseIso8601("2026-11-30T08:00:00Z"));
  Connect(web01_);
  app_->RunJobsOnceForTest();
  tech = LoggedIn("tech@msp.example");
  t = TargetOf(Deployment(tech, id), web01_);
  EXPECT_EQ(t["state"], "sent") << t.dump();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM agent_commands WHERE expires_at = ?",
                      {ToMillis(*ParseIso8601("2026-11-30T09:00:00Z"))}),
            1);
}

TEST_P(DeploymentApiTest, BadInputIsRefusedByNameAndWritesNothing) {
  SetUpAcme();
  Agent(web01_);
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t rfc = ApprovedChange(tech);
  const std::string path = "/api/v1/changes/" + std::to_string(rfc) + "/deployments";
  for (const Json& body : {Json::object(), Json{{"packages", {"-oAPT::Get=1"}}},
                           Json{{"packages", {"openssl", "openssl"}}},
                           Json{{"packages", {"openssl"}}, {"reboot", "sometimes"}},
                           Json{{"packages", {"openssl"}}, {"device_ids", {999999}}}}) {
    auto r = tech.Post(path, body);
    EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
  }
  // A draft change deploys nothing.
  const int64_t draft =
      CreatedId(tech.Post("/api/v1/changes", {{"customer_id", acme_}, {"title", "Not yet"}}));
  auto r = tech.Post("/api/v1/changes/" + std::to_string(draft) + "/deployments",
                     {{"packages", {"openssl"}}});
  EXPECT_EQ(r.status, 409) << r.body;
  // A token cannot deploy, whatever its scopes; another customer sees nothing.
  HttpClient script = Client();
  script.set_bearer(FullOwnerToken());
  EXPECT_EQ(script.Post(path, {{"packages", {"openssl"}}}).status, 403);
  EXPECT_EQ(LoggedIn("bo@beta.example").Post(path, {{"packages", {"openssl"}}}).status, 404);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM patch_deployments"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.create'"), 0);
}

STEWARD_INSTANTIATE_SERVER_TEST(DeploymentApiTest);

}  // namespace
}  // namespace steward::testing
