// The knowledge base, problems and iCalendar holiday import over real HTTP
// with the fake clock (Monday 2026-11-23 09:00 UTC): ranked search with the
// better match first, portal scope (customer A never sees B's tickets or
// private articles), article links on the ticket, suggestions, problems from
// incidents with their history, the repeating-incident suggestion appearing
// with the third incident and dropping out as the clock moves, roles, bad
// input, audit, and an SLA due time skipping an imported holiday.
#include "server/app/demo_data.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class KnowledgeApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    // Every scope: the fixture also moves the test clock (admin).
    token_ = FullOwnerToken();
    ASSERT_FALSE(token_.empty());
    customer_a_ = Id(Api().Post("/api/v1/customers", {{"name", "Acme Dental"}}));
    customer_b_ = Id(Api().Post("/api/v1/customers", {{"name", "Beta Bakery"}}));
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  HttpClient Api() {
    HttpClient c = Client();
    c.set_bearer(token_);
    return c;
  }

  int64_t Article(const std::string& title, const std::string& body, bool is_public = false,
                  const std::string& status = "published") {
    return Id(Api().Post("/api/v1/kb/articles", {{"title", title},
                                                 {"body", body},
                                                 {"tags", {"howto"}},
                                                 {"status", status},
                                                 {"public", is_public}}));
  }

  int64_t Ticket(int64_t customer, const std::string& subject, const std::string& description,
                 Json extra = Json::object()) {
    Json body = {{"customer_id", customer},
                 {"subject", subject},
                 {"description", description},
                 {"priority", "normal"}};
    body.update(extra);
    return Id(Api().Post("/api/v1/tickets", body));
  }

  void Close(int64_t ticket, const std::string& resolution) {
    std::string path = "/api/v1/tickets/" + std::to_string(ticket);
    ASSERT_EQ(Api().Patch(path, {{"status", "open"}}).status, 200);
    ASSERT_EQ(Api().Patch(path, {{"status", "hold_resolution"}, {"resolution", resolution}}).status,
              200);
    ASSERT_EQ(Api().Patch(path, {{"status", "closed"}}).status, 200);
  }

  void AdvanceByApi(int64_t seconds) {
    auto r = Api().Post("/api/v1/test/clock", {{"advance_seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::string token_;
  int64_t customer_a_ = 0, customer_b_ = 0;
};

TEST_P(KnowledgeApiTest, RankedSearchAndPortalScope) {
  int64_t weak = Article("Office network overview",
                         "Each floor has a printer; the VPN gateway sits in the rack.", true);
  int64_t strong = Article("Printer spooler keeps stopping",
                           "Restart the **print spooler** service, clear the spooler queue "
                           "folder, and the printer prints again.",
                           true);
  int64_t secret =
      Article("Printer admin passwords (internal)", "Printer spooler admin: see the vault.", false);
  int64_t draft = Article("Printer draft", "printer spooler notes", false, "draft");

  auto r = Api().Get("/api/v1/kb/search?q=printer%20spooler&match=any");
  ASSERT_EQ(r.status, 200) << r.body;
  Json results = r.json()["results"];
  ASSERT_GE(results.size(), 3u) << r.body;
  EXPECT_EQ(results[0]["id"], strong);  // the better match first
  EXPECT_EQ(results[0]["type"], "article");
  EXPECT_GT(results[0]["score"].get<double>(), results[results.size() - 1]["score"].get<double>());
  bool weak_seen = false;
  for (const Json& h : results) {
    EXPECT_NE(h["id"], draft);  // drafts are not knowledge yet
    weak_seen = weak_seen || h["id"] == weak;
    EXPECT_TRUE(h.contains("snippet"));
  }
  EXPECT_TRUE(weak_seen);
  // Markdown comes back as stored: the server never renders it.
  auto one = Api().Get("/api/v1/kb/articles/" + std::to_string(strong));
  ASSERT_EQ(one.status, 200);
  EXPECT_NE(one.json()["body"].get<std::string>().find("**print spooler**"), std::string::npos);
  EXPECT_EQ(one.json()["body_format"], "markdown");

  // Closed tickets of both customers; the resolutions are searchable.
  int64_t ta = Ticket(customer_a_, "Printer spooler crash at Acme", "Spooler stops.");
  int64_t tb = Ticket(customer_b_, "Printer spooler crash at Beta", "Spooler stops.");
  Close(ta, "Removed the broken HP driver and restarted the spooler.");
  Close(tb, "Beta secret fix: replaced the print server.");
  auto staff = Api().Get("/api/v1/kb/search?q=spooler");
  ASSERT_EQ(staff.status, 200);
  EXPECT_NE(staff.body.find("Beta secret fix"), std::string::npos);
  EXPECT_NE(staff.body.find("\"ticket\""), std::string::npos);

  AddUser("pat@acme.example", Role::kPortal, customer_a_);
  HttpClient portal = LoggedIn("pat@acme.example");
  auto seen = portal.Get("/api/v1/kb/search?q=spooler&match=any");
  ASSERT_EQ(seen.status, 200) << seen.body;
  std::set<std::pair<std::string, int64_t>> got;
  Json seen_results = seen.json()["results"];
  for (const Json& h : seen_results) got.emplace(h["type"], h["id"]);
  EXPECT_TRUE(got.count({"ticket", ta}));
  EXPECT_TRUE(got.count({"article", strong}));
  EXPECT_FALSE(got.count({"ticket", tb}));
  EXPECT_FALSE(got.count({"article", secret}));
  EXPECT_EQ(seen.body.find("Beta"), std::string::npos);
  EXPECT_EQ(seen.body.find("vault"), std::string::npos);
  // Articles: only public published ones, and a private one is 404.
  auto list = portal.Get("/api/v1/kb/articles");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["articles"].size(), 2u);
  EXPECT_EQ(portal.Get("/api/v1/kb/articles/" + std::to_string(secret)).status, 404);
  EXPECT_EQ(portal.Get("/api/v1/kb/articles/" + std::to_string(draft)).status, 404);
  EXPECT_EQ(portal.Post("/api/v1/kb/articles", {{"title", "x"}, {"body", "y"}}).status, 403);
  // Staff see drafts in the list.
  EXPECT_EQ(Api().Get("/api/v1/kb/articles?status=draft").json()["articles"].size(), 1u);

  // Bad input: 400 with the field, nothing stored.
  EXPECT_EQ(Api().Get("/api/v1/kb/search").status, 400);
  EXPECT_EQ(Api().Get("/api/v1/kb/search?q=%21%21").json()["error"]["field"], "q");
  auto bad = Api().Post("/api/v1/kb/articles", {{"title", ""}, {"body", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "title");
  EXPECT_EQ(
      Api().Post("/api/v1/kb/articles", {{"title", "t"}, {"body", "x"}, {"status", "gone"}}).status,
      400);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM kb_articles"), 4);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'kb_article.create'"), 4);
}

TEST_P(KnowledgeApiTest, ArticleLinksAndSuggestionsOnATicket) {
  int64_t spooler = Article("Printer spooler keeps stopping", "Restart the print spooler.", true);
  int64_t internal = Article("Spooler registry fix", "Internal: edit the spooler registry key.");
  Article("Outlook profile repair", "Create a new Outlook profile.", true);
  int64_t old = Ticket(customer_a_, "Printer queue stuck", "Jobs stay in the queue.");
  Close(old, "Cleared the spooler folder and restarted the spooler service.");
  int64_t open = Ticket(customer_a_, "The printer does not print",
                        "Since this morning the spooler stops and the printer is offline.");

  auto s = Api().Get("/api/v1/tickets/" + std::to_string(open) + "/suggestions");
  ASSERT_EQ(s.status, 200) << s.body;
  std::set<std::pair<std::string, int64_t>> got;
  Json suggested = s.json();
  for (const Json& h : suggested["results"]) got.emplace(h["type"], h["id"]);
  EXPECT_TRUE(got.count({"article", spooler})) << s.body;
  EXPECT_TRUE(got.count({"ticket", old})) << s.body;
  EXPECT_FALSE(got.count({"ticket", open}));
  for (const Json& w : suggested["query"]) EXPECT_NE(w, "the");

  std::string links = "/api/v1/tickets/" + std::to_string(open) + "/kb-links";
  ASSERT_EQ(Api().Post(links, {{"article_id", spooler}}).status, 201);
  ASSERT_EQ(Api().Post(links, {{"article_id", internal}}).status, 201);
  EXPECT_EQ(Api().Post(links, {{"article_id", spooler}}).status, 201);  // idempotent
  EXPECT_EQ(Api().Post(links, {{"article_id", 9999}}).json()["error"]["field"], "article_id");
  Json t = Api().Get("/api/v1/tickets/" + std::to_string(open)).json();
  ASSERT_EQ(t["kb_articles"].size(), 2u) << t.dump();
  EXPECT_EQ(t["kb_articles"][0]["id"], spooler);
  EXPECT_TRUE(t["problem"].is_null());
  // The customer's contact sees the public article only, and no problem field.
  AddUser("pat@acme.example", Role::kPortal, customer_a_);
  HttpClient portal = LoggedIn("pat@acme.example");
  Json pt = portal.Get("/api/v1/tickets/" + std::to_string(open)).json();
  ASSERT_EQ(pt["kb_articles"].size(), 1u) << pt.dump();
  EXPECT_EQ(pt["kb_articles"][0]["id"], spooler);
  EXPECT_FALSE(pt.contains("problem"));
  for (const Json& e : pt["history"]) EXPECT_NE(e["kind"], "kb_link");
  bool staff_sees_link = false;
  for (const Json& e : t["history"]) staff_sees_link = staff_sees_link || e["kind"] == "kb_link";
  EXPECT_TRUE(staff_sees_link);
  EXPECT_EQ(portal.Get("/api/v1/tickets/" + std::to_string(open) + "/suggestions").status, 403);
  // Unlink; a second time is 404.
  EXPECT_EQ(Api().Delete(links + "/" + std::to_string(internal)).status, 204);
  EXPECT_EQ(Api().Delete(links + "/" + std::to_string(internal)).status, 404);
  EXPECT_EQ(Api().Get("/api/v1/tickets/" + std::to_string(open)).json()["kb_articles"].size(), 1u);
  // The article lists its tickets for staff.
  auto a = Api().Get("/api/v1/kb/articles/" + std::to_string(spooler));
  EXPECT_EQ(a.json()["ticket_ids"], Json::array({open}));
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'ticket.kb_%'"), 3);
}

TEST_P(KnowledgeApiTest, RepeatingIncidentsBecomeAProblem) {
  int64_t ci = Id(Api().Post(
      "/api/v1/cis", {{"customer_id", customer_a_}, {"kind", "server"}, {"name", "srv-files"}}));
  AddUser("tina@msp.example", Role::kTechnician);
  AddUser("cm@msp.example", Role::kChangeManager);
  AddUser("pat@acme.example", Role::kPortal, customer_a_);
  auto groups = [&](const std::string& query = "") {
    auto r = Api().Get("/api/v1/problems/suggestions" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["groups"];
  };
  std::vector<int64_t> tickets;
  tickets.push_back(Ticket(customer_a_, "File share slow", "x", {{"ci_ids", {ci}}}));
  AdvanceByApi(86400);
  tickets.push_back(Ticket(customer_a_, "Cannot open files", "y", {{"ci_ids", {ci}}}));
  AdvanceByApi(86400);
  EXPECT_TRUE(groups().empty());  // two are not three
  EXPECT_EQ(groups("?min_incidents=2").size(), 1u);
  tickets.push_back(Ticket(customer_a_, "Share offline", "z", {{"ci_ids", {ci}}}));
  Json g = groups();
  ASSERT_EQ(g.size(), 1u) << g.dump();
  EXPECT_EQ(g[0]["kind"], "ci");
  EXPECT_EQ(g[0]["ci_id"], ci);
  EXPECT_EQ(g[0]["ci_name"], "srv-files");
  EXPECT_EQ(g[0]["ticket_ids"], Json(tickets));
  // Six days on, the first incident is older than seven days: it drops out.
  AdvanceByApi(6 * 86400);
  EXPECT_TRUE(groups().empty());
  EXPECT_EQ(groups("?window_days=30").size(), 1u);
  EXPECT_EQ(Api().Get("/api/v1/problems/suggestions?window_days=0").status, 400);
  // The MSP's stored thresholds apply when the request names none.
  auto settings = Api().Patch("/api/v1/problems/settings", {{"window_days", 30}});
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.json()["min_incidents"], 3);
  EXPECT_EQ(groups().size(), 1u);
  EXPECT_EQ(Api().Patch("/api/v1/problems/settings", {{"min_incidents", 1}}).status, 400);
  EXPECT_EQ(
      LoggedIn("tina@msp.example").Patch("/api/v1/problems/settings", {{"window_days", 7}}).status,
      403);
  ASSERT_EQ(Api().Patch("/api/v1/problems/settings", {{"window_days", 7}}).status, 200);
  EXPECT_EQ(Api().Get("/api/v1/problems/settings").json()["window_days"], 7);
  EXPECT_TRUE(groups().empty());

  // Same normalised symptom across customers, no CI.
  std::vector<int64_t> vpn;
  for (int i = 0; i < 3; ++i) {
    vpn.push_back(Ticket(i % 2 ? customer_b_ : customer_a_, "VPN issue", "d",
                         {{"symptoms", "VPN tunnel dropped at 0" + std::to_string(i + 7) +
                                           ":15, error 0x8009" + std::to_string(i) + "0E1"}}));
  }
  g = groups();
  ASSERT_EQ(g.size(), 1u) << g.dump();
  EXPECT_EQ(g[0]["kind"], "symptom");
  EXPECT_EQ(g[0]["symptom"], "vpn tunnel dropped at time error hex");
  EXPECT_EQ(g[0]["customer_ids"].size(), 2u);

  // A technician opens the problem from the group; the group goes away.
  HttpClient tech = LoggedIn("tina@msp.example");
  auto p = tech.Post("/api/v1/problems", {{"title", "VPN concentrator drops tunnels"},
                                          {"description", "Tunnels drop across customers."},
                                          {"ticket_ids", vpn}});
  ASSERT_EQ(p.status, 201) << p.body;
  int64_t problem = p.json()["id"];
  EXPECT_EQ(p.json()["incidents"].size(), 3u);
  EXPECT_TRUE(p.json()["customer_id"].is_null());
  EXPECT_TRUE(groups().empty());
  std::string path = "/api/v1/problems/" + std::to_string(problem);
  // The ticket shows its problem.
  EXPECT_EQ(Api().Get("/api/v1/tickets/" + std::to_string(vpn[0])).json()["problem"]["id"],
            problem);
  // Known error with its workaround; forbidden moves are 409 naming the allowed.
  EXPECT_EQ(tech.Patch(path, {{"status", "known_error"}}).json()["error"]["field"], "workaround");
  auto ke = tech.Patch(path, {{"status", "known_error"},
                              {"root_cause", "Firmware 9.1 leaks IKE SAs."},
                              {"workaround", "Restart the IKE service on the concentrator."}});
  ASSERT_EQ(ke.status, 200) << ke.body;
  EXPECT_TRUE(ke.json()["known_error"].get<bool>());
  auto closed = tech.Patch(path, {{"status", "closed"}});
  EXPECT_EQ(closed.status, 409);
  EXPECT_NE(closed.body.find("allowed: open, resolved"), std::string::npos) << closed.body;
  // Link and unlink incidents.
  std::string inc = path + "/incidents/" + std::to_string(tickets[0]);
  EXPECT_EQ(tech.Post(inc, Json::object()).status, 200);
  EXPECT_EQ(tech.Get(path).json()["incidents"].size(), 4u);
  EXPECT_EQ(tech.Delete(inc).status, 200);
  EXPECT_EQ(tech.Delete(inc).status, 404);
  EXPECT_EQ(tech.Post(path + "/incidents/99999", Json::object()).status, 404);
  // A ticket already in a problem cannot start another; nothing half-written.
  auto dup = tech.Post("/api/v1/problems", {{"title", "dup"}, {"ticket_ids", {vpn[1]}}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(tech.Post("/api/v1/problems", {{"title", "none"}, {"ticket_ids", Json::array()}})
                .json()["error"]["field"],
            "ticket_ids");
  EXPECT_EQ(tech.Post("/api/v1/problems", {{"title", "gone"}, {"ticket_ids", {424242}}}).status,
            400);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM problems"), 1);
  ASSERT_EQ(tech.Patch(path, {{"status", "resolved"}, {"note", "Firmware 9.2 deployed."}}).status,
            200);
  ASSERT_EQ(tech.Patch(path, {{"status", "closed"}}).status, 200);
  Json full = tech.Get(path).json();
  EXPECT_EQ(full["status"], "closed");
  EXPECT_FALSE(full["closed_at"].is_null());
  EXPECT_GE(full["history"].size(), 9u);
  EXPECT_EQ(tech.Post(inc, Json::object()).status, 409);  // closed takes no more

  // Roles: the change manager reads but does not write; portal users never see it.
  HttpClient cm = LoggedIn("cm@msp.example");
  EXPECT_EQ(cm.Get(path).status, 200);
  EXPECT_EQ(cm.Get("/api/v1/problems").status, 200);
  EXPECT_EQ(cm.Patch(path, {{"title", "x"}}).status, 403);
  HttpClient portal = LoggedIn("pat@acme.example");
  EXPECT_EQ(portal.Get(path).status, 404);
  EXPECT_EQ(portal.Get("/api/v1/problems").status, 403);
  EXPECT_EQ(portal.Get("/api/v1/problems/suggestions").status, 403);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'problem.%'"), 9);
}

TEST_P(KnowledgeApiTest, ImportedHolidayIsSkippedBySlaClock) {
  Json hours = Json::parse(R"({"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],
                               "wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],
                               "fri":[["08:00","17:00"]]})");
  int64_t cal =
      Id(Api().Post("/api/v1/calendars",
                    {{"name", "Berlin office"}, {"time_zone", "Europe/Berlin"}, {"hours", hours}}));
  ASSERT_EQ(Api()
                .Patch("/api/v1/customers/" + std::to_string(customer_a_),
                       {{"calendar_id", cal}, {"sla_policy", "default"}})
                .status,
            200);
  std::string import = "/api/v1/calendars/" + std::to_string(cal) + "/holidays/import";
  // Broken input: 400, nothing written.
  auto bad = Api().Send("POST", import, "BEGIN:VCALENDAR\r\nthis is not\r\n", "text/calendar");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "body");
  bad = Api().Send("POST", import,
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:x\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n",
                   "text/calendar");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("DTSTART"), std::string::npos) << bad.body;
  EXPECT_EQ(Api().Send("POST", import, "{}", "application/json").status, 400);
  EXPECT_EQ(Api().Get("/api/v1/calendars/" + std::to_string(cal)).json()["holidays"].size(), 0u);
  EXPECT_EQ(Api()
                .Send("POST", "/api/v1/calendars/9999/holidays/import",
                      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
                      "DTSTART;VALUE=DATE:20261124\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                      "text/calendar")
                .status,
            404);

  std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//Holidays//EN\r\n"
      "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261124\r\nSUMMARY:Company day\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20201225\r\nDTEND;VALUE=DATE:20201227\r\n"
      "RRULE:FREQ=YEARLY\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  auto ok = Api().Send("POST", import, ics, "text/calendar");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["added"],
            Json({"2026-11-24", "2026-12-25", "2026-12-26", "2027-12-25", "2027-12-26"}));
  // Importing again adds nothing new.
  EXPECT_EQ(Api().Send("POST", import, ics, "text/calendar").json()["added"].size(), 0u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action ="
                      " 'calendar.holidays_import'"),
            2);

  // Monday 10:00 Berlin, normal priority: the next business day is Tuesday,
  // an imported holiday, so the target is the end of Wednesday.
  auto t = Api().Post("/api/v1/tickets", {{"customer_id", customer_a_},
                                          {"subject", "s"},
                                          {"description", "d"},
                                          {"priority", "normal"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.json()["response_due"], "2026-11-25T16:00:00Z");
  // Monday 16:30 Berlin, critical (1 working hour): 30 minutes on Monday and
  // 30 on Wednesday morning.
  clock().Set(*ParseIso8601("2026-11-23T15:30:00Z"));
  t = Api().Post("/api/v1/tickets", {{"customer_id", customer_a_},
                                     {"subject", "s"},
                                     {"description", "d"},
                                     {"priority", "critical"}});
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.json()["response_due"], "2026-11-25T07:30:00Z");
  // Staff without calendar rights may not import.
  AddUser("tina@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tina@msp.example").Send("POST", import, ics, "text/calendar").status, 403);
}

