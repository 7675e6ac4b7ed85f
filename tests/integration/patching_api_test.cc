// Patch management over real HTTP (issue 14), on SQLite and PostgreSQL: a
// script with an ingest token reports a device's scan, the device's updates
// show their class, deadline and clock, a newer candidate keeps its
// deadline, compliance falls when a deadline passes on the fake clock, the
// customer's overrides reclassify, bad reports are 400 with the field and
// write nothing, and a portal user sees their own devices only.
#include <optional>

#include "server_fixture.h"

namespace steward::testing {
namespace {

class PatchingApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    session_.emplace(Owner());
    acme_ = Id(owner().Post("/api/v1/customers", {{"name", "Acme"}}));
    beta_ = Id(owner().Post("/api/v1/customers", {{"name", "Beta"}}));
    web01_ = Id(owner().Post("/api/v1/cis",
                             {{"customer_id", acme_}, {"kind", "server"}, {"name", "web01"}}));
    beta01_ = Id(owner().Post("/api/v1/cis",
                              {{"customer_id", beta_}, {"kind", "server"}, {"name", "beta01"}}));
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  std::string ReportPath(int64_t device) {
    return "/api/v1/devices/" + std::to_string(device) + "/updates/report";
  }
  std::string UpdatesPath(int64_t device) {
    return "/api/v1/devices/" + std::to_string(device) + "/updates";
  }

  static Json Scan(const std::string& openssl_candidate) {
    return {{"family", "debian"},
            {"updates",
             {{{"package", "openssl"},
               {"installed_version", "3.0.14-1~deb12u1"},
               {"candidate_version", openssl_candidate},
               {"origin", "Debian-Security:12/stable-security"},
               {"cves", {"CVE-2024-5535"}}},
              {{"package", "tzdata"},
               {"installed_version", "2024a-0+deb12u1"},
               {"candidate_version", "2025b-0+deb12u1"},
               {"origin", "Debian:12.9/stable"}}}}};
  }

  HttpClient& owner() { return *session_; }
  // Days pass: a session does not last that long, so log in again.
  void Later(std::chrono::hours h) {
    Advance(h);
    session_.emplace(Owner());
  }

