// Plans and contracts over real HTTP with the fake clock (Monday 2026-11-23
// 09:00 UTC), on SQLite and PostgreSQL: the seed's plans, signing a contract
// with its term dates, lines over the CMDB's devices with this month's
// charge and the quantity discount, termination with liquidated damages,
// bad input that writes nothing, and the portal's view of its own contracts.
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

class BillingApiTest : public ServerTest {
 protected:
  // Runs only on demand here: the schedule has its own test (billing_hours_test).
  void ModifyConfig(app::ServerConfig& config) override { config.billing_run_day = 0; }

  void SetUp() override {
    ServerTest::SetUp();
    owner_ = std::make_unique<HttpClient>(Owner());
    customer_ = Id(owner_->Post("/api/v1/customers", {{"name", "Acme Dental"}}));
    other_ = Id(owner_->Post("/api/v1/customers", {{"name", "Beta Bakery"}}));
    for (const Json& p : owner_->Get("/api/v1/plans").json()) plans_[p["name"]] = p["id"];
  }

  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  int64_t Server(int64_t customer, const std::string& name) {
    return Id(owner_->Post("/api/v1/cis",
                           {{"customer_id", customer}, {"kind", "server"}, {"name", name}}));
  }

  int64_t Contract(int64_t customer, int term = 12, const std::string& start = "2026-11-01") {
    return Id(
        owner_->Post("/api/v1/contracts",
                     {{"customer_id", customer}, {"start_date", start}, {"term_months", term}}));
  }

  std::string Path(int64_t contract, const std::string& tail = "") {
    return "/api/v1/contracts/" + std::to_string(contract) + tail;
  }

  Json Get(int64_t contract) {
    auto r = owner_->Get(Path(contract));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static void ExpectError(const HttpResult& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json()["error"].value("field", ""), field) << r.body;
  }

  std::unique_ptr<HttpClient> owner_;
  int64_t customer_ = 0, other_ = 0;
  std::map<std::string, int64_t> plans_;
};

TEST_P(BillingApiTest, TheSeedsServerPlansExistAndPlansCanBeAdded) {
  auto list = owner_->Get("/api/v1/plans").json();
  std::map<std::string, Json> by_name;
  for (const Json& p : list) by_name[p["name"]] = p;
  ASSERT_EQ(by_name.count("Bronze"), 1u);
  EXPECT_EQ(by_name["Bronze"]["price_cents"], 50000);
  EXPECT_EQ(by_name["Silver"]["price_cents"], 75000);
  EXPECT_EQ(by_name["Gold"]["price_cents"], 100000);
  EXPECT_EQ(by_name["Bronze"]["unit"], "server");
  EXPECT_EQ(by_name["Bronze"]["included_support_minutes"], 60);
  EXPECT_EQ(by_name["Bronze"]["flex_minutes"], 60);
  EXPECT_EQ(by_name["Bronze"]["emergency_onsite_hourly_cents"], 18500);
  EXPECT_TRUE(by_name["Gold"]["discountable"].get<bool>());

  Json package = {{"name", "Complete package"},
                  {"unit", "user"},
                  {"price_cents", 15000},
                  {"tiers",
                   {{{"max_units", 10}, {"unit_cents", 15000}},
                    {{"max_units", 25}, {"unit_cents", 13500}},
                    {{"max_units", 50}, {"unit_cents", 12000}}}}};
  auto created = owner_->Post("/api/v1/plans", package);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["tiers"].size(), 3u);
  // The same name again, tiers out of order, tiers on a device plan, money out of range.
  ExpectError(owner_->Post("/api/v1/plans", package), 409, "name");
  Json bad = package;
  bad["name"] = "Unordered";
  bad["tiers"] = {{{"max_units", 25}, {"unit_cents", 1}}, {{"max_units", 10}, {"unit_cents", 1}}};
  ExpectError(owner_->Post("/api/v1/plans", bad), 400, "tiers");
  bad["unit"] = "server";
  bad["tiers"] = {{{"max_units", 10}, {"unit_cents", 1}}};
  ExpectError(owner_->Post("/api/v1/plans", bad), 400, "tiers");
  ExpectError(
      owner_->Post("/api/v1/plans", {{"name", "Negative"}, {"unit", "site"}, {"price_cents", -1}}),
      400, "price_cents");
  ExpectError(
      owner_->Post("/api/v1/plans",
                   {{"name", "Odd"}, {"unit", "site"}, {"price_cents", 100}, {"flex_minutes", 50}}),
      400, "flex_minutes");
  EXPECT_EQ(owner_->Get("/api/v1/plans").json().size(), list.size() + 1);
  // A technician reads plans but cannot add one.
  AddUser("tech@msp.example", Role::kTechnician);
  HttpClient tech = LoggedIn("tech@msp.example");
  EXPECT_EQ(tech.Get("/api/v1/plans").status, 200);
  EXPECT_EQ(
      tech.Post("/api/v1/plans", {{"name", "T"}, {"unit", "site"}, {"price_cents", 1}}).status,
      403);
}

