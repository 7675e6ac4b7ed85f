// Requests for change over real HTTP (issue 14 item 4), on SQLite and
// PostgreSQL, with the fake clock: a technician raises an RFC from a ticket,
// cannot submit it incomplete, submits it; the requester cannot approve,
// reviewers and the customer's portal user do, and the ticket follows;
// scheduling is refused outside the CI's change window, against a change on
// a related CI and inside a freeze; the change runs in its window and closes
// with its outcome. A rejection sends the ticket back to work. Bad input is a
// 4xx naming the field that writes nothing; tokens cannot vote; another
// customer sees nothing.
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class ChangeApiTest : public ServerTest {
 protected:
  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  static std::string ChangePath(int64_t id, const std::string& rest = "") {
    return "/api/v1/changes/" + std::to_string(id) + rest;
  }
  // The error's field ("" when it names none).
  static std::string FieldOf(const HttpResult& r) {
    const Json body = r.json();
    if (!body.contains("error") || !body["error"]["field"].is_string()) return "";
    return body["error"]["field"].get<std::string>();
  }
  std::string TicketStatus(HttpClient& c, int64_t ticket) {
    return c.Get("/api/v1/tickets/" + std::to_string(ticket)).json().value("status", "");
  }

  // Acme with two related servers and a Saturday-night window (UTC: Acme has
  // no calendar of its own), the staff who take part, and a portal user.
  void SetUpAcme() {
    HttpClient owner = Owner();
    acme_ = Id(owner.Post("/api/v1/customers", {{"name", "Acme"}}));
    beta_ = Id(owner.Post("/api/v1/customers", {{"name", "Beta"}}));
    web01_ = Id(
        owner.Post("/api/v1/cis", {{"customer_id", acme_}, {"kind", "server"}, {"name", "web01"}}));
    db01_ = Id(
        owner.Post("/api/v1/cis", {{"customer_id", acme_}, {"kind", "server"}, {"name", "db01"}}));
    beta_srv_ = Id(owner.Post("/api/v1/cis",
                              {{"customer_id", beta_}, {"kind", "server"}, {"name", "beta01"}}));
    Id(owner.Post("/api/v1/cis/" + std::to_string(web01_) + "/relations",
                  {{"to_ci_id", db01_}, {"kind", "depends_on"}}));
    Id(owner.Post("/api/v1/change-windows", {{"customer_id", acme_},
                                             {"name", "Saturday night"},
                                             {"rrule", "FREQ=WEEKLY;BYDAY=SA"},
                                             {"start", "2026-11-28T22:00"},
                                             {"duration_minutes", 240}}));
    tech_ = AddUser("tech@msp.example", Role::kTechnician);
    AddUser("tech2@msp.example", Role::kTechnician);
    sm_ = AddUser("sm@msp.example", Role::kServiceManager);
    cm_ = AddUser("cm@msp.example", Role::kChangeManager);
    AddUser("ann@acme.example", Role::kPortal, acme_);
    AddUser("bo@beta.example", Role::kPortal, beta_);
  }

  // Every field an RFC needs, for Acme's web01, in Saturday's window.
  Json Complete() {
    return {{"description", "Upgrade nginx to 1.26 from the vendor repository"},
            {"reason", "CVE-2026-1234 in the HTTP/3 module"},
            {"components", "nginx"},
            {"ci_ids", {web01_}},
            {"risk", "medium"},
            {"impact", "low"},
            {"backout_plan", "apt-get install nginx=1.24 from the local cache"},
            {"test_plan", "installed on the test group for 24 hours"},
            {"cost_estimate_cents", 15000},
            {"planned_start", "2026-11-28T22:30:00Z"},
            {"planned_end", "2026-11-28T23:30:00Z"},
            {"reviewer_ids", {sm_, cm_}},
            {"quorum", 2}};
  }

  // A standard change on `cis` (submitting it approves it) scheduled in
  // Saturday's window and implemented at 22:45 that night.
  int64_t ImplementedStandardChange(const std::vector<int64_t>& cis) {
    HttpClient tech = LoggedIn("tech@msp.example");
    const int64_t rfc =
        Id(tech.Post("/api/v1/changes",
                     {{"customer_id", acme_}, {"title", "Upgrade nginx"}, {"type", "standard"}}));
    Json fill = Complete();
    fill["ci_ids"] = cis;
    EXPECT_EQ(tech.Patch(ChangePath(rfc), fill).status, 200);
    auto r = tech.Patch(ChangePath(rfc), {{"status", "submitted"}});
    EXPECT_EQ(r.json()["status"], "approved") << r.body;
    EXPECT_EQ(tech.Patch(ChangePath(rfc), {{"status", "scheduled"}}).status, 200);
    clock().Set(*ParseIso8601("2026-11-28T22:45:00Z"));
    tech = LoggedIn("tech@msp.example");
    r = tech.Patch(ChangePath(rfc), {{"status", "implemented"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return rfc;
  }

  int64_t IncidentOn(HttpClient& c, int64_t ci, const std::string& subject) {
    return Id(c.Post("/api/v1/tickets", {{"customer_id", acme_},
                                         {"subject", subject},
                                         {"description", "Users report errors"},
                                         {"priority", "high"},
                                         {"ci_ids", {ci}}}));
  }

  int64_t acme_ = 0, beta_ = 0, web01_ = 0, db01_ = 0, beta_srv_ = 0;
  int64_t tech_ = 0, sm_ = 0, cm_ = 0;
};

TEST_P(ChangeApiTest, AnRfcRunsFromTicketToClosedWithItsTicketFollowing) {
  SetUpAcme();
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t ticket = Id(tech.Post("/api/v1/tickets", {{"customer_id", acme_},
                                                          {"subject", "Web server vulnerable"},
                                                          {"description", "Scanner flagged nginx"},
                                                          {"priority", "high"}}));
  auto created = tech.Post("/api/v1/changes", {{"customer_id", acme_},
                                               {"title", "Upgrade nginx on web01"},
                                               {"type", "normal"},
                                               {"ticket_id", ticket}});
  const int64_t rfc = Id(created);
  EXPECT_EQ(created.json()["status"], "draft");
  EXPECT_EQ(created.json()["ref"], "RFC-" + std::to_string(rfc));
  EXPECT_EQ(created.json()["requested_by"]["id"], tech_);
  EXPECT_EQ(created.json()["missing_for_submit"][0], "description") << created.body;

  // Incomplete: refused naming the first missing field; nothing moves.
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  auto r = tech.Patch(ChangePath(rfc), {{"status", "submitted"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "description");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("backout_plan"),
            std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
  EXPECT_EQ(tech.Get(ChangePath(rfc)).json()["status"], "draft");

  Json fill = Complete();
  fill["customer_approval"] = true;
  r = tech.Patch(ChangePath(rfc), fill);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["missing_for_submit"].empty()) << r.body;
  EXPECT_EQ(r.json()["cis"][0]["name"], "web01");
  EXPECT_EQ(r.json()["reviewers"].size(), 2u);
  r = tech.Patch(ChangePath(rfc), {{"status", "submitted"}, {"note", "ready for CAB"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "submitted");
  EXPECT_EQ(TicketStatus(tech, ticket), "rfc_submitted") << "the ticket follows its RFC";
  // A submitted change's fields are fixed; it goes back to draft to change.
  r = tech.Patch(ChangePath(rfc), {{"title", "Something else"}});
  EXPECT_EQ(r.status, 409) << r.body;

  // The requester cannot approve; a technician who is no reviewer cannot vote.
  r = tech.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("requester"), std::string::npos);
  HttpClient tech2 = LoggedIn("tech2@msp.example");
  EXPECT_EQ(tech2.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}}).status, 403);

  // Two reviewers approve: the quorum, but the customer is still to decide.
  HttpClient sm = LoggedIn("sm@msp.example");
  HttpClient cm = LoggedIn("cm@msp.example");
  r = sm.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}, {"comment", "fine"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "submitted");
  r = cm.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "submitted") << "waiting for the customer";
  EXPECT_EQ(cm.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}}).status, 409)
      << "one vote each";

  // The customer's portal user sees it and approves; Beta's sees nothing.
  HttpClient ann = LoggedIn("ann@acme.example");
  HttpClient bo = LoggedIn("bo@beta.example");
  auto listed = ann.Get("/api/v1/changes");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["changes"].size(), 1u);
  EXPECT_EQ(bo.Get(ChangePath(rfc)).status, 404);
  EXPECT_EQ(bo.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}}).status, 404);
  EXPECT_TRUE(bo.Get("/api/v1/changes").json()["changes"].empty());
  r = ann.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}, {"comment", "go ahead"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "approved");
  EXPECT_EQ(r.json()["approvals"].size(), 3u);
  EXPECT_EQ(r.json()["approvals"][2]["role"], "customer");
  EXPECT_EQ(TicketStatus(tech, ticket), "pending_fix") << "approved: the fix waits";

  // Outside the window (Saturday 22:00-02:00 UTC): refused, naming why.
  r = tech.Patch(ChangePath(rfc), {{"planned_start", "2026-11-28T20:00:00Z"},
                                   {"planned_end", "2026-11-28T23:00:00Z"},
                                   {"status", "scheduled"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "planned_start");
  EXPECT_NE(r.body.find("outside the change windows of web01"), std::string::npos) << r.body;
  EXPECT_EQ(tech.Get(ChangePath(rfc)).json()["planned_start"], "2026-11-28T22:30:00Z")
      << "the refused move wrote nothing";
  r = tech.Patch(ChangePath(rfc), {{"status", "scheduled"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "scheduled");

  // A standard change on db01 (related to web01) in the same slot conflicts.
  Json second = Complete();
  second["customer_id"] = acme_;
  second["title"] = "Restart PostgreSQL on db01";
  second["type"] = "standard";
  second["ci_ids"] = {db01_};
  second.erase("reviewer_ids");
  second.erase("quorum");
  const int64_t rfc2 = Id(tech.Post("/api/v1/changes", second));
  r = tech.Patch(ChangePath(rfc2), {{"status", "submitted"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "approved") << "a standard change is pre-authorised";
  auto preview = tech.Get(ChangePath(rfc2, "/conflicts"));
  ASSERT_EQ(preview.status, 200) << preview.body;
  ASSERT_EQ(preview.json()["conflicts"].size(), 1u) << preview.body;
  EXPECT_EQ(preview.json()["conflicts"][0]["kind"], "overlap");
  EXPECT_EQ(preview.json()["conflicts"][0]["change_id"], rfc);
  r = tech.Patch(ChangePath(rfc2), {{"status", "scheduled"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("a related CI"), std::string::npos) << r.body;

  // A freeze over the next Saturday refuses the following week's slot.
  HttpClient owner = Owner();
  auto freeze = owner.Post("/api/v1/change-freezes", {{"customer_id", acme_},
                                                      {"name", "Black Friday sales"},
                                                      {"starts_at", "2026-12-05T00:00:00Z"},
                                                      {"ends_at", "2026-12-07T00:00:00Z"}});
  const int64_t freeze_id = Id(freeze);
  EXPECT_EQ(tech.Post("/api/v1/change-freezes", {{"name", "x"},
                                                 {"starts_at", "2026-12-05T00:00:00Z"},
                                                 {"ends_at", "2026-12-06T00:00:00Z"}})
                .status,
            403)
      << "a technician does not keep the calendar";
  r = tech.Patch(ChangePath(rfc2), {{"planned_start", "2026-12-05T22:30:00Z"},
                                    {"planned_end", "2026-12-05T23:00:00Z"},
                                    {"status", "scheduled"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(
                "inside the freeze \"Black Friday sales\""),
            std::string::npos)
      << r.body;
  r = tech.Patch(ChangePath(rfc2), {{"planned_start", "2026-12-12T22:30:00Z"},
                                    {"planned_end", "2026-12-12T23:00:00Z"},
                                    {"status", "scheduled"}});
  ASSERT_EQ(r.status, 200) << r.body;

  // The calendar shows both changes and the freeze; the portal sees it too.
  auto cal = ann.Get("/api/v1/change-calendar?from=2026-11-23T00:00:00Z&to=2026-12-31T00:00:00Z");
  ASSERT_EQ(cal.status, 200) << cal.body;
  ASSERT_EQ(cal.json()["changes"].size(), 2u) << cal.body;
  EXPECT_EQ(cal.json()["changes"][0]["id"], rfc);
  ASSERT_EQ(cal.json()["freezes"].size(), 1u);
  EXPECT_EQ(cal.json()["freezes"][0]["id"], freeze_id);

  // It runs in its window, not before, and closes with its outcome.
  r = tech.Patch(ChangePath(rfc), {{"status", "implemented"}});
  EXPECT_EQ(r.status, 409) << r.body;
  clock().Set(*ParseIso8601("2026-11-28T22:45:00Z"));
  tech = LoggedIn("tech@msp.example");  // five days on, the session has expired
  r = tech.Patch(ChangePath(rfc), {{"status", "implemented"}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = tech.Patch(ChangePath(rfc),
                 {{"status", "closed"}, {"outcome", "withdrawn"}, {"review", "x"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "outcome");
  r = tech.Patch(ChangePath(rfc), {{"status", "closed"},
                                   {"outcome", "successful"},
                                   {"review", "nginx 1.26 serving; scanner clean"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "closed");
  EXPECT_EQ(r.json()["outcome"], "successful");
  EXPECT_TRUE(r.json()["allowed_moves"].empty());
  std::vector<std::string> moves;
  const Json closed = r.json();
  for (const Json& e : closed["events"]) moves.push_back(e["to"].get<std::string>());
  EXPECT_EQ(moves, (std::vector<std::string>{"submitted", "approved", "scheduled", "implemented",
                                             "closed"}));
  // The customer's change success rate counts it (read the next morning);
  // Beta's portal user sees none of it.
  Advance(std::chrono::hours(10));
  tech = LoggedIn("tech@msp.example");
  auto success = tech.Get("/api/v1/customers/" + std::to_string(acme_) + "/change-success");
  ASSERT_EQ(success.status, 200) << success.body;
  EXPECT_EQ(success.json()["successful"], 1);
  EXPECT_EQ(success.json()["ran"], 1);
  EXPECT_DOUBLE_EQ(success.json()["success_rate"].get<double>(), 1.0);
  EXPECT_EQ(LoggedIn("bo@beta.example")
                .Get("/api/v1/customers/" + std::to_string(acme_) + "/change-success")
                .status,
            404);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'change.status'"
                      " AND object_id = ?",
                      {std::to_string(rfc)}),
            5);
}

TEST_P(ChangeApiTest, ARejectionSendsTheTicketBackToWork) {
  SetUpAcme();
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t ticket = Id(tech.Post("/api/v1/tickets", {{"customer_id", acme_},
                                                          {"subject", "Move the database"},
                                                          {"description", "Disk is full"},
                                                          {"priority", "normal"}}));
  // Moving the ticket to "RFC submitted" raises a draft RFC for it.
  auto moved =
      tech.Patch("/api/v1/tickets/" + std::to_string(ticket), {{"status", "rfc_submitted"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto list = tech.Get("/api/v1/changes?customer_id=" + std::to_string(acme_) + "&status=draft");
  ASSERT_EQ(list.json()["changes"].size(), 1u) << list.body;
  const int64_t rfc = list.json()["changes"][0]["id"];
  EXPECT_EQ(list.json()["changes"][0]["ticket_id"], ticket);
  ASSERT_EQ(tech.Patch(ChangePath(rfc), Complete()).status, 200);
  ASSERT_EQ(tech.Patch(ChangePath(rfc), {{"status", "submitted"}}).status, 200);
  // A second RFC for the same ticket while this one is open is refused.
  auto twice = tech.Post("/api/v1/changes",
                         {{"customer_id", acme_}, {"title", "again"}, {"ticket_id", ticket}});
  EXPECT_EQ(twice.status, 409) << twice.body;

  HttpClient sm = LoggedIn("sm@msp.example");
  auto r = sm.Post(ChangePath(rfc, "/approvals"), {{"decision", "reject"}});
  EXPECT_EQ(r.status, 400) << "a rejection says why";
  EXPECT_EQ(r.json()["error"]["field"], "comment");
  r = sm.Post(ChangePath(rfc, "/approvals"),
              {{"decision", "reject"}, {"comment", "no back-out for the data"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "rejected") << "one rejection rejects";
  EXPECT_TRUE(r.json()["allowed_moves"].empty());
  EXPECT_EQ(TicketStatus(tech, ticket), "open");
  auto again = tech.Patch(ChangePath(rfc), {{"status", "draft"}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("rejected is final"), std::string::npos);
}

TEST_P(ChangeApiTest, BadInputIsRefusedByNameAndWritesNothing) {
  SetUpAcme();
  HttpClient tech = LoggedIn("tech@msp.example");
  const int64_t changes_before = CountRows("SELECT COUNT(*) AS n FROM change_requests");
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  Json good = Complete();
  good["customer_id"] = acme_;
  good["title"] = "Upgrade";
  auto refused = [&](Json patch, int status, const std::string& field) {
    Json body = good;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
      if (it->is_null() && it.key() != "cost_estimate_cents") {
        body.erase(it.key());
      } else {
        body[it.key()] = *it;
      }
    }
    auto r = tech.Post("/api/v1/changes", body);
    EXPECT_EQ(r.status, status) << patch.dump() << " " << r.body;
    EXPECT_EQ(FieldOf(r), field) << patch.dump() << " " << r.body;
  };
  refused({{"type", "urgent"}}, 400, "type");
  refused({{"risk", "extreme"}}, 400, "risk");
  refused({{"title", nullptr}}, 400, "title");
  refused({{"colour", "red"}}, 400, "colour");
  refused({{"ci_ids", {beta_srv_}}}, 400, "ci_ids");
  refused({{"ci_ids", {web01_, web01_}}}, 400, "ci_ids");
  refused({{"ci_ids", "web01"}}, 400, "ci_ids");
  refused({{"reviewer_ids", {999999}}}, 400, "reviewer_ids");
  refused({{"planned_start", "2026-11-20T22:00:00Z"}, {"planned_end", "2026-11-20T23:00:00Z"}}, 400,
          "planned_start");
  refused({{"planned_start", "Saturday"}}, 400, "planned_start");
  refused({{"planned_end", "2026-11-28T22:00:00Z"}}, 400, "planned_end");
  refused({{"quorum", 0}}, 400, "quorum");
  refused({{"cost_estimate_cents", -5}}, 400, "cost_estimate_cents");
  refused({{"customer_id", beta_ + 1000}}, 404, "");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_requests"), changes_before);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);

  const int64_t rfc = Id(tech.Post("/api/v1/changes", good));
  auto r = tech.Patch(ChangePath(rfc), {{"status", "scheduled"}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "status");
  EXPECT_NE(r.body.find("allowed: submitted, closed"), std::string::npos) << r.body;
  EXPECT_EQ(tech.Patch(ChangePath(rfc), {{"status", "approved"}}).status, 409);
  r = tech.Patch(ChangePath(rfc), {{"outcome", "successful"}});
  EXPECT_EQ(FieldOf(r), "outcome") << r.body;
  EXPECT_EQ(tech.Patch(ChangePath(rfc), Json::object()).status, 400);
  EXPECT_EQ(tech.Get("/api/v1/changes?status=done").status, 400);
  r = tech.Get(ChangePath(rfc, "/conflicts?start=2026-11-28T23:00:00Z&end=2026-11-28T22:00:00Z"));
  EXPECT_EQ(FieldOf(r), "end") << r.body;

  // Freezes: a window in the past, an end before its start, a missing name.
  HttpClient owner = Owner();
  const int64_t freezes_before = CountRows("SELECT COUNT(*) AS n FROM change_freezes");
  auto freeze_field = [&](Json body) {
    auto res = owner.Post("/api/v1/change-freezes", body);
    EXPECT_EQ(res.status, 400) << res.body;
    return FieldOf(res);
  };
  EXPECT_EQ(freeze_field({{"name", "Old"},
                          {"starts_at", "2026-01-01T00:00:00Z"},
                          {"ends_at", "2026-01-02T00:00:00Z"}}),
            "ends_at");
  EXPECT_EQ(freeze_field({{"name", "Backwards"},
                          {"starts_at", "2026-12-02T00:00:00Z"},
                          {"ends_at", "2026-12-01T00:00:00Z"}}),
            "ends_at");
  EXPECT_EQ(
      freeze_field({{"starts_at", "2026-12-02T00:00:00Z"}, {"ends_at", "2026-12-03T00:00:00Z"}}),
      "name");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_freezes"), freezes_before);

  // Portal users neither raise nor see drafts; tokens cannot vote.
  HttpClient ann = LoggedIn("ann@acme.example");
  EXPECT_EQ(ann.Post("/api/v1/changes", good).status, 403);
  EXPECT_EQ(ann.Get(ChangePath(rfc)).status, 404) << "a draft is the MSP's work in progress";
  ASSERT_EQ(tech.Patch(ChangePath(rfc), {{"status", "submitted"}}).status, 200);
  const std::string token = FullOwnerToken();
  HttpClient bearer = Client();
  bearer.set_bearer(token);
  r = bearer.Post(ChangePath(rfc, "/approvals"), {{"decision", "approve"}});
  EXPECT_EQ(r.status, 403) << "a vote is a person's decision: " << r.body;
  EXPECT_EQ(bearer.Get(ChangePath(rfc)).status, 200) << "reading with a token is fine";
}

// Issue 14 item 8: after a change is implemented its CIs are watched for 72
// hours. Incidents on them — linked to the CI, or raised by an alert on it —
// are counted against the CIs' last 28 days; a spike opens a problem linked
// to the change with those incidents, once. The customer's portal user sees
// the watch but not the problem.
TEST_P(ChangeApiTest, ASpikeOfIncidentsAfterAChangeOpensAProblemLinkedToIt) {
  SetUpAcme();
  HttpClient tech = LoggedIn("tech@msp.example");
  IncidentOn(tech, web01_, "Slow pages last week");  // the baseline: one in 28 days
  const int64_t rfc = ImplementedStandardChange({web01_});
  tech = LoggedIn("tech@msp.example");
  auto watch = tech.Get(ChangePath(rfc)).json()["watch"];
  ASSERT_TRUE(watch.is_object()) << "implementing the change starts its watch";
  EXPECT_EQ(watch["state"], "watching");
  EXPECT_EQ(watch["baseline_incidents"], 1);
  EXPECT_EQ(watch["ends_at"], "2026-12-01T22:45:00Z");

  Advance(std::chrono::hours(1));
  tech = LoggedIn("tech@msp.example");
  const int64_t first = IncidentOn(tech, web01_, "502 from the shop");
  IncidentOn(tech, db01_, "Unrelated: backup slow");  // not one of the change's CIs
  app_->RunJobsOnceForTest();
  watch = tech.Get(ChangePath(rfc)).json()["watch"];
  EXPECT_EQ(watch["state"], "watching");
  EXPECT_EQ(watch["observed_incidents"], 1);
  EXPECT_EQ(watch["spike_threshold"], 3);

  // The second is raised by an alert on web01, the third is linked to it.
  const int64_t from_alert = Id(tech.Post("/api/v1/tickets", {{"customer_id", acme_},
                                                              {"subject", "nginx down"},
                                                              {"description", "alert"},
                                                              {"priority", "critical"}}));
  ASSERT_TRUE(app_->services()
                  .db()
                  .Transact([&](storage::Connection& c) -> Status {
                    STEWARD_ASSIGN_OR_RETURN(
                        storage::Row a,
                        c.QueryOne("INSERT INTO alerts (customer_id, device_id, condition_name,"
                                   " severity, status, message, opened_at, last_event_at)"
                                   " VALUES (?, ?, 'service_down', 'critical', 'open', 'nginx',"
                                   " 0, 0) RETURNING id",
                                   {acme_, web01_}));
                    return c
                        .Execute("UPDATE tickets SET alert_id = ? WHERE id = ?",
                                 {a.Int("id"), from_alert})
                        .status();
                  })
                  .ok());
  const int64_t third = IncidentOn(tech, web01_, "Checkout fails");
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  app_->RunJobsOnceForTest();
  const Json change = tech.Get(ChangePath(rfc)).json();
  watch = change["watch"];
  EXPECT_EQ(watch["state"], "spike") << change.dump();
  EXPECT_EQ(watch["observed_incidents"], 3);
  ASSERT_TRUE(watch["problem_id"].is_number_integer()) << change.dump();
  const int64_t problem_id = watch["problem_id"];

  auto problem = tech.Get("/api/v1/problems/" + std::to_string(problem_id));
  ASSERT_EQ(problem.status, 200) << problem.body;
  EXPECT_EQ(problem.json()["change_id"], rfc);
  EXPECT_EQ(problem.json()["customer_id"], acme_);
  EXPECT_EQ(problem.json()["status"], "open");
  EXPECT_EQ(problem.json()["assignee_id"], tech_) << "the change's requester looks first";
  EXPECT_NE(problem.json()["title"].get<std::string>().find("RFC-" + std::to_string(rfc)),
            std::string::npos);
  std::vector<int64_t> linked;
  const Json incidents = problem.json()["incidents"];
  for (const Json& i : incidents) linked.push_back(i["ticket_id"]);
  EXPECT_EQ(linked, (std::vector<int64_t>{first, from_alert, third}));
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'change.watch'"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'problem.create'"), 1);
  EXPECT_GT(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);

  // A spike opens one problem: later incidents and passes add none.
  IncidentOn(tech, web01_, "Still failing");
  app_->RunJobsOnceForTest();
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM problems WHERE change_id = ?", {rfc}), 1);

  // The customer sees the watch, never the problem.
  HttpClient ann = LoggedIn("ann@acme.example");
  auto seen = ann.Get(ChangePath(rfc));
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json()["watch"]["state"], "spike");
  EXPECT_TRUE(seen.json()["watch"]["problem_id"].is_null());
  EXPECT_EQ(ann.Get("/api/v1/problems/" + std::to_string(problem_id)).status, 403);
}

TEST_P(ChangeApiTest, AWatchWithoutASpikeEndsQuietAfter72Hours) {
  SetUpAcme();
  const int64_t rfc = ImplementedStandardChange({web01_, db01_});
  HttpClient tech = LoggedIn("tech@msp.example");
  Advance(std::chrono::hours(30));
  tech = LoggedIn("tech@msp.example");
  IncidentOn(tech, db01_, "One slow query");
  app_->RunJobsOnceForTest();
  Json watch = tech.Get(ChangePath(rfc)).json()["watch"];
  EXPECT_EQ(watch["state"], "watching");
  EXPECT_EQ(watch["observed_incidents"], 1);
  Advance(std::chrono::hours(43));  // 73 hours after the change
  tech = LoggedIn("tech@msp.example");
  app_->RunJobsOnceForTest();
  watch = tech.Get(ChangePath(rfc)).json()["watch"];
  EXPECT_EQ(watch["state"], "quiet");
  EXPECT_TRUE(watch["problem_id"].is_null());
  // Incidents after the watch ended are not the change's.
  IncidentOn(tech, web01_, "a");
  IncidentOn(tech, web01_, "b");
  IncidentOn(tech, web01_, "c");
  app_->RunJobsOnceForTest();
  EXPECT_EQ(tech.Get(ChangePath(rfc)).json()["watch"]["state"], "quiet");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM problems"), 0);
}

STEWARD_INSTANTIATE_SERVER_TEST(ChangeApiTest);

}  // namespace
}  // namespace steward::testing