  std::optional<HttpClient> session_;
  int64_t acme_ = 0, beta_ = 0, web01_ = 0, beta01_ = 0;
};

TEST_P(PatchingApiTest, AScriptReportsAScanAndTheDeviceShowsClassesDeadlinesAndClocks) {
  HttpClient script = Client();
  script.set_bearer(TokenWithScopes(owner(), {"ingest"}));
  auto r = script.Post(ReportPath(web01_), Scan("3.0.15-1~deb12u1"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["pending"], 2);
  EXPECT_EQ(r.json()["added"], 2);

  auto list = owner().Get(UpdatesPath(web01_));
  ASSERT_EQ(list.status, 200) << list.body;
  Json updates = list.json();
  ASSERT_EQ(updates.size(), 2u) << updates.dump();
  // Monday 23 Nov 09:00 UTC, round-the-clock calendar (none set): the end
  // of the 10th business day after it is the end of 3 Dec in UTC.
  EXPECT_EQ(updates[0]["package"], "openssl");
  EXPECT_EQ(updates[0]["class"], "important");
  EXPECT_EQ(updates[0]["first_seen_at"], "2026-11-23T09:00:00Z");
  EXPECT_EQ(updates[0]["deadline"], "2026-12-04T00:00:00Z");
  EXPECT_EQ(updates[0]["status"], "pending");
  EXPECT_EQ(updates[0]["clock"], "ok");
  EXPECT_EQ(updates[0]["cves"], Json({"CVE-2024-5535"}));
  EXPECT_EQ(updates[1]["class"], "service_release");
  EXPECT_EQ(updates[1]["deadline"], "2027-05-23T09:00:00Z");
  // A token with only the read scope may look but not report.
  HttpClient reader = Client();
  reader.set_bearer(TokenWithScopes(owner(), {"read"}));
  EXPECT_EQ(reader.Get(UpdatesPath(web01_)).status, 200);
  EXPECT_EQ(reader.Post(ReportPath(web01_), Scan("3.0.16-1")).status, 403);
  // The report is in the audit log.
  auto audit = owner().Get("/api/v1/audit?action=updates.report");
  EXPECT_NE(audit.body.find("\"added\":2"), std::string::npos) << audit.body;
}

TEST_P(PatchingApiTest, ANewerCandidateKeepsItsDeadlineAndComplianceFallsWhenItPasses) {
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.15-1")).status, 200);
  auto compliance = owner().Get("/api/v1/customers/" + std::to_string(acme_) + "/patch-compliance");
  ASSERT_EQ(compliance.status, 200) << compliance.body;
  EXPECT_EQ(compliance.json()["devices"], 1);
  EXPECT_EQ(compliance.json()["compliant"], 1);
  EXPECT_EQ(compliance.json()["percent"], 100.0);

  // Eight days later (75 % of ten business days gone): a newer candidate,
  // the same deadline, and the clock warns.
  Later(std::chrono::hours(24 * 8));
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.16-1")).status, 200);
  Json updates = owner().Get(UpdatesPath(web01_)).json();
  EXPECT_EQ(updates[0]["candidate_version"], "3.0.16-1");
  EXPECT_EQ(updates[0]["deadline"], "2026-12-04T00:00:00Z");
  EXPECT_EQ(updates[0]["clock"], "warning");

  // Past the deadline, still reported: overdue, and Acme is 0 % compliant.
  Later(std::chrono::hours(24 * 3));
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.16-1")).status, 200);
  updates = owner().Get(UpdatesPath(web01_)).json();
  EXPECT_EQ(updates[0]["clock"], "overdue");
  compliance = owner().Get("/api/v1/customers/" + std::to_string(acme_) + "/patch-compliance");
  EXPECT_EQ(compliance.json()["compliant"], 0) << compliance.body;
  EXPECT_EQ(compliance.json()["percent"], 0.0);
  EXPECT_EQ(compliance.json()["overdue_by_class"]["important"], 1);

  // Installed at last: gone from the scan, in the history, compliant again.
  ASSERT_EQ(owner().Post(ReportPath(web01_), {{"updates", Json::array()}}).status, 200);
  EXPECT_TRUE(owner().Get(UpdatesPath(web01_)).json().empty());
  Json history = owner().Get(UpdatesPath(web01_) + "?history=1").json();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["status"], "installed");
  EXPECT_EQ(history[0]["clock"], nullptr);
  compliance = owner().Get("/api/v1/customers/" + std::to_string(acme_) + "/patch-compliance");
  EXPECT_EQ(compliance.json()["compliant"], 1);
}

TEST_P(PatchingApiTest, OverridesReclassifyTheNextScan) {
  std::string path = "/api/v1/customers/" + std::to_string(acme_) + "/update-class-overrides";
  auto set = owner().Put(path, {{"overrides", {{{"pattern", "tz*"}, {"class", "critical"}}}}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(owner().Get(path).json()["overrides"][0]["pattern"], "tz*");
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.15-1")).status, 200);
  Json updates = owner().Get(UpdatesPath(web01_)).json();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0]["package"], "tzdata") << "critical comes due first";
  EXPECT_EQ(updates[0]["class"], "critical");
  // An unknown class names its field; a technician may not set policy.
  auto bad = owner().Put(path, {{"overrides", {{{"pattern", "x"}, {"class", "urgent"}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "overrides[0].class");
  AddUser("tech@msp.example", accounts::Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(tech.Put(path, {{"overrides", Json::array()}}).status, 403);
  EXPECT_EQ(owner().Get(path).json()["overrides"].size(), 1u);
}

TEST_P(PatchingApiTest, BadReportsAre400WithTheFieldAndWriteNothing) {
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.15-1")).status, 200);
  struct Case {
    Json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {Json::object(), "updates"},
      {{{"updates", "openssl"}}, "updates"},
      {{{"updates", {{{"package", "openssl"}}}}}, "updates[0].candidate_version"},
      {{{"updates", {{{"package", "a"}, {"candidate_version", "1"}, {"cves", {"CVE-1"}}}}}},
       "updates[0].cves[0]"},
      {{{"updates",
         {{{"package", "a"}, {"candidate_version", "1"}},
          {{"package", "a"}, {"candidate_version", "2"}}}}},
       "updates[1].package"},
      {{{"family", "macos"}, {"updates", Json::array()}}, "family"},
      {{{"updates", {{{"package", "a"}, {"candidate_version", "1"}, {"extra", 1}}}}},
       "updates[0].extra"},
  };
  for (const Case& c : cases) {
    auto r = owner().Post(ReportPath(web01_), c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body.dump() << " " << r.body;
  }
  Json updates = owner().Get(UpdatesPath(web01_)).json();
  ASSERT_EQ(updates.size(), 2u) << "nothing written, nothing marked installed";
  EXPECT_EQ(updates[0]["candidate_version"], "3.0.15-1");
}

TEST_P(PatchingApiTest, APortalUserSeesOnlyTheirOwnDevices) {
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.15-1")).status, 200);
  ASSERT_EQ(owner().Post(ReportPath(beta01_), Scan("3.0.15-1")).status, 200);
  AddUser("it@beta.example", accounts::Role::kPortal, beta_);
  HttpClient portal = LoggedIn("it@beta.example");
  EXPECT_EQ(portal.Get(UpdatesPath(beta01_)).status, 200);
  EXPECT_EQ(portal.Get("/api/v1/customers/" + std::to_string(beta_) + "/patch-compliance").status,
            200);
  EXPECT_EQ(portal.Get(UpdatesPath(web01_)).status, 404);
  EXPECT_EQ(portal.Get("/api/v1/customers/" + std::to_string(acme_) + "/patch-compliance").status,
            404);
  EXPECT_EQ(portal.Post(ReportPath(beta01_), Scan("9")).status, 403);
}

TEST_P(PatchingApiTest, TheChangeManagerSetsThePolicyAndApprovesWhatItLeavesToAPerson) {
  AddUser("cm@msp.example", accounts::Role::kChangeManager);
  HttpClient cm = LoggedIn("cm@msp.example");
  auto policy = cm.Put("/api/v1/update-approval-policy",
                       {{"level", "global"},
                        {"rules",
                         {{{"class", "service_release"}, {"mode", "automatic"}, {"delay_days", 0}},
                          {{"class", "important"}, {"mode", "manual"}}}}});
  ASSERT_EQ(policy.status, 200) << policy.body;
  EXPECT_EQ(policy.json()["rules"].size(), 2u);
  EXPECT_EQ(cm.Get("/api/v1/update-approval-policy?level=global").json()["rules"][0]["class"],
            "service_release");
  ASSERT_EQ(owner().Post(ReportPath(web01_), Scan("3.0.15-1")).status, 200);
  Json updates = owner().Get(UpdatesPath(web01_)).json();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0]["approval"]["in_force"], "pending");
  EXPECT_EQ(updates[1]["clock"], "approved") << "tzdata approved itself";

  std::string approve =
      UpdatesPath(web01_) + "/" + std::to_string(updates[0]["id"].get<int64_t>()) + "/approval";
  auto decided = cm.Post(approve, {{"decision", "approve"}, {"note", "tested on test-web"}});
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(decided.json()["clock"], "approved");
  EXPECT_EQ(decided.json()["approval"]["by_person"], true);
  EXPECT_EQ(decided.json()["approval"]["note"], "tested on test-web");
  auto audit = owner().Get("/api/v1/audit?action=updates.approve");
  EXPECT_NE(audit.body.find("tested on test-web"), std::string::npos) << audit.body;

  // A technician may read the policy but neither set it nor approve.
  AddUser("tech@msp.example", accounts::Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(tech.Get("/api/v1/update-approval-policy?level=global").status, 200);
  EXPECT_EQ(
      tech.Put("/api/v1/update-approval-policy", {{"level", "global"}, {"rules", Json::array()}})
          .status,
      403);
  EXPECT_EQ(tech.Post(approve, {{"decision", "reject"}}).status, 403);
  // Bad input names its field.
  auto bad = cm.Post(approve, {{"decision", "maybe"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "decision");
  bad = cm.Put("/api/v1/update-approval-policy", {{"level", "customer"}, {"rules", Json::array()}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "target_id");
  bad = cm.Put("/api/v1/update-approval-policy",
               {{"level", "global"},
                {"rules", {{{"class", "low"}, {"mode", "manual"}, {"delay_days", 3}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "rules[0].delay_days");
  EXPECT_EQ(cm.Get("/api/v1/update-approval-policy?level=global").json()["rules"].size(), 2u);
}

STEWARD_INSTANTIATE_SERVER_TEST(PatchingApiTest);

}  // namespace
}  // namespace steward::testing