TEST_P(BillingApiTest, AContractCarriesItsTermDates) {
  auto r = owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                              {"start_date", "2026-11-01"},
                                              {"term_months", 24},
                                              {"setup_fee_cents", 100000},
                                              {"payment_days", 14}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json c = r.json();
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(c["damages_months"], 2);  // the default
  EXPECT_EQ(c["term"]["number"], 1);
  EXPECT_EQ(c["term"]["start"], "2026-11-01");
  EXPECT_EQ(c["term"]["end"], "2028-10-31");        // 24 months, the day before
  EXPECT_EQ(c["term"]["notice_by"], "2028-08-02");  // 90 days before the end
  EXPECT_EQ(c["term"]["renews_on"], "2028-11-01");
  auto audit = owner_->Get("/api/v1/audit?action=contract.create").body;
  EXPECT_NE(audit.find("contract.create"), std::string::npos);
}

TEST_P(BillingApiTest, BadContractsAreRefusedAndWriteNothing) {
  auto post = [&](Json patch) {
    Json body = {{"customer_id", customer_}, {"start_date", "2026-11-01"}, {"term_months", 12}};
    body.update(patch);
    return owner_->Post("/api/v1/contracts", body);
  };
  ExpectError(post({{"term_months", 18}}), 400, "term_months");
  ExpectError(post({{"damages_months", 4}}), 400, "damages_months");
  ExpectError(post({{"start_date", "2026-02-30"}}), 400, "start_date");
  ExpectError(post({{"setup_fee_cents", -100}}), 400, "setup_fee_cents");
  ExpectError(post({{"surprise", 1}}), 400, "surprise");
  EXPECT_EQ(post({{"customer_id", 999999}}).status, 404);
  EXPECT_TRUE(owner_->Get("/api/v1/contracts").json()["contracts"].empty());
}

