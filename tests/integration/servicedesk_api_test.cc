// The service desk over real HTTP with the fake clock (Monday 2026-11-23
// 09:00 UTC): calendars and due times, the state machine, the SLA clock
// pausing and shifting, breaches and administrative escalation by the job,
// replies and internal notes, transfers, closing with the customer's
// confirmation and auto-close, time entries, the queue order, portal rules,
// audit, and alert → incident ticket end to end.
#include <map>
#include <set>

#include "server/app/demo_data.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;
using std::chrono::hours;
using std::chrono::minutes;

class ServiceDeskApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    HttpClient owner = Owner();
    auto token = owner.Post(
        "/api/v1/tokens",
        {{"name", "desk"}, {"scopes", {"read", "servicedesk", "cmdb", "ingest", "monitoring"}}});
    ASSERT_EQ(token.status, 201) << token.body;
    token_ = token.json()["token"];
    customer_ = Id(Api().Post("/api/v1/customers", {{"name", "Acme Dental"}}));
    other_customer_ = Id(Api().Post("/api/v1/customers", {{"name", "Beta Bakery"}}));
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  // The owner through an API token: sessions idle out when hours pass.
  HttpClient Api() {
    HttpClient c = Client();
    c.set_bearer(token_);
    return c;
  }

  // A client authenticated by a fresh API token of `email` (a staff user).
  HttpClient TokenFor(const std::string& email) {
    HttpClient c = LoggedIn(email);
    auto token = c.Post("/api/v1/tokens", {{"name", "t"}});
    EXPECT_EQ(token.status, 201) << token.body;
    HttpClient out = Client();
    out.set_bearer(token.json().value("token", ""));
    return out;
  }

  int64_t Calendar(const Json& body) { return Id(Api().Post("/api/v1/calendars", body)); }

  void UseCalendar(int64_t customer, std::optional<int64_t> calendar, const std::string& policy) {
    Json body = {{"sla_policy", policy}};
    if (calendar) body["calendar_id"] = *calendar;
    auto r = Api().Patch("/api/v1/customers/" + std::to_string(customer), body);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Json NewTicket(const std::string& priority, int64_t customer = 0,
                 const std::string& subject = "Printer offline") {
    auto r = Api().Post("/api/v1/tickets", {{"customer_id", customer ? customer : customer_},
                                            {"subject", subject},
                                            {"description", "It stopped."},
                                            {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  Json Get(int64_t ticket) {
    auto r = Api().Get("/api/v1/tickets/" + std::to_string(ticket));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  HttpResult Patch(int64_t ticket, const Json& body) {
    return Api().Patch("/api/v1/tickets/" + std::to_string(ticket), body);
  }

  static Json OfficeHours() {
    return Json::parse(R"({"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],
                           "wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],
                           "fri":[["08:00","17:00"]]})");
  }

  std::string token_;
  int64_t customer_ = 0, other_customer_ = 0;
};

TEST_P(ServiceDeskApiTest, CalendarsAndDueTimes) {
  int64_t berlin = Calendar({{"name", "Berlin office"},
                             {"time_zone", "Europe/Berlin"},
                             {"hours", OfficeHours()},
                             {"holidays", {"2026-12-25", "2026-12-24"}}});
  int64_t always = Calendar({{"name", "Round the clock"}, {"time_zone", "UTC"}, {"hours", "24x7"}});
  auto listed = Api().Get("/api/v1/calendars");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["calendars"].size(), 2u);
  auto one = Api().Get("/api/v1/calendars/" + std::to_string(berlin));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json()["time_zone"], "Europe/Berlin");
  EXPECT_EQ(one.json()["holidays"], Json({"2026-12-24", "2026-12-25"}));  // sorted
  EXPECT_EQ(Api().Get("/api/v1/calendars/999").status, 404);

  // Bad calendars: 400 naming the field, nothing stored.
  auto bad = Api().Post("/api/v1/calendars",
                        {{"name", "x"}, {"time_zone", "Mars/Base"}, {"hours", "24x7"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "time_zone");
  bad = Api().Post("/api/v1/calendars", {{"name", "x"},
                                         {"time_zone", "UTC"},
                                         {"hours", Json::parse(R"({"mon":[["09:00","08:00"]]})")}});
  EXPECT_EQ(bad.json()["error"]["field"], "hours.mon[0]");
  EXPECT_EQ(Api()
                .Post("/api/v1/calendars",
                      {{"name", "Berlin office"}, {"time_zone", "UTC"}, {"hours", "24x7"}})
                .status,
            409);
  EXPECT_EQ(Api().Get("/api/v1/calendars").json()["calendars"].size(), 2u);
  // A customer cannot point at a calendar that does not exist.
  auto unknown =
      Api().Patch("/api/v1/customers/" + std::to_string(customer_), {{"calendar_id", 4242}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "calendar_id");

  // Default policy on Berlin office hours; now is Monday 10:00 local.
  UseCalendar(customer_, berlin, "default");
  Json critical = NewTicket("critical");
  EXPECT_EQ(critical["status"], "new");
  EXPECT_EQ(critical["response_due"], "2026-11-23T10:00:00Z");
  EXPECT_TRUE(critical["resolution_due"].is_null());
  EXPECT_EQ(NewTicket("normal")["response_due"], "2026-11-24T16:00:00Z");  // end of Tuesday
  EXPECT_EQ(NewTicket("low")["response_due"], "2026-11-25T16:00:00Z");
  // Levels scheme on the same calendar.
  UseCalendar(customer_, berlin, "levels");
  Json high = NewTicket("high");
  EXPECT_EQ(high["response_due"], "2026-11-23T09:30:00Z");
  EXPECT_EQ(high["resolution_due"], "2026-11-24T16:00:00Z");
  EXPECT_EQ(high["sla_policy"], "levels");
  // Friday 16:30 local: critical due Monday 08:30 local (SPEC §5's example).
  clock().Set(*ParseIso8601("2026-11-27T15:30:00Z"));
  UseCalendar(customer_, berlin, "default");
  EXPECT_EQ(NewTicket("critical")["response_due"], "2026-11-30T07:30:00Z");
  // Saturday: next business day is the end of Monday.
  clock().Set(*ParseIso8601("2026-11-28T10:00:00Z"));
  EXPECT_EQ(NewTicket("normal")["response_due"], "2026-11-30T16:00:00Z");
  // Round the clock: one hour is one hour, on Saturday too.
  UseCalendar(other_customer_, always, "default");
  EXPECT_EQ(NewTicket("critical", other_customer_)["response_due"], "2026-11-28T11:00:00Z");
}

TEST_P(ServiceDeskApiTest, StateMachineAndRfc) {
  Json t = NewTicket("high");
  int64_t id = t["id"];
  auto r = Patch(id, {{"status", "closed"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(
                "allowed: open, hold_research, hold_resolution, pending_fix, rfc_submitted"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(Patch(id, {{"status", "resolved"}}).status, 400);
  EXPECT_EQ(Patch(id, {{"status", "new"}}).status, 409);
  // Hold for resolution needs the resolution text.
  auto no_text = Patch(id, {{"status", "hold_resolution"}});
  EXPECT_EQ(no_text.status, 400);
  EXPECT_EQ(no_text.json()["error"]["field"], "resolution");
  EXPECT_EQ(Get(id)["status"], "new");

  ASSERT_EQ(Patch(id, {{"status", "open"}}).status, 200);
  ASSERT_EQ(Patch(id, {{"status", "hold_research"}}).status, 200);
  auto rfc = Patch(id, {{"status", "rfc_submitted"}, {"note", "needs a firewall change"}});
  ASSERT_EQ(rfc.status, 200) << rfc.body;
  Json full = Get(id);
  ASSERT_TRUE(full["rfc"].is_object());
  EXPECT_EQ(full["rfc"]["status"], "draft") << "the desk raises a draft for the change manager";
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_requests WHERE ticket_id = ?", {id}), 1);
  ASSERT_EQ(Patch(id, {{"status", "pending_fix"}}).status, 200);
  ASSERT_EQ(
      Patch(id, {{"status", "hold_resolution"}, {"resolution", "Replaced the toner."}}).status,
      200);
  ASSERT_EQ(Patch(id, {{"status", "closed"}}).status, 200);
  auto after = Patch(id, {{"status", "open"}});
  EXPECT_EQ(after.status, 409);
  EXPECT_NE(after.body.find("closed is final"), std::string::npos);
  full = Get(id);
  std::vector<std::string> moves;
  for (const Json& e : full["history"]) {
    if (e["kind"] == "status") moves.push_back(e["new_value"]);
  }
  EXPECT_EQ(moves, (std::vector<std::string>{"open", "hold_research", "rfc_submitted",
                                             "pending_fix", "hold_resolution", "closed"}));
  EXPECT_TRUE(full["closure"].is_object());
  EXPECT_EQ(full["closure"]["actions_taken"], "Replaced the toner.");
  EXPECT_EQ(full["closure"]["sla_met"], true);
  // Every write is audited.
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'ticket' AND"
                      " object_id = ? AND action = 'ticket.update'",
                      {std::to_string(id)}),
            6);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.create'"), 1);
}

TEST_P(ServiceDeskApiTest, SlaClockPausesWhileWaitingOnTheCustomer) {
  // Round the clock; the levels policy: high = 30 min response, resolution by
  // the end of the next day (2026-11-24T24:00Z).
  UseCalendar(customer_, Calendar({{"name", "24x7"}, {"time_zone", "UTC"}, {"hours", "24x7"}}),
              "levels");
  Json t = NewTicket("high");
  int64_t id = t["id"];
  EXPECT_EQ(t["response_due"], "2026-11-23T09:30:00Z");
  EXPECT_EQ(t["resolution_due"], "2026-11-25T00:00:00Z");
  Advance(minutes(10));
  ASSERT_EQ(Patch(id, {{"status", "pending_fix"}}).status, 200);  // waiting for approval
  EXPECT_EQ(Get(id)["sla_paused"], true);
  Advance(hours(2));
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Get(id)["breaches"].empty());  // paused: no breach
  EXPECT_TRUE(Get(id)["escalations"].empty());
  auto resumed = Patch(id, {{"status", "open"}});  // 11:10, the clock runs again
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  Json now = resumed.json();
  EXPECT_EQ(now["sla_paused"], false);
  // Both targets moved by the two hours spent waiting; the move to open is the
  // first response, in time.
  EXPECT_EQ(now["response_due"], "2026-11-23T11:30:00Z");
  EXPECT_EQ(now["resolution_due"], "2026-11-25T02:00:00Z");
  EXPECT_EQ(now["first_response_at"], "2026-11-23T11:10:00Z");
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Get(id)["breaches"].empty());
}

TEST_P(ServiceDeskApiTest, BreachesAndAdministrativeEscalationByTheJob) {
  AddUser("sm@msp.example", Role::kServiceManager);
  Json t = NewTicket("critical");  // default policy, no calendar: 1 h round the clock
  int64_t id = t["id"];
  EXPECT_EQ(t["response_due"], "2026-11-23T10:00:00Z");
  Advance(minutes(44));
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Get(id)["escalations"].empty());
  Advance(minutes(1));  // 75 %
  app_->RunJobsOnceForTest();
  Json full = Get(id);
  ASSERT_EQ(full["escalations"].size(), 1u);
  EXPECT_EQ(full["escalations"][0]["level"], 1);
  EXPECT_EQ(full["escalations"][0]["at"], "2026-11-23T09:45:00Z");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM outbox_emails WHERE related_type = 'ticket' AND"
                      " related_id = ? AND to_address = 'sm@msp.example'",
                      {id}),
            1);
  app_->RunJobsOnceForTest();  // fired once only
  EXPECT_EQ(Get(id)["escalations"].size(), 1u);
  Advance(minutes(20));  // 10:05: past the target
  app_->RunJobsOnceForTest();
  app_->RunJobsOnceForTest();
  full = Get(id);
  ASSERT_EQ(full["escalations"].size(), 2u);
  EXPECT_EQ(full["escalations"][1]["level"], 2);
  EXPECT_EQ(full["escalations"][1]["at"], "2026-11-23T10:05:00Z");
  ASSERT_EQ(full["breaches"].size(), 1u);
  EXPECT_EQ(full["breaches"][0]["kind"], "response");
  EXPECT_EQ(full["breaches"][0]["at"], "2026-11-23T10:00:00Z");
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM outbox_emails WHERE related_type = 'ticket' AND"
                      " related_id = ? AND to_address = ?",
                      {id, kOwnerEmail}),
            1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM outbox_emails WHERE related_type = 'ticket'"), 2);
  // The queue filter.
  Json other = NewTicket("low");
  auto breached = Api().Get("/api/v1/tickets?breached=true").json()["tickets"];
  ASSERT_EQ(breached.size(), 1u);
  EXPECT_EQ(breached[0]["id"], id);
  EXPECT_EQ(breached[0]["breached"], true);
  auto fine = Api().Get("/api/v1/tickets?breached=false").json()["tickets"];
  ASSERT_EQ(fine.size(), 1u);
  EXPECT_EQ(fine[0]["id"], other["id"]);
  EXPECT_EQ(Api().Get("/api/v1/tickets?breached=maybe").status, 400);
  // A late first response is not a second breach.
  ASSERT_EQ(
      Api().Post("/api/v1/tickets/" + std::to_string(id) + "/replies", {{"body", "On it."}}).status,
      201);
  EXPECT_EQ(Get(id)["breaches"].size(), 1u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action ="
                      " 'ticket.escalate_administrative'"),
            2);
}

