// Releases over real HTTP on SQLite and PostgreSQL with the fake clock
// (issue 14 item 6): a change's updates go to the customer's test group
// first; the change cannot be approved while its release installs or soaks;
// a clean install and a quiet soak pass it and the change is approved; an
// incident on a test device during the soak fails it, and a new release
// can follow. Bad input is a 4xx naming the field that writes nothing.
#include "deployment_fixture.h"

namespace steward::testing {
namespace {

class ReleaseApiTest : public DeploymentApiTest {
 protected:
  // A standard change over both servers, filled but not submitted, and a
  // "Test servers" group holding web01.
  void SetUpRelease() {
    SetUpAcme();
    agent_ = Agent(web01_);
    HttpClient owner = Owner();
    group_ = CreatedId(
        owner.Post("/api/v1/device-groups", {{"customer_id", acme_}, {"name", "Test servers"}}));
    ASSERT_EQ(owner
                  .Post("/api/v1/device-groups/" + std::to_string(group_) + "/members",
                        {{"device_id", web01_}})
                  .status,
              200);
    HttpClient tech = LoggedIn("tech@msp.example");
    rfc_ = DraftChange(tech, "2026-12-05T22:00:00Z", "2026-12-06T02:00:00Z");
  }

  std::string Releases() { return "/api/v1/changes/" + std::to_string(rfc_) + "/releases"; }