TEST_P(BillingApiTest, LinesChargeThisMonthWithTheQuantityDiscount) {
  int64_t contract = Contract(customer_);
  std::vector<int64_t> servers = {Server(customer_, "srv1"), Server(customer_, "srv2"),
                                  Server(customer_, "srv3")};
  auto r =
      owner_->Post(Path(contract, "/lines"), {{"plan_id", plans_["Bronze"]}, {"ci_ids", servers}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json c = r.json();
  ASSERT_EQ(c["lines"].size(), 1u);
  EXPECT_EQ(c["lines"][0]["devices"].size(), 3u);
  EXPECT_EQ(c["lines"][0]["starts_on"], "2026-11-23");  // today: after the contract's start
  // November: 3 servers from the 23rd (8 of 30 days): 3 × $500 × 8/30 = $400.00 gross;
  // 3 servers → 4 %: −$16.00.
  EXPECT_EQ(c["this_month"]["servers"], 3);
  EXPECT_EQ(c["this_month"]["discount_bp"], 400);
  EXPECT_EQ(c["this_month"]["lines"][0]["gross_cents"], 40000);
  EXPECT_EQ(c["this_month"]["lines"][0]["discount_cents"], -1600);
  EXPECT_EQ(c["this_month"]["total_cents"], 38400);

  // Another customer's CI, a quantity on a device plan, an unknown plan: refused, nothing added.
  int64_t foreign = Server(other_, "beta-srv");
  EXPECT_EQ(
      owner_->Post(Path(contract, "/lines"), {{"plan_id", plans_["Silver"]}, {"ci_ids", {foreign}}})
          .status,
      404);
  ExpectError(
      owner_->Post(Path(contract, "/lines"), {{"plan_id", plans_["Silver"]}, {"quantity", 2}}), 400,
      "quantity");
  ExpectError(owner_->Post(Path(contract, "/lines"), {{"plan_id", 999999}, {"ci_ids", servers}}),
              400, "plan_id");
  ExpectError(owner_->Post(Path(contract, "/lines"),
                           {{"plan_id", plans_["Gold"]}, {"ci_ids", {servers[0], servers[0]}}}),
              400, "ci_ids");
  ExpectError(owner_->Post(Path(contract, "/lines"), {{"plan_id", plans_["Gold"]},
                                                      {"ci_ids", {servers[0]}},
                                                      {"starts_on", "2026-10-01"}}),
              400, "starts_on");
  EXPECT_EQ(Get(contract)["lines"].size(), 1u);

  // A plan per user takes a quantity.
  auto users = owner_->Post("/api/v1/plans",
                            {{"name", "Mailbox care"}, {"unit", "mailbox"}, {"price_cents", 400}});
  ASSERT_EQ(users.status, 201);
  int64_t mailbox_plan = users.json()["id"];
  ExpectError(
      owner_->Post(Path(contract, "/lines"), {{"plan_id", mailbox_plan}, {"ci_ids", {servers[0]}}}),
      400, "ci_ids");
  r = owner_->Post(Path(contract, "/lines"),
                   {{"plan_id", mailbox_plan}, {"quantity", 30}, {"starts_on", "2026-12-01"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["lines"].size(), 2u);
  EXPECT_EQ(r.json()["this_month"]["total_cents"], 38400);  // it starts next month
}

TEST_P(BillingApiTest, TerminationChargesLiquidatedDamages) {
  int64_t contract = Contract(customer_, 36);
  std::vector<int64_t> servers = {Server(customer_, "a"), Server(customer_, "b")};
  ASSERT_EQ(
      owner_
          ->Post(Path(contract, "/lines"),
                 {{"plan_id", plans_["Silver"]}, {"ci_ids", servers}, {"starts_on", "2026-11-01"}})
          .status,
      201);
  ExpectError(owner_->Post(Path(contract, "/terminate"), {{"date", "2026-10-01"}}), 400, "date");
  ExpectError(owner_->Post(Path(contract, "/terminate"), {{"date", "yesterday"}}), 400, "date");
  // Ends on 15 December: in force that day, 2 servers × $750 − 4 % = $1,440.00 a month;
  // 2 months' damages = $2,880.00.
  auto r = owner_->Post(Path(contract, "/terminate"), {{"date", "2026-12-15"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["damages_cents"], 288000);
  Json c = Get(contract);
  EXPECT_EQ(c["status"], "terminated");
  EXPECT_EQ(c["terminated_on"], "2026-12-15");
  EXPECT_EQ(c["damages_cents"], 288000);
  EXPECT_EQ(c["lines"][0]["ends_on"], "2026-12-15");
  EXPECT_EQ(c["lines"][0]["devices"][0]["to"], "2026-12-15");
  // Once only; and a terminated contract takes no new lines.
  EXPECT_EQ(owner_->Post(Path(contract, "/terminate"), Json::object()).status, 409);
  EXPECT_EQ(
      owner_
          ->Post(Path(contract, "/lines"), {{"plan_id", plans_["Gold"]}, {"ci_ids", {servers[0]}}})
          .status,
      409);
}

TEST_P(BillingApiTest, ThePortalReadsOnlyItsOwnContracts) {
  int64_t mine = Contract(customer_);
  int64_t theirs = Contract(other_);
  AddUser("anna@acme.example", Role::kPortal, customer_);
  HttpClient portal = LoggedIn("anna@acme.example");
  EXPECT_EQ(portal.Get(Path(mine)).status, 200);
  EXPECT_EQ(portal.Get(Path(theirs)).status, 404);
  auto list = portal.Get("/api/v1/contracts").json()["contracts"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], mine);
  EXPECT_TRUE(portal.Get("/api/v1/contracts?customer_id=" + std::to_string(other_))
                  .json()["contracts"]
                  .empty());
  EXPECT_EQ(portal.Post(Path(mine, "/terminate"), Json::object()).status, 403);
  EXPECT_EQ(portal.Post(Path(theirs, "/terminate"), Json::object()).status, 404);
  EXPECT_EQ(Get(mine)["status"], "active");
  EXPECT_EQ(Get(theirs)["status"], "active");
}

TEST_P(BillingApiTest, InvoicesFromTheRunThroughPaymentsLateFeesAndTermCredits) {
  auto contract_r = owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"start_date", "2026-12-01"},
                                                       {"term_months", 24},
                                                       {"setup_fee_cents", 100000},
                                                       {"payment_days", 14}});
  int64_t contract = Id(contract_r);
  ASSERT_EQ(owner_
                ->Post(Path(contract, "/lines"),
                       {{"plan_id", plans_["Bronze"]},
                        {"ci_ids", {Server(customer_, "s1"), Server(customer_, "s2")}}})
                .status,
            201);
  auto run = [&](const std::string& month) {
    auto r = owner_->Post("/api/v1/billing/runs", {{"month", month}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["invoice_ids"];
  };
  auto invoice = [&](int64_t id) {
    auto r = owner_->Get("/api/v1/invoices/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  ExpectError(owner_->Post("/api/v1/billing/runs", {{"month", "2026-13"}}), 400, "month");

  // December, issued in advance: 2 × $500 − 4 % + the $1,000 setup fee = $1,960.00.
  Json ids = run("2026-12");
  ASSERT_EQ(ids.size(), 1u);
  int64_t first = ids[0];
  EXPECT_TRUE(run("2026-12").empty());  // the same month again: nothing new
  Json dec = invoice(first);
  EXPECT_EQ(dec["status"], "draft");
  EXPECT_EQ(dec["sequence"], 1);
  EXPECT_EQ(dec["total_cents"], 196000);
  ASSERT_EQ(dec["lines"].size(), 3u);
  EXPECT_EQ(dec["lines"][0]["kind"], "recurring");
  EXPECT_EQ(dec["lines"][1]["kind"], "discount");
  EXPECT_EQ(dec["lines"][1]["amount_cents"], -4000);
  EXPECT_EQ(dec["lines"][2]["kind"], "setup");

  // A draft is the MSP's: not paid, not shown to the customer.
  std::string pay = "/api/v1/invoices/" + std::to_string(first) + "/payments";
  EXPECT_EQ(owner_->Post(pay, {{"amount_cents", 100}}).status, 409);
  AddUser("anna@acme.example", Role::kPortal, customer_);
  HttpClient portal = LoggedIn("anna@acme.example");
  EXPECT_EQ(portal.Get("/api/v1/invoices/" + std::to_string(first)).status, 404);
  EXPECT_TRUE(portal.Get("/api/v1/invoices").json()["invoices"].empty());

  auto issued = owner_->Post("/api/v1/invoices/" + std::to_string(first) + "/issue", Json{});
  ASSERT_EQ(issued.status, 200) << issued.body;
  const int64_t number = issued.json()["number"];
  EXPECT_EQ(issued.json()["issue_date"], "2026-11-23");
  EXPECT_EQ(issued.json()["due_date"], "2026-12-07");  // 14 days
  EXPECT_EQ(owner_->Post("/api/v1/invoices/" + std::to_string(first) + "/issue", Json{}).status,
            409);
  EXPECT_EQ(portal.Get("/api/v1/invoices/" + std::to_string(first)).status, 200);

  // A partial payment; too much or nothing is refused and writes nothing.
  auto paid = owner_->Post(pay, {{"amount_cents", 96000}});
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.json()["status"], "issued");
  ExpectError(owner_->Post(pay, {{"amount_cents", 100001}}), 400, "amount_cents");
  ExpectError(owner_->Post(pay, {{"amount_cents", -5}}), 400, "amount_cents");
  ExpectError(owner_->Post(pay, {{"amount_cents", 5}, {"date", "2026-11-01"}}), 400, "date");
  EXPECT_EQ(invoice(first)["paid_cents"], 96000);

  // 10 January: $1,000.00 unpaid since 7 December, one full month: 1.5 % = $15.00 accrued.
  Advance(std::chrono::hours(24 * 48));
  owner_ = std::make_unique<HttpClient>(Owner());  // the session idled out meanwhile
  Json late = invoice(first);
  EXPECT_EQ(late["status"], "overdue");
  EXPECT_EQ(late["accrued_late_fee_cents"], 1500);
  ids = run("2027-01");
  ASSERT_EQ(ids.size(), 1u);
  Json jan = invoice(ids[0]);
  EXPECT_EQ(jan["sequence"], 2);
  EXPECT_EQ(jan["lines"].back()["kind"], "late_fee");
  EXPECT_EQ(jan["lines"].back()["amount_cents"], 1500);
  EXPECT_EQ(jan["total_cents"], 96000 + 1500);
  EXPECT_EQ(invoice(first)["accrued_late_fee_cents"], 0);  // charged once
  // Gapless numbers.
  auto second =
      owner_->Post("/api/v1/invoices/" + std::to_string(int64_t{ids[0]}) + "/issue", Json{});
  EXPECT_EQ(second.json()["number"], number + 1);
  auto rest = owner_->Post(pay, {{"amount_cents", 100000}});
  ASSERT_EQ(rest.status, 201) << rest.body;
  EXPECT_EQ(rest.json()["status"], "paid");
  EXPECT_EQ(owner_->Post(pay, {{"amount_cents", 1}}).status, 409);

  // The 24th invoice of the 24-month term (November 2028) carries the −$1,200 credit.
  for (int index = 2027 * 12 + 1; index <= 2028 * 12 + 9; ++index) {  // Feb 2027 … Oct 2028
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", index / 12, index % 12 + 1);
    EXPECT_EQ(run(month).size(), 1u) << month;
  }
  ids = run("2028-11");
  ASSERT_EQ(ids.size(), 1u);
  Json last = invoice(ids[0]);
  EXPECT_EQ(last["sequence"], 24);
  EXPECT_EQ(last["lines"].back()["kind"], "credit");
  EXPECT_EQ(last["total_cents"], 96000 - 120000);
  EXPECT_EQ(owner_->Get("/api/v1/invoices?customer_id=" + std::to_string(customer_))
                .json()["invoices"]
                .size(),
            24u);
}

STEWARD_INSTANTIATE_SERVER_TEST(BillingApiTest);

}  // namespace
}  // namespace steward::testing