TEST_P(ServiceDeskApiTest, EscalationCountsWorkingTimeOnly) {
  UseCalendar(
      customer_,
      Calendar({{"name", "Berlin"}, {"time_zone", "Europe/Berlin"}, {"hours", OfficeHours()}}),
      "default");
  clock().Set(*ParseIso8601("2026-11-27T15:30:00Z"));  // Friday 16:30 local
  int64_t id = NewTicket("critical")["id"];
  clock().Set(*ParseIso8601("2026-11-28T12:00:00Z"));  // Saturday: 30 of 60 minutes used
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Get(id)["escalations"].empty());
  clock().Set(*ParseIso8601("2026-11-30T07:14:00Z"));  // Monday 08:14 local: 44 minutes
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(Get(id)["escalations"].empty());
  clock().Set(*ParseIso8601("2026-11-30T07:15:00Z"));  // 45 minutes: 75 %
  app_->RunJobsOnceForTest();
  Json full = Get(id);
  ASSERT_EQ(full["escalations"].size(), 1u);
  EXPECT_EQ(full["escalations"][0]["at"], "2026-11-30T07:15:00Z");
  EXPECT_TRUE(full["breaches"].empty());
  clock().Set(*ParseIso8601("2026-11-30T07:31:00Z"));
  app_->RunJobsOnceForTest();
  full = Get(id);
  EXPECT_EQ(full["escalations"].size(), 2u);
  ASSERT_EQ(full["breaches"].size(), 1u);
  EXPECT_EQ(full["breaches"][0]["at"], "2026-11-30T07:30:00Z");
}

