// Support time and flex hours over real HTTP with the fake clock (Monday
// 2026-11-23 09:00 UTC), on SQLite and PostgreSQL: time logged with a work
// date and work type, the month's included hours drawn in order of work
// date with the crossing entry split, the rest billed on the next invoice at
// each work type's rate (emergency on-site at Bronze's $185/h), late work
// picked up by the following invoice, flex hours earned at each month's end
// and drawn in 4-hour steps and gone on 1 January, the portal reading its
// own hours, and the scheduled billing run catching up missed months.
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class BillingHoursTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& config) override { config.billing_run_day = run_day_; }

  void SetUp() override {
    ServerTest::SetUp();
    owner_ = std::make_unique<HttpClient>(Owner());
    customer_ = Id(owner_->Post("/api/v1/customers", {{"name", "Acme Dental"}}));
    other_ = Id(owner_->Post("/api/v1/customers", {{"name", "Beta Bakery"}}));
    int64_t bronze = 0;
    for (const Json& p : owner_->Get("/api/v1/plans").json()) {
      if (p["name"] == "Bronze") bronze = p["id"];
    }
    // Two Bronze servers since 1 October: 2 h included and 2 h flex a month.
    contract_ = Id(owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                                      {"start_date", "2026-10-01"},
                                                      {"term_months", 12},
                                                      {"payment_days", 14}}));
    std::vector<int64_t> servers;
    for (const char* name : {"dc01", "fs01"}) {
      servers.push_back(Id(owner_->Post(
          "/api/v1/cis", {{"customer_id", customer_}, {"kind", "server"}, {"name", name}})));
    }
    ASSERT_EQ(owner_
                  ->Post("/api/v1/contracts/" + std::to_string(contract_) + "/lines",
                         {{"plan_id", bronze}, {"ci_ids", servers}, {"starts_on", "2026-10-01"}})
                  .status,
              201);
    ticket_ = Id(owner_->Post("/api/v1/tickets", {{"customer_id", customer_},
                                                  {"subject", "Server slow"},
                                                  {"description", "Everything crawls"},
                                                  {"priority", "high"}}));
    other_ticket_ = Id(owner_->Post("/api/v1/tickets", {{"customer_id", other_},
                                                        {"subject", "Oven offline"},
                                                        {"description", "No network"},
                                                        {"priority", "low"}}));
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  HttpResult Log(const Json& body) {
    return owner_->Post("/api/v1/tickets/" + std::to_string(ticket_) + "/time", body);
  }

  Json Hours(HttpClient& who, int64_t customer, const std::string& month = "") {
    std::string path = "/api/v1/customers/" + std::to_string(customer) + "/hours";
    if (!month.empty()) path += "?month=" + month;
    auto r = who.Get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  Json Run(const std::string& month) {
    auto r = owner_->Post("/api/v1/billing/runs", {{"month", month}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["invoice_ids"];
  }

  Json Invoice(int64_t id) {
    auto r = owner_->Get("/api/v1/invoices/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static HttpResult PutJson(HttpClient& who, const std::string& path, const Json& body) {
    return who.Send("PUT", path, body.dump());
  }

  HttpResult Draw(int64_t customer, const Json& body) {
    return owner_->Post("/api/v1/customers/" + std::to_string(customer) + "/flex/draws", body);
  }

  // Moves the clock to `iso` and runs the background jobs once.
  void JobsAt(const std::string& iso) {
    clock().Set(*ParseIso8601(iso));
    app_->RunJobsOnceForTest();
    owner_ = std::make_unique<HttpClient>(Owner());  // sessions idle out when time jumps
  }

  static void ExpectError(const HttpResult& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json()["error"].value("field", ""), field) << r.body;
  }

  int run_day_ = 0;
  std::unique_ptr<HttpClient> owner_;
  int64_t customer_ = 0, other_ = 0, contract_ = 0, ticket_ = 0, other_ticket_ = 0;
};

TEST_P(BillingHoursTest, IncludedHoursAreDrawnByWorkDateAndTheRestIsBilledAtItsRate) {
  // Bad input is refused and writes nothing.
  ExpectError(Log({{"minutes", 30}, {"work_type", "remote"}, {"work_date", "2026-11-24"}}), 400,
              "work_date");
  ExpectError(Log({{"minutes", 30}, {"work_type", "remote"}, {"work_date", "2026-13-01"}}), 400,
              "work_date");
  ExpectError(Log({{"minutes", 30}, {"work_type", "teleport"}}), 400, "work_type");
  ExpectError(Log({{"minutes", 0}, {"work_type", "remote"}}), 400, "minutes");
  const std::string time_path = "/api/v1/tickets/" + std::to_string(ticket_) + "/time";
  EXPECT_EQ(owner_->Get(time_path).json()["total_minutes"], 0);

  // November's work, logged out of date order.
  auto crossing = Log({{"minutes", 45}, {"work_type", "remote"}, {"work_date", "2026-11-09"}});
  ASSERT_EQ(crossing.status, 201) << crossing.body;
  EXPECT_EQ(crossing.json()["work_date"], "2026-11-09");
  ASSERT_EQ(Log({{"minutes", 90}, {"work_type", "remote"}, {"work_date", "2026-11-02"}}).status,
            201);
  ASSERT_EQ(
      Log({{"minutes", 60}, {"work_type", "after_hours"}, {"work_date", "2026-11-05"}}).status,
      201);
  ASSERT_EQ(
      Log({{"minutes", 30}, {"work_type", "emergency_onsite"}, {"work_date", "2026-11-10"}}).status,
      201);
  ASSERT_EQ(Log({{"minutes", 30}, {"work_type", "remote"}, {"billable", false}}).status, 201);
  // A default work date is today.
  EXPECT_EQ(owner_->Get(time_path).json()["entries"].back()["work_date"], "2026-11-23");

  // 120 included: the 2 Nov entry draws 90, the 9 Nov one 30 and pays 15.
  // Billable: 15 + 60 (after hours) + 30 (emergency on-site) = 105.
  Json nov = Hours(*owner_, customer_, "2026-11");
  EXPECT_EQ(nov["included_minutes"], 120);
  EXPECT_EQ(nov["covered_minutes"], 120);
  EXPECT_EQ(nov["included_left_minutes"], 0);
  EXPECT_EQ(nov["billable_minutes"], 105);
  // The portal reads its own hours and no one else's; technicians read them too.
  AddUser("anna@acme.example", Role::kPortal, customer_);
  HttpClient portal = LoggedIn("anna@acme.example");
  EXPECT_EQ(Hours(portal, customer_, "2026-11")["billable_minutes"], 105);
  EXPECT_EQ(portal.Get("/api/v1/customers/" + std::to_string(other_) + "/hours").status, 404);
  AddUser("tess@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tess@msp.example");
  EXPECT_EQ(Hours(tech, customer_)["month"], "2026-11");
  ExpectError(owner_->Get("/api/v1/customers/" + std::to_string(customer_) + "/hours?month=11"),
              400, "month");

  // December's invoice carries November's time: 2 × $500 − 4 % = $960, then
  // the included line, 1 h after hours × $225, 15 min × $150 = $37.50 and
  // 30 min emergency on-site × $185 = $92.50 (no discount on hourly work).
  Json ids = Run("2026-12");
  ASSERT_EQ(ids.size(), 1u);
  Json dec = Invoice(ids[0]);
  ASSERT_EQ(dec["lines"].size(), 6u) << dec.dump();
  EXPECT_EQ(dec["lines"][2]["kind"], "time");
  EXPECT_EQ(dec["lines"][2]["amount_cents"], 0);
  EXPECT_EQ(dec["lines"][2]["description"], "Included support hours, 2026-11: 2 h drawn");
  EXPECT_EQ(dec["lines"][3]["amount_cents"], 22500);
  EXPECT_EQ(dec["lines"][4]["amount_cents"], 3750);
  EXPECT_EQ(dec["lines"][5]["amount_cents"], 9250);
  EXPECT_EQ(dec["total_cents"], 96000 + 22500 + 3750 + 9250);
  // Invoiced time is frozen; its split is on the entry.
  Json entries = owner_->Get(time_path).json()["entries"];
  EXPECT_EQ(entries[0]["included_minutes"], 30);
  EXPECT_EQ(entries[0]["invoice_id"], ids[0]);
  EXPECT_EQ(
      owner_->Patch(time_path + "/" + std::to_string(int64_t{entries[0]["id"]}), {{"minutes", 15}})
          .status,
      409);
  // The non-billable entry was never taken.
  EXPECT_TRUE(entries[4]["invoice_id"].is_null());

  // Late work for November lands on the next invoice, with no pool left.
  ASSERT_EQ(Log({{"minutes", 30}, {"work_type", "phone"}, {"work_date", "2026-11-20"}}).status,
            201);
  EXPECT_EQ(Hours(*owner_, customer_, "2026-11")["billable_minutes"], 135);
  EXPECT_TRUE(Run("2026-12").empty());  // the month is done: nothing new, the entry waits
  ids = Run("2027-01");
  ASSERT_EQ(ids.size(), 1u);
  Json jan = Invoice(ids[0]);
  EXPECT_EQ(jan["lines"].back()["amount_cents"], 7500);  // 30 min × $150
  EXPECT_EQ(jan["total_cents"], 96000 + 7500);

  // Voiding an invoice gives the time it billed back to the next run.
  const std::string jan_path = "/api/v1/invoices/" + std::to_string(int64_t{ids[0]});
  ASSERT_EQ(owner_->Post(jan_path + "/issue", Json{}).status, 200);
  auto voided = owner_->Post(jan_path + "/void", {{"reason", "the phone call was covered"}});
  ASSERT_EQ(voided.status, 201) << voided.body;
  EXPECT_TRUE(owner_->Get(time_path).json()["entries"].back()["invoice_id"].is_null());
  ids = Run("2027-02");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(Invoice(ids[0])["total_cents"], 96000 + 7500);
}

TEST_P(BillingHoursTest, FlexHoursAreEarnedAtMonthEndDrawnInFourHourStepsAndGoneOnNewYear) {
  // October ended before today: 2 servers × 1 h = 120 minutes, credited once.
  JobsAt("2026-11-23T09:00:00Z");
  JobsAt("2026-11-23T09:05:00Z");
  Json h = Hours(*owner_, customer_);
  EXPECT_EQ(h["flex_balance_minutes"], 120);
  EXPECT_EQ(h["flex_year"], 2026);
  EXPECT_EQ(h["flex_expires_at"], "2027-01-01T00:00:00Z");
  ASSERT_EQ(h["flex_ledger"].size(), 1u);
  EXPECT_EQ(h["flex_ledger"][0]["earned_month"], "2026-10");

  // Not a 4-hour multiple, or more than the balance: 400 naming minutes, nothing written.
  ExpectError(Draw(customer_, {{"minutes", 100}}), 400, "minutes");
  ExpectError(Draw(customer_, {{"minutes", 240}}), 400, "minutes");
  ExpectError(Draw(customer_, {{"minutes", -240}}), 400, "minutes");

  // November's end brings the balance to 4 h: one draw for on-site work.
  JobsAt("2026-12-01T08:00:00Z");
  EXPECT_EQ(Hours(*owner_, customer_)["flex_balance_minutes"], 240);
  EXPECT_EQ(Draw(customer_, {{"minutes", 240}, {"ticket_id", other_ticket_}}).status, 404);
  auto drawn = Draw(customer_, {{"minutes", 240}, {"ticket_id", ticket_}, {"note", "rack move"}});
  ASSERT_EQ(drawn.status, 201) << drawn.body;
  EXPECT_EQ(drawn.json()["flex_balance_minutes"], 0);
  EXPECT_EQ(drawn.json()["flex_ledger"].back()["minutes"], -240);
  ExpectError(Draw(customer_, {{"minutes", 240}}), 400, "minutes");
  // A technician may not draw; a portal user may not either.
  AddUser("tess@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tess@msp.example");
  EXPECT_EQ(tech.Post("/api/v1/customers/" + std::to_string(customer_) + "/flex/draws",
                      {{"minutes", 240}})
                .status,
            403);

  // December's hours would expire the instant they were earned: 1 January starts at 0.
  JobsAt("2027-01-01T00:30:00Z");
  Json jan = Hours(*owner_, customer_);
  EXPECT_EQ(jan["flex_year"], 2027);
  EXPECT_EQ(jan["flex_balance_minutes"], 0);
  EXPECT_TRUE(jan["flex_ledger"].empty());
  EXPECT_EQ(Hours(*owner_, other_)["flex_balance_minutes"], 0);  // no contract, no flex
}

TEST_P(BillingHoursTest, TheRateCardPricesTimeBilledAfterAChange) {
  Json rates = owner_->Get("/api/v1/billing/rates").json();
  ASSERT_EQ(rates.size(), 6u);
  EXPECT_EQ(rates[0]["work_type"], "remote");
  EXPECT_EQ(rates[0]["hourly_cents"], 15000);
  EXPECT_EQ(rates[0]["draws_included"], true);
  // Bad input is refused and changes nothing.
  ExpectError(
      PutJson(*owner_, "/api/v1/billing/rates", {{"work_type", "teleport"}, {"hourly_cents", 1}}),
      400, "work_type");
  ExpectError(
      PutJson(*owner_, "/api/v1/billing/rates", {{"work_type", "remote"}, {"hourly_cents", -1}}),
      400, "hourly_cents");
  AddUser("tess@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tess@msp.example");
  EXPECT_EQ(
      PutJson(tech, "/api/v1/billing/rates", {{"work_type", "remote"}, {"hourly_cents", 1}}).status,
      403);
  EXPECT_EQ(owner_->Get("/api/v1/billing/rates").json()[0]["hourly_cents"], 15000);

  // Remote work at $180/h that no longer draws included hours.
  auto set = PutJson(*owner_, "/api/v1/billing/rates",
                     {{"work_type", "remote"}, {"hourly_cents", 18000}, {"draws_included", false}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json()[0]["hourly_cents"], 18000);
  EXPECT_EQ(set.json()[0]["draws_included"], false);
  ASSERT_EQ(Log({{"minutes", 60}, {"work_type", "remote"}, {"work_date", "2026-11-02"}}).status,
            201);
  Json ids = Run("2026-12");
  ASSERT_EQ(ids.size(), 1u);
  Json dec = Invoice(ids[0]);
  EXPECT_EQ(dec["lines"].back()["amount_cents"], 18000);
  EXPECT_EQ(dec["total_cents"], 96000 + 18000);
}

class ScheduledBillingTest : public BillingHoursTest {
 protected:
  void SetUp() override {
    run_day_ = 25;
    BillingHoursTest::SetUp();
  }
};

TEST_P(ScheduledBillingTest, TheScheduleDraftsEachDueMonthOnceAndCatchesUp) {
  // 23 November, before the 25th: October and November are due (catch-up
  // from the contract's first month), December not yet.
  JobsAt("2026-11-23T09:00:00Z");
  auto list = [&] {
    return owner_->Get("/api/v1/invoices?customer_id=" + std::to_string(customer_))
        .json()["invoices"];
  };
  Json invoices = list();
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[0]["month"], "2026-11");
  EXPECT_EQ(invoices[1]["month"], "2026-10");
  JobsAt("2026-11-24T09:00:00Z");
  EXPECT_EQ(list().size(), 2u);
  // From the 25th December is due, with November's time on it.
  ASSERT_EQ(Log({{"minutes", 150}, {"work_type", "remote"}, {"work_date", "2026-11-24"}}).status,
            201);
  JobsAt("2026-11-25T06:00:00Z");
  invoices = list();
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(invoices[0]["month"], "2026-12");
  EXPECT_EQ(invoices[0]["status"], "draft");
  // 150 min against a 120-minute pool: 30 min × $150 billed.
  EXPECT_EQ(invoices[0]["total_cents"], 96000 + 7500);
  EXPECT_TRUE(Run("2026-12").empty());  // on demand after the schedule: nothing new
  // A server down for a week misses runs: they are caught up.
  JobsAt("2027-02-26T09:00:00Z");
  invoices = list();
  ASSERT_EQ(invoices.size(), 6u);
  EXPECT_EQ(invoices[0]["month"], "2027-03");
  EXPECT_EQ(invoices[1]["month"], "2027-02");
  EXPECT_EQ(invoices[2]["month"], "2027-01");
}

STEWARD_INSTANTIATE_SERVER_TEST(BillingHoursTest);
STEWARD_INSTANTIATE_SERVER_TEST(ScheduledBillingTest);

}  // namespace
}  // namespace steward::testing