TEST_P(KnowledgeApiTest, DemoHasArticlesAProblemAndACandidate) {
  auto logins = app::SeedDemo(app_->services(), kPassword);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  Json articles = Api().Get("/api/v1/kb/articles").json()["articles"];
  EXPECT_GE(articles.size(), 8u);
  // The solved printing ticket is found by what fixed it.
  auto found = Api().Get("/api/v1/kb/search?q=zebra%20driver");
  ASSERT_EQ(found.status, 200);
  ASSERT_FALSE(found.json()["results"].empty()) << found.body;
  EXPECT_EQ(found.json()["results"][0]["type"], "ticket");
  // The desk's known error, and the problem the ERP change's watch opened
  // (demo_changes.cc).
  Json problems = Api().Get("/api/v1/problems").json()["problems"];
  ASSERT_EQ(problems.size(), 2u) << problems.dump();
  Json known, from_watch;
  for (const Json& p : problems) (p["change_id"].is_null() ? known : from_watch) = p;
  EXPECT_EQ(known["status"], "known_error");
  EXPECT_FALSE(known["workaround"].is_null());
  EXPECT_EQ(known["incidents"].size(), 3u);
  EXPECT_EQ(from_watch["status"], "open") << problems.dump();
  EXPECT_EQ(from_watch["incident_count"], 3);
  Json groups = Api().Get("/api/v1/problems/suggestions").json()["groups"];
  bool outlook = false;
  for (const Json& g : groups) {
    outlook = outlook || (g["kind"] == "symptom" && g["symptom"].get<std::string>().find(
                                                        "outlook hangs") != std::string::npos);
  }
  EXPECT_TRUE(outlook) << groups.dump();
}

STEWARD_INSTANTIATE_SERVER_TEST(KnowledgeApiTest);

}  // namespace
}  // namespace steward::testing