TEST_P(ServiceDeskApiTest, RepliesNotesAndThePortal) {
  int64_t portal_id = AddUser("anna@acme.example", Role::kPortal, customer_);
  (void)portal_id;
  AddUser("bob@beta.example", Role::kPortal, other_customer_);
  Json t = NewTicket("normal");
  int64_t id = t["id"];
  std::string base = "/api/v1/tickets/" + std::to_string(id);
  auto note = Api().Post(base + "/replies", {{"body", "Customer is grumpy"}, {"internal", true}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_TRUE(Get(id)["first_response_at"].is_null());  // a note is not a response
  auto reply = Api().Post(base + "/replies", {{"body", "We are looking into it."}});
  ASSERT_EQ(reply.status, 201);
  EXPECT_EQ(Get(id)["first_response_at"], "2026-11-23T09:00:00Z");

  HttpClient anna = LoggedIn("anna@acme.example");
  auto seen = anna.Get(base);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.body.find("grumpy"), std::string::npos);
  EXPECT_EQ(seen.json()["replies"].size(), 1u);
  EXPECT_FALSE(seen.json().contains("technical_escalations"));
  EXPECT_EQ(anna.Post(base + "/replies", {{"body", "x"}, {"internal", true}}).status, 403);
  auto answer =
      anna.Post(base + "/replies", {{"body", "Thanks"}, {"parent_id", reply.json()["id"]}});
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.json()["from_staff"], false);
  // Threading onto an internal note the portal cannot see: not found.
  EXPECT_EQ(anna.Post(base + "/replies", {{"body", "x"}, {"parent_id", note.json()["id"]}}).status,
            404);
  // The portal opens tickets for its own customer only, and cannot change them.
  auto own = anna.Post("/api/v1/tickets",
                       {{"subject", "VPN down"}, {"description", "since 8"}, {"priority", "high"}});
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json()["customer_id"], customer_);
  EXPECT_EQ(own.json()["source"], "portal");
  auto foreign = anna.Post("/api/v1/tickets", {{"customer_id", other_customer_},
                                               {"subject", "x"},
                                               {"description", "y"},
                                               {"priority", "low"}});
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(anna.Patch(base, {{"priority", "critical"}}).status, 403);
  EXPECT_EQ(anna.Post(base + "/time", {{"minutes", 15}, {"work_type", "remote"}}).status, 403);
  // Another customer's contact sees nothing of it.
  HttpClient bob = LoggedIn("bob@beta.example");
  EXPECT_EQ(bob.Get(base).status, 404);
  EXPECT_EQ(bob.Post(base + "/replies", {{"body", "x"}}).status, 404);
  EXPECT_TRUE(bob.Get("/api/v1/tickets").json()["tickets"].empty());
  EXPECT_EQ(anna.Get("/api/v1/tickets").json()["tickets"].size(), 2u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('ticket.reply',"
                      " 'ticket.note')"),
            3);
}