  Json Release(int64_t id) {
    auto r = LoggedIn("tech@msp.example").Get("/api/v1/releases/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  HttpResult Submit() {
    return LoggedIn("tech@msp.example")
        .Patch("/api/v1/changes/" + std::to_string(rfc_), {{"status", "submitted"}});
  }

  // In the Saturday window the test deployment goes out and web01's agent
  // installs openssl; the jobs then see the deployment done.
  void InstallOnTheTestGroup() {
    clock().Set(*ParseIso8601("2026-11-28T22:05:00Z"));
    app_->RunJobsOnceForTest();
    auto frames = app_->services().agents().TakePendingCommands(agent_);
    ASSERT_TRUE(frames.ok());
    ASSERT_EQ(frames->size(), 1u);
    proto::CommandResultFrame done;
    done.command_id = (*frames)[0].command_id;
    done.status = "completed";
    done.packages = std::vector<proto::PackageOutcome>{
        {"openssl", "installed", "3.0.15-1~deb12u1", "installed", 0, "", ""}};
    ASSERT_TRUE(app_->services().agents().RecordCommandResult(agent_, done).ok());
    clock().Set(*ParseIso8601("2026-11-28T22:10:00Z"));
    app_->RunJobsOnceForTest();  // the deployment ends
    app_->RunJobsOnceForTest();  // the release sees it
  }

  agentlink::AgentSession agent_;
  int64_t group_ = 0, rfc_ = 0;
};

TEST_P(ReleaseApiTest, AChangeIsApprovedOnlyOnceItsReleasePassedOnTheTestGroup) {
  SetUpRelease();
  HttpClient tech = LoggedIn("tech@msp.example");
  auto created = tech.Post(Releases(), {{"test_group_id", group_}, {"packages", {"openssl"}}});
  const int64_t id = CreatedId(created);
  Json r = created.json();
  EXPECT_EQ(r["status"], "testing");
  EXPECT_EQ(r["soak_hours"], 24);
  EXPECT_EQ(r["test_group_name"], "Test servers");
  // Its test deployment goes to the test group only, not to web02.
  Json d = Deployment(tech, r["deployment_id"].get<int64_t>());
  ASSERT_EQ(d["targets"].size(), 1u) << d.dump();
  EXPECT_EQ(d["targets"][0]["device_id"], web01_);

  // While it installs, the standard change cannot be submitted (which
  // would approve it), and nothing is written.
  auto held = Submit();
  EXPECT_EQ(held.status, 409) << held.body;
  EXPECT_NE(held.body.find("release " + std::to_string(id)), std::string::npos) << held.body;
  EXPECT_EQ(
      LoggedIn("tech@msp.example").Get("/api/v1/changes/" + std::to_string(rfc_)).json()["status"],
      "draft");

  InstallOnTheTestGroup();
  r = Release(id);
  EXPECT_EQ(r["status"], "soaking") << r.dump();
  EXPECT_EQ(r["soak_ends_at"], "2026-11-29T22:10:00Z") << r.dump();
  EXPECT_EQ(Submit().status, 409) << "still soaking";

  // A quiet day on the test group: passed, and the change is approved.
  clock().Set(*ParseIso8601("2026-11-29T22:11:00Z"));
  app_->RunJobsOnceForTest();
  r = Release(id);
  EXPECT_EQ(r["status"], "passed") << r.dump();
  auto approved = Submit();
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["status"], "approved");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'release.status'"), 2);
}

TEST_P(ReleaseApiTest, AnIncidentOnATestDeviceDuringTheSoakFailsTheRelease) {
  SetUpRelease();
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t id = CreatedId(tech.Post(
      Releases(), {{"test_group_id", group_}, {"packages", {"openssl"}}, {"soak_hours", 48}}));
  InstallOnTheTestGroup();
  ASSERT_EQ(Release(id)["status"], "soaking");
  // Three hours in: a ticket about web02 (not a test device) counts for
  // nothing; then web01's users cannot log in.
  clock().Set(*ParseIso8601("2026-11-29T01:00:00Z"));
  HttpClient owner = Owner();
  CreatedId(owner.Post("/api/v1/tickets", {{"customer_id", acme_},
                                           {"subject", "Disk full"},
                                           {"description", "on web02"},
                                           {"priority", "low"},
                                           {"ci_ids", {web02_}}}));
  app_->RunJobsOnceForTest();
  ASSERT_EQ(Release(id)["status"], "soaking");
  const int64_t ticket = CreatedId(owner.Post("/api/v1/tickets", {{"customer_id", acme_},
                                                                  {"subject", "TLS errors"},
                                                                  {"description", "since Sunday"},
                                                                  {"priority", "high"},
                                                                  {"ci_ids", {web01_}}}));
  app_->RunJobsOnceForTest();
  Json r = Release(id);
  EXPECT_EQ(r["status"], "failed") << r.dump();
  EXPECT_NE(r["reason"].get<std::string>().find("ticket #" + std::to_string(ticket)),
            std::string::npos)
      << r.dump();
  auto held = Submit();
  EXPECT_EQ(held.status, 409);
  EXPECT_NE(held.body.find("failed"), std::string::npos) << held.body;
  // A new release may follow the failed one.
  tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(tech.Post(Releases(), {{"test_group_id", group_}, {"packages", {"openssl"}}}).status,
            201);
  auto list = tech.Get(Releases());
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json().size(), 2u);
  EXPECT_EQ(list.json()[0]["status"], "testing") << "newest first";
}

TEST_P(ReleaseApiTest, BadInputIsRefusedByNameAndWritesNothing) {
  SetUpRelease();
  HttpClient owner = Owner();
  const int64_t empty =
      CreatedId(owner.Post("/api/v1/device-groups", {{"customer_id", acme_}, {"name", "Nobody"}}));
  const int64_t beta_group = CreatedId(
      owner.Post("/api/v1/device-groups", {{"customer_id", beta_}, {"name", "Beta test"}}));
  HttpClient tech = LoggedIn("tech@msp.example");
  struct Case {
    Json body;
    const char* field;
  };
  for (const Case& c : std::vector<Case>{
           {Json{{"packages", {"openssl"}}}, "test_group_id"},
           {Json{{"test_group_id", group_}}, "packages"},
           {Json{{"test_group_id", empty}, {"packages", {"openssl"}}}, "test_group_id"},
           {Json{{"test_group_id", beta_group}, {"packages", {"openssl"}}}, "test_group_id"},
           {Json{{"test_group_id", group_}, {"packages", {"openssl"}}, {"soak_hours", 0}},
            "soak_hours"},
           {Json{{"test_group_id", group_}, {"packages", {"tzdata-nothere"}}}, "packages"},
           {Json{{"test_group_id", group_}, {"packages", {"-oAPT"}}}, "packages"}}) {
    auto r = tech.Post(Releases(), c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body.dump() << " " << r.body;
  }
  // A token cannot release; another customer sees nothing; an approved
  // change is past testing.
  HttpClient script = Client();
  script.set_bearer(FullOwnerToken());
  EXPECT_EQ(script.Post(Releases(), {{"test_group_id", group_}, {"packages", {"openssl"}}}).status,
            403);
  EXPECT_EQ(LoggedIn("bo@beta.example")
                .Post(Releases(), {{"test_group_id", group_}, {"packages", {"openssl"}}})
                .status,
            404);
  const int64_t approved = ApprovedChange(tech);
  EXPECT_EQ(tech.Post("/api/v1/changes/" + std::to_string(approved) + "/releases",
                      {{"test_group_id", group_}, {"packages", {"openssl"}}})
                .status,
            409);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM releases"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM patch_deployments"), 0);
}

STEWARD_INSTANTIATE_SERVER_TEST(ReleaseApiTest);

}  // namespace
}  // namespace steward::testing