TEST_P(ServiceDeskApiTest, ResponsibilityAndTechnicalEscalation) {
  int64_t tess = AddUser("tess@msp.example", Role::kTechnician);
  int64_t senior = AddUser("senior@msp.example", Role::kTechnician);
  int64_t portal = AddUser("anna@acme.example", Role::kPortal, customer_);
  Json t = NewTicket("normal");
  int64_t id = t["id"];
  EXPECT_EQ(t["assignee_id"], owner_id_);  // whoever opened it
  // An account manager's ticket goes to whoever dispatches (here the owner).
  AddUser("am@msp.example", Role::kAccountManager);
  auto by_am = LoggedIn("am@msp.example")
                   .Post("/api/v1/tickets", {{"customer_id", customer_},
                                             {"subject", "Renewal question"},
                                             {"description", "x"},
                                             {"priority", "low"}});
  ASSERT_EQ(by_am.status, 201) << by_am.body;
  EXPECT_EQ(by_am.json()["assignee_id"], owner_id_);
  ASSERT_EQ(Patch(id, {{"assignee_id", tess}}).status, 200);
  EXPECT_EQ(Patch(id, {{"assignee_id", nullptr}}).status, 400);
  EXPECT_EQ(Patch(id, {{"assignee_id", portal}}).status, 400);
  EXPECT_EQ(Patch(id, {{"assignee_id", 99999}}).status, 400);
  auto esc = Api().Post("/api/v1/tickets/" + std::to_string(id) + "/escalations",
                        {{"to_user_id", senior}, {"note", "needs AD expertise"}});
  ASSERT_EQ(esc.status, 201) << esc.body;
  EXPECT_EQ(esc.json()["assignee_id"], senior);
  auto vendor = Api().Post("/api/v1/tickets/" + std::to_string(id) + "/escalations",
                           {{"vendor", "Dell ProSupport"}, {"note", "case 123"}});
  ASSERT_EQ(vendor.status, 201);
  EXPECT_EQ(
      Api()
          .Post("/api/v1/tickets/" + std::to_string(id) + "/escalations", {{"note", "nobody"}})
          .status,
      400);
  Json full = Get(id);
  ASSERT_EQ(full["transfers"].size(), 3u);
  EXPECT_TRUE(full["transfers"][0]["from_user_id"].is_null());
  EXPECT_EQ(full["transfers"][0]["to_user_id"], owner_id_);
  EXPECT_EQ(full["transfers"][1]["to_user_id"], tess);
  EXPECT_EQ(full["transfers"][2]["from_user_id"], tess);
  EXPECT_EQ(full["transfers"][2]["to_user_id"], senior);
  ASSERT_EQ(full["technical_escalations"].size(), 2u);
  EXPECT_EQ(full["technical_escalations"][1]["vendor"], "Dell ProSupport");
  // The queue of one person.
  auto mine = TokenFor("senior@msp.example").Get("/api/v1/tickets?assignee=me");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json()["tickets"].size(), 1u);
  EXPECT_EQ(mine.json()["tickets"][0]["id"], id);
}

TEST_P(ServiceDeskApiTest, ClosingWithTheCustomersConfirmationAndAutoClose) {
  AddUser("anna@acme.example", Role::kPortal, customer_);
  int64_t tess = AddUser("tess@msp.example", Role::kTechnician);
  Json t = NewTicket("high");
  int64_t id = t["id"];
  std::string base = "/api/v1/tickets/" + std::to_string(id);
  ASSERT_EQ(Patch(id, {{"assignee_id", tess}, {"status", "open"}}).status, 200);
  HttpClient anna = LoggedIn("anna@acme.example");
  EXPECT_EQ(anna.Post(base + "/confirmation", {{"resolved", true}}).status, 409);
  ASSERT_EQ(
      Patch(id, {{"status", "hold_resolution"}, {"resolution", "Restarted the spooler"}}).status,
      200);
  auto no = anna.Post(base + "/confirmation", {{"resolved", false}, {"comment", "Still broken"}});
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(no.json()["status"], "open");
  EXPECT_EQ(no.json()["assignee_id"], tess);  // same person responsible
  ASSERT_EQ(
      Patch(id, {{"status", "hold_resolution"}, {"resolution", "Replaced the driver"}}).status,
      200);
  auto yes = anna.Post(base + "/confirmation", {{"resolved", true}});
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.json()["status"], "closed");
  Json full = Get(id);
  EXPECT_EQ(full["closure"]["actions_taken"], "Replaced the driver");
  EXPECT_EQ(full["closure"]["resolved_by"], owner_id_);
  EXPECT_EQ(full["closure"]["reported_at"], "2026-11-23T09:00:00Z");
  EXPECT_NE(full.dump().find("Still broken"), std::string::npos);
  EXPECT_EQ(Patch(id, {{"priority", "low"}}).status, 409);

  // The working queues (status=active) leave closed tickets out.
  auto queue = [&](const std::string& filter) {
    std::vector<int64_t> ids;
    Json list = Api().Get("/api/v1/tickets?" + filter).json();  // alive across the loop
    for (const Json& x : list["tickets"]) ids.push_back(x["id"]);
    return ids;
  };
  EXPECT_EQ(queue("status=closed"), std::vector<int64_t>{id});
  EXPECT_TRUE(queue("status=active").empty());
  EXPECT_TRUE(queue("status=active&assignee=" + std::to_string(tess)).empty());

  // Auto-close: five business days without an answer (no calendar: every
  // day), counted from the resolution, not from the earlier pending_fix.
  Json quiet = NewTicket("low");
  int64_t qid = quiet["id"];
  EXPECT_EQ(queue("status=active"), std::vector<int64_t>{qid});
  ASSERT_EQ(Patch(qid, {{"status", "pending_fix"}}).status, 200);
  Advance(hours(24));
  ASSERT_EQ(Patch(qid, {{"status", "hold_resolution"}, {"resolution", "Cleared the queue"}}).status,
            200);
  Advance(hours(24 * 5));
  app_->RunJobsOnceForTest();
  EXPECT_EQ(Get(qid)["status"], "hold_resolution");  // due at the end of the fifth day
  Advance(hours(15));
  app_->RunJobsOnceForTest();
  Json closed = Get(qid);
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["closed_at"], "2026-11-30T00:00:00Z");
  EXPECT_NE(closed["history"].back()["note"].get<std::string>().find("automatically"),
            std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.auto_close'"), 1);
}

TEST_P(ServiceDeskApiTest, TimeEntries) {
  int64_t tess = AddUser("tess@msp.example", Role::kTechnician);
  AddUser("tom@msp.example", Role::kTechnician);
  (void)tess;
  Json t = NewTicket("normal");
  std::string base = "/api/v1/tickets/" + std::to_string(t["id"].get<int64_t>()) + "/time";
  HttpClient tessc = LoggedIn("tess@msp.example");
  auto e = tessc.Post(base, {{"minutes", 7}, {"work_type", "remote"}});
  ASSERT_EQ(e.status, 201) << e.body;
  EXPECT_EQ(e.json()["minutes"], 15);
  EXPECT_EQ(e.json()["billable"], true);
  auto e2 = tessc.Post(base, {{"minutes", 16}, {"work_type", "on_site"}, {"billable", false}});
  EXPECT_EQ(e2.json()["minutes"], 30);
  EXPECT_EQ(tessc.Post(base, {{"minutes", 15}, {"work_type", "teleport"}}).status, 400);
  EXPECT_EQ(tessc.Post(base, {{"minutes", 0}, {"work_type", "phone"}}).status, 400);
  auto list = tessc.Get(base);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["total_minutes"], 45);
  std::string entry = base + "/" + std::to_string(e.json()["id"].get<int64_t>());
  // Only the author may edit; then only until invoiced.
  EXPECT_EQ(LoggedIn("tom@msp.example").Patch(entry, {{"minutes", 60}}).status, 403);
  auto edited = tessc.Patch(entry, {{"minutes", 46}, {"work_type", "after_hours"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["minutes"], 60);
  EXPECT_EQ(edited.json()["work_type"], "after_hours");
  ASSERT_TRUE(app_->services()
                  .db()
                  .Transact([&](storage::Connection& c) {
                    return c
                        .Execute("UPDATE ticket_time_entries SET invoiced_at = 1 WHERE id = ?",
                                 {e.json()["id"].get<int64_t>()})
                        .status();
                  })
                  .ok());
  EXPECT_EQ(tessc.Patch(entry, {{"minutes", 15}}).status, 409);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'time_entry.%'"), 3);
}

TEST_P(ServiceDeskApiTest, QueueOrderAndBadInput) {
  int64_t low = NewTicket("low")["id"];
  int64_t high1 = NewTicket("high")["id"];
  int64_t critical = NewTicket("critical")["id"];
  Advance(minutes(5));
  int64_t high2 = NewTicket("high")["id"];
  int64_t normal = NewTicket("normal")["id"];
  // A high ticket whose response is already done sorts by its (absent)
  // resolution target: after the other high one.
  ASSERT_EQ(Patch(high1, {{"status", "open"}}).status, 200);
  Json queue = Api().Get("/api/v1/tickets").json()["tickets"];
  std::vector<int64_t> order;
  for (const Json& t : queue) order.push_back(t["id"]);
  EXPECT_EQ(order, (std::vector<int64_t>{critical, high2, high1, normal, low}));
  EXPECT_EQ(Api().Get("/api/v1/tickets?status=open").json()["tickets"].size(), 1u);
  EXPECT_EQ(Api().Get("/api/v1/tickets?status=nonsense").status, 400);
  EXPECT_EQ(Api()
                .Get("/api/v1/tickets?customer_id=" + std::to_string(other_customer_))
                .json()["tickets"]
                .size(),
            0u);
  // Priority change recomputes the due time from arrival.
  auto up = Patch(low, {{"priority", "critical"}});
  ASSERT_EQ(up.status, 200);
  EXPECT_EQ(up.json()["response_due"], "2026-11-23T10:00:00Z");

  auto bad = [&](const Json& body) { return Api().Post("/api/v1/tickets", body); };
  EXPECT_EQ(bad({{"customer_id", customer_},
                 {"subject", "x"},
                 {"description", "y"},
                 {"priority", "urgent"}})
                .status,
            400);
  EXPECT_EQ(
      bad({{"customer_id", 9999}, {"subject", "x"}, {"description", "y"}, {"priority", "low"}})
          .status,
      404);
  EXPECT_EQ(bad({{"customer_id", customer_},
                 {"subject", "x"},
                 {"description", "y"},
                 {"priority", "low"},
                 {"ci_ids", {424242}}})
                .status,
            404);
  EXPECT_EQ(bad({{"subject", "x"}, {"description", "y"}, {"priority", "low"}}).status, 400);
  EXPECT_EQ(bad({{"customer_id", customer_},
                 {"subject", "x"},
                 {"description", "y"},
                 {"priority", "low"},
                 {"colour", "red"}})
                .status,
            400);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM tickets"), 5);
  // CIs of the customer are accepted and shown.
  int64_t ci = Id(
      Api().Post("/api/v1/cis", {{"customer_id", customer_}, {"kind", "server"}, {"name", "dc1"}}));
  auto with_ci = bad({{"customer_id", customer_},
                      {"subject", "x"},
                      {"description", "y"},
                      {"priority", "low"},
                      {"ci_ids", {ci}},
                      {"tags", {"dns"}},
                      {"symptoms", "timeouts"}});
  ASSERT_EQ(with_ci.status, 201) << with_ci.body;
  Json full = Get(with_ci.json()["id"]);
  EXPECT_EQ(full["ci_ids"], Json({ci}));
  EXPECT_EQ(full["tags"], Json({"dns"}));
  EXPECT_EQ(full["symptoms"], "timeouts");
  // Other customer's CI: not found.
  int64_t foreign_ci = Id(Api().Post(
      "/api/v1/cis", {{"customer_id", other_customer_}, {"kind", "server"}, {"name", "b1"}}));
  EXPECT_EQ(bad({{"customer_id", customer_},
                 {"subject", "x"},
                 {"description", "y"},
                 {"priority", "low"},
                 {"ci_ids", {foreign_ci}}})
                .status,
            404);
}

// The global search finds tickets by reference and by words of the subject,
// in the caller's scope, with LIKE's wildcards taken literally.
TEST_P(ServiceDeskApiTest, GlobalSearchFindsTickets) {
  int64_t vpn = NewTicket("normal", 0, "VPN drops every evening")["id"];
  int64_t percent = NewTicket("low", 0, "Disk 100% full on FS01")["id"];
  int64_t other = NewTicket("high", other_customer_, "VPN certificate expired")["id"];
  auto found = [&](HttpClient& c, const std::string& q) {
    std::vector<int64_t> ids;
    Json body = c.Get("/api/v1/search?q=" + q).json();  // alive across the loop
    for (const Json& r : body["results"]) {
      if (r["type"] == "ticket") ids.push_back(r["id"]);
    }
    return ids;
  };
  HttpClient api = Api();
  EXPECT_EQ(found(api, "vpn%20EVENING"), std::vector<int64_t>{vpn});
  EXPECT_EQ(found(api, "vpn"), (std::vector<int64_t>{other, vpn}));  // newest first
  EXPECT_EQ(found(api, "%23" + std::to_string(percent)), std::vector<int64_t>{percent});
  EXPECT_EQ(found(api, std::to_string(vpn)), std::vector<int64_t>{vpn});
  EXPECT_EQ(found(api, "100%25"), std::vector<int64_t>{percent});
  EXPECT_TRUE(found(api, "1_0").empty());  // '_' is not a wildcard
  Json hit = api.Get("/api/v1/search?q=evening").json()["results"].back();
  EXPECT_EQ(hit["title"], "#" + std::to_string(vpn) + " VPN drops every evening");

  AddUser("anna@acme.example", Role::kPortal, customer_);
  HttpClient anna = LoggedIn("anna@acme.example");
  EXPECT_EQ(found(anna, "vpn"), std::vector<int64_t>{vpn});
  EXPECT_TRUE(found(anna, std::to_string(other)).empty());
}

TEST_P(ServiceDeskApiTest, AlertOpensAnIncidentTicket) {
  int64_t server = Id(Api().Post(
      "/api/v1/cis", {{"customer_id", customer_}, {"kind", "server"}, {"name", "acme-dc1"}}));
  auto push = [&](double value) {
    Json sample = {{"device_id", server},
                   {"metric", "memory.used_percent"},
                   {"ts", FormatIso8601(clock().Now())},
                   {"value", value}};
    auto r = Api().Post("/api/v1/ingest", {{"samples", {sample}}});
    ASSERT_EQ(r.status, 202) << r.body;
  };
  push(99);
  auto alerts = Api().Get("/api/v1/alerts?device_id=" + std::to_string(server)).json()["alerts"];
  ASSERT_EQ(alerts.size(), 1u);
  ASSERT_TRUE(alerts[0]["ticket_id"].is_number_integer()) << alerts.dump();
  int64_t ticket = alerts[0]["ticket_id"];
  Json t = Get(ticket);
  EXPECT_EQ(t["source"], "alert");
  EXPECT_EQ(t["customer_id"], customer_);
  EXPECT_EQ(t["ci_ids"], Json({server}));
  EXPECT_EQ(t["alert_id"], alerts[0]["id"]);
  EXPECT_EQ(t["priority"], alerts[0]["severity"] == "critical" ? "high" : "normal");
  EXPECT_EQ(t["status"], "new");
  EXPECT_FALSE(t["response_due"].is_null());
  // The resolution is noted on the ticket (internal).
  Advance(minutes(1));
  push(50);
  Json notes = Get(ticket)["replies"];
  ASSERT_GE(notes.size(), 1u);
  EXPECT_NE(notes.back()["body"].get<std::string>().find("resolved"), std::string::npos);
  EXPECT_EQ(notes.back()["internal"], true);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM tickets"), 1);

  // Event-log errors: the first opens a second ticket, the next one repeats
  // the alert and is noted on that ticket.
  auto event = [&](int severity) {
    Json sample = {{"device_id", server},
                   {"metric", "event.log"},
                   {"ts", FormatIso8601(clock().Now())},
                   {"value", severity},
                   {"labels", {{"message", "smartd: unreadable sectors"}}}};
    auto r = Api().Post("/api/v1/ingest", {{"samples", {sample}}});
    ASSERT_EQ(r.status, 202) << r.body;
  };
  event(4);
  Advance(minutes(1));
  event(3);
  auto open = Api().Get("/api/v1/alerts?status=open&condition=event_log").json()["alerts"];
  ASSERT_EQ(open.size(), 1u) << open.dump();
  EXPECT_EQ(open[0]["repeat_count"], 1);
  ASSERT_TRUE(open[0]["ticket_id"].is_number_integer());
  Json second = Get(open[0]["ticket_id"]);
  EXPECT_NE(second["id"], ticket);
  ASSERT_EQ(second["replies"].size(), 1u);
  EXPECT_NE(second["replies"][0]["body"].get<std::string>().find("repeated (1 times)"),
            std::string::npos);
  EXPECT_NE(second["symptoms"].get<std::string>().find("unreadable sectors"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.note'"), 2);
}

TEST_P(ServiceDeskApiTest, DemoHasTicketsInEveryStatusWithHistory) {
  auto logins = app::SeedDemo(app_->services(), kPassword);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  Json all = Api().Get("/api/v1/tickets?limit=1000").json()["tickets"];
  std::set<std::string> statuses, sources;
  int breached = 0;
  for (const Json& t : all) {
    statuses.insert(t["status"]);
    sources.insert(t["source"]);
    breached += t["breached"].get<bool>();
  }
  EXPECT_EQ(statuses.size(), 7u) << all.dump();
  EXPECT_TRUE(sources.count("alert"));  // incidents from the monitoring replay
  EXPECT_TRUE(sources.count("portal"));
  EXPECT_TRUE(sources.count("email"));  // a request by mail, with an attachment
  EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM ticket_attachments WHERE ticket_id IS NOT NULL"),
            1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM mail_messages WHERE outcome = 'triage'"), 1);
  EXPECT_GE(breached, 1);
  EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM ticket_escalations"), 1);
  EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM ticket_time_entries"), 4);
  // The RFC a ticket raised, and the CAB's fortnight (demo_changes.cc):
  // changes in every state but approved-and-waiting, with votes and freezes.
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_requests WHERE ticket_id IS NOT NULL"), 1);
  for (const char* status : {"draft", "submitted", "rejected", "scheduled", "closed"}) {
    EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM change_requests WHERE status = ?", {status}), 1)
        << status;
  }
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_requests WHERE outcome = 'backed_out'"), 1);
  EXPECT_GE(CountRows("SELECT COUNT(*) AS n FROM change_approvals WHERE role = 'customer'"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM change_freezes"), 2);
  // Patch deployments (demo_deployments.cc): last week's patch night is
  // done — one server installed and back from its reboot, one failed after
  // three commands on a held dpkg lock, one held on a changed sshd_config,
  // the ESXi host skipped — and the OpenSSL rollout's servers wait for
  // their window.
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM patch_deployments"), 2);
  const int64_t night =
      CountRows("SELECT MIN(id) AS n FROM patch_deployments WHERE status = 'done'");
  const int64_t ssl =
      CountRows("SELECT MIN(id) AS n FROM patch_deployments WHERE status = 'active'");
  Json done = Api().Get("/api/v1/deployments/" + std::to_string(night)).json();
  std::map<std::string, Json> by_state;
  for (const Json& t : done["targets"]) by_state[t["state"]] = t;
  ASSERT_EQ(by_state.size(), 4u) << done.dump();
  for (const char* state : {"installed", "failed", "held", "skipped"}) {
    EXPECT_TRUE(by_state.count(state)) << state << ": " << done.dump();
  }
  EXPECT_EQ(by_state["installed"]["reboot"]["state"], "back");
  EXPECT_EQ(by_state["failed"]["attempts"], 3);
  ASSERT_FALSE(by_state["failed"]["results"].empty());
  EXPECT_EQ(by_state["failed"]["results"][0]["exit_code"], 100);
  EXPECT_NE(by_state["failed"]["results"][0]["log_tail"].get<std::string>().find(
                "Could not get lock /var/lib/dpkg/lock-frontend"),
            std::string::npos);
  ASSERT_EQ(by_state["held"]["results"].size(), 1u);
  EXPECT_NE(by_state["held"]["results"][0]["reason"].get<std::string>().find("sshd_config"),
            std::string::npos);
  EXPECT_EQ(done["created_by_name"], "Tess Nguyen");
  Json rollout = Api().Get("/api/v1/deployments/" + std::to_string(ssl)).json();
  Json list = Api()
                  .Get("/api/v1/changes/" + std::to_string(rollout["change_id"].get<int64_t>()) +
                       "/deployments")
                  .json();
  ASSERT_EQ(list.size(), 1u) << list.dump();
  ASSERT_EQ(list[0]["targets"].size(), 3u) << list.dump();
  for (const Json& t : list[0]["targets"]) {
    EXPECT_EQ(t["state"], "waiting") << t.dump();  // Monday morning: the window is Saturday's
    EXPECT_TRUE(t["next_attempt_at"].is_string()) << t.dump();
  }
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'deployment.create'"), 2);
  EXPECT_EQ(Api().Get("/api/v1/calendars").json()["calendars"].size(), 3u);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM customers WHERE calendar_id IS NOT NULL"), 3);
  for (const Json& t : all) {
    if (t["status"] != "closed" || t["source"] == "alert") continue;
    Json full = Get(t["id"]);
    EXPECT_TRUE(full["closure"].is_object());
    EXPECT_GE(full["history"].size(), 3u);
  }
}

STEWARD_INSTANTIATE_SERVER_TEST(ServiceDeskApiTest);

}  // namespace
}  // namespace steward::testing
