// Plans and contracts over real HTTP with the fake clock (Monday 2026-11-23
// 09:00 UTC), on SQLite and PostgreSQL: the seed's plans, signing a contract
// with its term dates, lines over the CMDB's devices with this month's
// charge and the quantity discount, termination with liquidated damages,
// bad input that writes nothing, the portal's view of its own contracts,
// and a contract's own SLA terms driving the clocks of its customer's tickets.
#include <algorithm>

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

// Plans are editable records: a new price bills from the next run, a bad
// change is refused naming the field and writes nothing, a retired plan
// takes no new lines while the lines it has keep billing.
TEST_P(BillingApiTest, APlanIsEditedRetiredAndSoldAgain) {
  const std::string bronze = "/api/v1/plans/" + std::to_string(plans_["Bronze"]);
  const int64_t contract = Contract(customer_, 12, "2026-12-01");
  ASSERT_EQ(owner_
                ->Post(Path(contract, "/lines"),
                       {{"plan_id", plans_["Bronze"]}, {"ci_ids", {Server(customer_, "s1")}}})
                .status,
            201);
  auto changed = owner_->Patch(bronze, {{"price_cents", 55000}, {"covers", "Servers, 24x7"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["price_cents"], 55000);
  EXPECT_EQ(changed.json()["unit"], "server");
  EXPECT_EQ(changed.json()["included_support_minutes"], 60) << "untouched fields stay";
  EXPECT_EQ(owner_->Get(bronze).json()["covers"], "Servers, 24x7");

  // Refused, naming the field, with nothing written.
  AddUser("am@msp.example", Role::kAccountManager);
  HttpClient am = LoggedIn("am@msp.example");
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  ExpectError(owner_->Patch(bronze, {{"unit", "site"}}), 400, "unit");
  ExpectError(owner_->Patch(bronze, {{"price_cents", -1}}), 400, "price_cents");
  ExpectError(owner_->Patch(bronze, {{"flex_minutes", 50}}), 400, "flex_minutes");
  ExpectError(owner_->Patch(bronze, {{"tiers", {{{"max_units", 10}, {"unit_cents", 1}}}}}), 400,
              "tiers");
  ExpectError(owner_->Patch(bronze, {{"name", "Silver"}}), 409, "name");
  ExpectError(owner_->Patch(bronze, {{"colour", "bronze"}}), 400, "colour");
  EXPECT_EQ(owner_->Patch("/api/v1/plans/999999", {{"price_cents", 1}}).status, 404);
  EXPECT_EQ(am.Patch(bronze, {{"price_cents", 1}}).status, 403);
  EXPECT_EQ(am.Get(bronze).status, 200);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
  EXPECT_EQ(owner_->Get(bronze).json()["price_cents"], 55000);
  Json audit = owner_->Get("/api/v1/audit?action=plan.update").json()["events"];
  ASSERT_EQ(audit.size(), 1u) << audit.dump();
  EXPECT_EQ(audit[0]["details"]["changes"]["price_cents"]["before"], 50000);
  EXPECT_EQ(audit[0]["details"]["changes"]["price_cents"]["after"], 55000);
  EXPECT_FALSE(audit[0]["details"]["changes"].contains("name"));

  // December's invoice charges the new price.
  auto run = owner_->Post("/api/v1/billing/runs", {{"month", "2026-12"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(run.json()["invoice_ids"].size(), 1u);
  Json dec =
      owner_->Get("/api/v1/invoices/" + std::to_string(run.json()["invoice_ids"][0].get<int64_t>()))
          .json();
  EXPECT_EQ(dec["lines"][0]["kind"], "recurring");
  EXPECT_EQ(dec["lines"][0]["unit_cents"], 55000) << dec.dump();

  // Retired: no new line, but the signed one keeps billing.
  ASSERT_EQ(owner_->Patch(bronze, {{"active", false}}).status, 200);
  EXPECT_EQ(owner_->Get(bronze).json()["active"], false);
  ExpectError(owner_->Post(Path(contract, "/lines"),
                           {{"plan_id", plans_["Bronze"]}, {"ci_ids", {Server(customer_, "s2")}}}),
              400, "plan_id");
  run = owner_->Post("/api/v1/billing/runs", {{"month", "2027-01"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(run.json()["invoice_ids"].size(), 1u);
  Json jan =
      owner_->Get("/api/v1/invoices/" + std::to_string(run.json()["invoice_ids"][0].get<int64_t>()))
          .json();
  EXPECT_EQ(jan["lines"][0]["unit_cents"], 55000) << jan.dump();
  // Sold again.
  ASSERT_EQ(owner_->Patch(bronze, {{"active", true}}).status, 200);
  EXPECT_EQ(owner_
                ->Post(Path(contract, "/lines"),
                       {{"plan_id", plans_["Bronze"]}, {"ci_ids", {Server(customer_, "s3")}}})
                .status,
            201);
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

// Issue 13 over HTTP: an issued invoice is voided through a credit note
// numbered next in the invoices' sequence; refused voids (no reason, a
// draft, a part-paid invoice, another customer's, a role without the right)
// write nothing; AR aging before and after; a void invoice accrues no late
// fee; the accounting export has rows for the invoice and its credit note.
TEST_P(BillingApiTest, VoidThroughACreditNoteAgingAndTheAccountingExport) {
  int64_t acme = Id(owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                                       {"start_date", "2026-12-01"},
                                                       {"term_months", 12},
                                                       {"setup_fee_cents", 100000},
                                                       {"payment_days", 14}}));
  int64_t beta = Id(owner_->Post("/api/v1/contracts", {{"customer_id", other_},
                                                       {"start_date", "2026-12-01"},
                                                       {"term_months", 12},
                                                       {"payment_days", 30}}));
  ASSERT_EQ(owner_
                ->Post(Path(acme, "/lines"),
                       {{"plan_id", plans_["Bronze"]},
                        {"ci_ids", {Server(customer_, "a1"), Server(customer_, "a2")}}})
                .status,
            201);
  ASSERT_EQ(owner_
                ->Post(Path(beta, "/lines"),
                       {{"plan_id", plans_["Bronze"]}, {"ci_ids", {Server(other_, "b1")}}})
                .status,
            201);
  auto run = [&](const std::string& month) {
    auto r = owner_->Post("/api/v1/billing/runs", {{"month", month}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["invoice_ids"];
  };
  auto path = [](int64_t id, const std::string& tail = "") {
    return "/api/v1/invoices/" + std::to_string(id) + tail;
  };
  Json december = run("2026-12");
  ASSERT_EQ(december.size(), 2u);
  int64_t inv_acme = 0, inv_beta = 0;
  for (int64_t id : december) {
    auto issued = owner_->Post(path(id, "/issue"), Json{});
    ASSERT_EQ(issued.status, 200) << issued.body;
    (issued.json()["customer_id"] == customer_ ? inv_acme : inv_beta) = id;
  }
  ASSERT_GT(inv_acme, 0);
  ASSERT_GT(inv_beta, 0);
  const int64_t number = owner_->Get(path(inv_acme)).json()["number"];
  const int64_t beta_number = owner_->Get(path(inv_beta)).json()["number"];
  const int64_t last_number = std::max(number, beta_number);
  // Beta pays $10.00 of $500.00: part-paid.
  ASSERT_EQ(owner_->Post(path(inv_beta, "/payments"), {{"amount_cents", 1000}}).status, 201);

  // Aging today (default as_of: 2026-11-23): both invoices are current.
  auto aging = owner_->Get("/api/v1/billing/aging");
  ASSERT_EQ(aging.status, 200) << aging.body;
  EXPECT_EQ(aging.json()["as_of"], "2026-11-23");
  ASSERT_EQ(aging.json()["customers"].size(), 2u);
  EXPECT_EQ(aging.json()["customers"][0]["customer_name"], "Acme Dental");
  EXPECT_EQ(aging.json()["customers"][0]["current_cents"], 196000);
  EXPECT_EQ(aging.json()["customers"][1]["current_cents"], 49000);
  EXPECT_EQ(aging.json()["totals"]["current_cents"], 245000);
  // As of 10 December Acme's is 3 days past due; Beta's is due on the 23rd.
  Json before = owner_->Get("/api/v1/billing/aging?as_of=2026-12-10").json();
  EXPECT_EQ(before["customers"][0]["days_1_30_cents"], 196000);
  EXPECT_EQ(before["customers"][0]["current_cents"], 0);
  EXPECT_EQ(before["customers"][0]["total_cents"], 196000);
  EXPECT_EQ(before["customers"][1]["current_cents"], 49000);
  EXPECT_EQ(before["totals"]["total_cents"], 245000);
  ExpectError(owner_->Get("/api/v1/billing/aging?as_of=2026-02-30"), 400, "as_of");

  // Refusals write nothing: no credit note, no audit entry, no number used.
  Json january = run("2027-01");  // two drafts
  AddUser("am@msp.example", Role::kAccountManager);
  AddUser("tech@msp.example", Role::kTechnician);
  AddUser("bea@beta.example", Role::kPortal, other_);
  HttpClient am = LoggedIn("am@msp.example");
  HttpClient tech = LoggedIn("tech@msp.example");
  HttpClient beta_portal = LoggedIn("bea@beta.example");
  ASSERT_EQ(january.size(), 2u);
  const int64_t audit_before = CountRows("SELECT COUNT(*) AS n FROM audit_log");
  const int64_t notes_before = CountRows("SELECT COUNT(*) AS n FROM credit_notes");
  ExpectError(owner_->Post(path(inv_acme, "/void"), {{"reason", ""}}), 400, "reason");
  ExpectError(owner_->Post(path(inv_acme, "/void"), {{"reason", " \n "}}), 400, "reason");
  ExpectError(owner_->Post(path(inv_acme, "/void"), Json::object()), 400, "reason");
  ExpectError(owner_->Post(path(january[0], "/void"), {{"reason", "wrong month"}}), 409, "status");
  auto part_paid = owner_->Post(path(inv_beta, "/void"), {{"reason", "wrong customer"}});
  ExpectError(part_paid, 409, "status");
  EXPECT_NE(part_paid.json()["error"]["message"].get<std::string>().find("part-paid"),
            std::string::npos)
      << part_paid.body;
  EXPECT_EQ(owner_->Post(path(999999, "/void"), {{"reason", "x"}}).status, 404);
  EXPECT_EQ(am.Post(path(inv_acme, "/void"), {{"reason", "x"}}).status, 403);
  EXPECT_EQ(tech.Post(path(inv_acme, "/void"), {{"reason", "x"}}).status, 403);
  EXPECT_EQ(beta_portal.Post(path(inv_acme, "/void"), {{"reason", "x"}}).status, 404);
  EXPECT_EQ(beta_portal.Get(path(inv_acme, "/credit-note")).status, 404);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log"), audit_before);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM credit_notes"), notes_before);
  EXPECT_EQ(owner_->Get(path(inv_acme, "/credit-note")).status, 404);  // not void yet

  // The void: a credit note numbered next, the original's lines negated.
  auto voided = owner_->Post(path(inv_acme, "/void"), {{"reason", "billed the wrong plan"}});
  ASSERT_EQ(voided.status, 201) << voided.body;
  Json note = voided.json()["credit_note"];
  EXPECT_EQ(note["number"], last_number + 1);
  EXPECT_EQ(note["issue_date"], "2026-11-23");
  EXPECT_EQ(note["reason"], "billed the wrong plan");
  EXPECT_EQ(note["total_cents"], -196000);
  ASSERT_EQ(note["lines"].size(), 3u);
  EXPECT_EQ(note["lines"][0]["amount_cents"], -100000);
  EXPECT_EQ(note["lines"][1]["amount_cents"], 4000);
  EXPECT_EQ(note["lines"][2]["kind"], "setup");
  EXPECT_EQ(note["credits"]["invoice_id"], inv_acme);
  EXPECT_EQ(note["credits"]["number"], number);
  Json voided_invoice = owner_->Get(path(inv_acme)).json();
  EXPECT_EQ(voided_invoice["status"], "void");
  EXPECT_EQ(voided_invoice["number"], number);  // the original keeps its number
  EXPECT_EQ(voided_invoice["credited_by"]["number"], last_number + 1);
  EXPECT_EQ(voided_invoice["credited_by"]["credit_note_id"], note["id"]);
  EXPECT_TRUE(owner_->Get(path(inv_beta)).json()["credited_by"].is_null());
  auto read_note = owner_->Get(path(inv_acme, "/credit-note"));
  ASSERT_EQ(read_note.status, 200) << read_note.body;
  EXPECT_EQ(read_note.json()["number"], last_number + 1);
  EXPECT_EQ(am.Get(path(inv_acme, "/credit-note")).status, 200);
  EXPECT_EQ(CountRows("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'invoice.void'"), 1);
  // Once void: no second void, no payment.
  ExpectError(owner_->Post(path(inv_acme, "/void"), {{"reason", "again"}}), 409, "status");
  ExpectError(owner_->Post(path(inv_acme, "/payments"), {{"amount_cents", 100}}), 409, "status");
  // The next invoice issued continues the same sequence.
  auto next = owner_->Post(path(january[0], "/issue"), Json{});
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.json()["number"], last_number + 2);
  ASSERT_EQ(owner_->Post(path(january[1], "/issue"), Json{}).status, 200);
  const int64_t jan_acme =
      next.json()["customer_id"] == customer_ ? int64_t{january[0]} : int64_t{january[1]};
  EXPECT_EQ(owner_->Get(path(jan_acme)).json()["total_cents"], 96000);  // 2 × $500 − 4 %

  // Aging after: Acme owes only January's invoice (3 days past due on 10
  // December); Beta December's rest and January's, both current.
  Json after = owner_->Get("/api/v1/billing/aging?as_of=2026-12-10").json();
  EXPECT_EQ(after["customers"][0]["customer_name"], "Acme Dental");
  EXPECT_EQ(after["customers"][0]["days_1_30_cents"], 96000);
  EXPECT_EQ(after["customers"][0]["total_cents"], 96000);
  EXPECT_EQ(after["customers"][1]["current_cents"], 49000 + 50000);
  EXPECT_EQ(after["totals"]["total_cents"], 96000 + 99000);
  EXPECT_EQ(am.Get("/api/v1/billing/aging").status, 200);
  EXPECT_EQ(tech.Get("/api/v1/billing/aging").status, 403);
  EXPECT_EQ(beta_portal.Get("/api/v1/billing/aging").status, 403);

  // The export: the invoice and its credit note, as a CSV attachment.
  const std::string range = "&from=2026-11-01&to=2026-11-30";
  auto journal = owner_->Get("/api/v1/billing/export?format=journal" + range);
  ASSERT_EQ(journal.status, 200) << journal.body;
  EXPECT_EQ(journal.Header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_NE(journal.Header("Content-Disposition").value_or("").find("attachment"),
            std::string::npos);
  EXPECT_EQ(journal.body.rfind("date,document,account,debit,credit,memo\r\n", 0), 0u);
  const std::string n = std::to_string(number), cn = std::to_string(last_number + 1);
  EXPECT_NE(journal.body.find("2026-11-23,Invoice " + n + ",1100 Accounts Receivable,1960.00,,"),
            std::string::npos)
      << journal.body;
  EXPECT_NE(journal.body.find("2026-11-23,Credit note " + cn +
                              ",1100 Accounts Receivable,,1960.00,Credit note for invoice " + n +
                              ": billed the wrong plan"),
            std::string::npos)
      << journal.body;
  auto xero = owner_->Get("/api/v1/billing/export?format=xero" + range);
  ASSERT_EQ(xero.status, 200) << xero.body;
  EXPECT_EQ(xero.body.rfind("*ContactName,EmailAddress,", 0), 0u);
  EXPECT_NE(xero.body.find("Acme Dental,,,,,,,,,," + cn + ",Credit note for invoice " + n),
            std::string::npos)
      << xero.body;
  EXPECT_NE(xero.body.find("Acme Dental,,,,,,,,,," + n + ",,11/23/2026,12/07/2026,"),
            std::string::npos);
  auto qbo = am.Get("/api/v1/billing/export?format=qbo" + range);
  ASSERT_EQ(qbo.status, 200) << qbo.body;
  EXPECT_EQ(qbo.body.rfind("InvoiceNo,Customer,InvoiceDate,DueDate,", 0), 0u);
  EXPECT_NE(qbo.body.find(cn + ",Acme Dental,11/23/2026,11/23/2026,"), std::string::npos);
  // Nothing issued in October: the header alone.
  EXPECT_EQ(owner_->Get("/api/v1/billing/export?format=journal&from=2026-10-01&to=2026-10-31").body,
            "date,document,account,debit,credit,memo\r\n");
  ExpectError(owner_->Get("/api/v1/billing/export?format=pdf" + range), 400, "format");
  ExpectError(owner_->Get("/api/v1/billing/export?from=2026-11-01&to=2026-11-30"), 400, "format");
  ExpectError(owner_->Get("/api/v1/billing/export?format=xero&from=2026-11-31&to=2026-12-01"), 400,
              "from");
  ExpectError(owner_->Get("/api/v1/billing/export?format=xero&from=2026-11-01"), 400, "to");
  ExpectError(owner_->Get("/api/v1/billing/export?format=xero&from=2026-11-30&to=2026-11-01"), 400,
              "to");
  EXPECT_EQ(tech.Get("/api/v1/billing/export?format=xero" + range).status, 403);
  EXPECT_EQ(beta_portal.Get("/api/v1/billing/export?format=xero" + range).status, 403);

  // 10 January: a void invoice accrues nothing and February's run charges
  // late fees on January's unpaid invoice only (1.5 % of $960.00 = $14.40).
  Advance(std::chrono::hours(24 * 48));
  owner_ = std::make_unique<HttpClient>(Owner());
  Json later = owner_->Get(path(inv_acme)).json();
  EXPECT_EQ(later["status"], "void");
  EXPECT_EQ(later["accrued_late_fee_cents"], 0);
  Json february = run("2027-02");
  int64_t late_fees = 0;
  for (int64_t id : february) {
    Json inv = owner_->Get(path(id)).json();
    if (inv["customer_id"] != customer_) continue;
    for (const Json& line : inv["lines"]) {
      if (line["kind"] == "late_fee") late_fees += line["amount_cents"].get<int64_t>();
    }
  }
  EXPECT_EQ(late_fees, 1440);
}

TEST_P(BillingApiTest, AContractsSlaTermsDriveItsCustomersTicketClocks) {
  using std::chrono::minutes;
  AddUser("sm@msp.example", Role::kServiceManager);
  // Bronze: "on-call support with 3-hour response", escalating to the
  // service managers at half the time and to the owner when it runs out.
  const Json bronze = {
      {"critical", {{"response", {{"minutes", 180}}}, {"resolution", nullptr}}},
      {"high", {{"response", {{"minutes", 180}}}}},
      {"normal", {{"response", {{"minutes", 180}}}, {"resolution", {{"business_days", 2}}}}},
      {"low", {{"response", {{"minutes", 180}}}}},
      {"escalation",
       {{{"percent", 50}, {"notify_role", "service_manager"}},
        {{"percent", 100}, {"notify_role", "owner"}}}}};
  auto signed_ = owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                                    {"start_date", "2026-11-01"},
                                                    {"term_months", 12},
                                                    {"sla", bronze}});
  ASSERT_EQ(signed_.status, 201) << signed_.body;
  const int64_t contract = signed_.json()["id"];
  EXPECT_EQ(signed_.json()["sla"]["critical"]["response"]["minutes"], 180);
  EXPECT_EQ(Get(contract)["sla"]["escalation"][0]["percent"], 50);
  // A contract signed for next month does not count yet.
  ASSERT_EQ(owner_
                ->Post("/api/v1/contracts", {{"customer_id", other_},
                                             {"start_date", "2027-01-01"},
                                             {"term_months", 12},
                                             {"sla", bronze}})
                .status,
            201);

  auto ticket = [&](int64_t customer, const std::string& priority) {
    auto r = owner_->Post("/api/v1/tickets", {{"customer_id", customer},
                                              {"subject", "Server down"},
                                              {"description", "It stopped."},
                                              {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  };
  // Monday 09:00, no calendar (round the clock): 3 h, not the default 1 h.
  Json covered = ticket(customer_, "critical");
  EXPECT_EQ(covered["sla_policy"], "contract-" + std::to_string(contract));
  EXPECT_EQ(covered["response_due"], "2026-11-23T12:00:00Z");
  EXPECT_TRUE(covered["resolution_due"].is_null());
  EXPECT_EQ(ticket(other_, "critical")["response_due"], "2026-11-23T10:00:00Z")
      << "the other customer's contract starts in January: the default policy";
  Json normal = ticket(customer_, "normal");
  EXPECT_EQ(normal["response_due"], "2026-11-23T12:00:00Z");
  EXPECT_TRUE(normal["resolution_due"].is_string()) << normal.dump();

  // The contract's escalation levels: the service managers at 50 % (10:30).
  const std::string path = "/api/v1/tickets/" + std::to_string(covered["id"].get<int64_t>());
  Advance(minutes(89));
  app_->RunJobsOnceForTest();
  EXPECT_TRUE(owner_->Get(path).json()["escalations"].empty());
  Advance(minutes(1));
  app_->RunJobsOnceForTest();
  owner_ = std::make_unique<HttpClient>(Owner());  // the session idled out meanwhile
  Json escalations = owner_->Get(path).json()["escalations"];
  ASSERT_EQ(escalations.size(), 1u) << escalations.dump();
  EXPECT_EQ(escalations[0]["level"], 1);
  EXPECT_EQ(escalations[0]["at"], "2026-11-23T10:30:00Z");

  // Back to the built-in policy: new tickets get the default 1 h; the open
  // ticket keeps the clock it was opened with.
  auto cleared = owner_->Put(Path(contract, "/sla"), {{"sla", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json()["sla"].is_null());
  Json later = ticket(customer_, "critical");
  EXPECT_EQ(later["sla_policy"], "default");
  EXPECT_EQ(later["response_due"], "2026-11-23T11:30:00Z");
  EXPECT_EQ(owner_->Get(path).json()["response_due"], "2026-11-23T12:00:00Z");

  // Bad terms name their field and change nothing; only billing writers
  // set terms; an ended contract's terms are history.
  Json slow = bronze;
  slow["high"]["resolution"] = {{"minutes", 60}};  // before the 3 h response
  ExpectError(owner_->Put(Path(contract, "/sla"), {{"sla", slow}}), 400, "sla.high.resolution");
  ExpectError(owner_->Put(Path(contract, "/sla"), {{"sla", {{"urgent", nullptr}}}}), 400,
              "sla.urgent");
  Json portal_role = bronze;
  portal_role["escalation"] = {{{"percent", 50}, {"notify_role", "portal"}}};
  ExpectError(owner_->Put(Path(contract, "/sla"), {{"sla", portal_role}}), 400, "sla.escalation");
  ExpectError(owner_->Put(Path(contract, "/sla"), Json::object()), 400, "sla");
  ExpectError(
      owner_->Post("/api/v1/contracts", {{"customer_id", customer_},
                                         {"start_date", "2026-11-01"},
                                         {"term_months", 12},
                                         {"sla", {{"low", {{"response", {{"minutes", 0}}}}}}}}),
      400, "sla.low.response");
  EXPECT_TRUE(Get(contract)["sla"].is_null());
  AddUser("tech@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tech@msp.example").Put(Path(contract, "/sla"), {{"sla", bronze}}).status,
            403);
  ASSERT_EQ(owner_->Post(Path(contract, "/terminate"), {{"date", "2026-11-30"}}).status, 200);
  ExpectError(owner_->Put(Path(contract, "/sla"), {{"sla", bronze}}), 409, "status");
}

TEST_P(BillingApiTest, ExpensesWithReceiptsAreChargedOnceOnTheNextInvoice) {
  const int64_t contract = Contract(customer_);
  ASSERT_EQ(owner_
                ->Post(Path(contract, "/lines"),
                       {{"plan_id", plans_["Bronze"]}, {"ci_ids", {Server(customer_, "srv")}}})
                .status,
            201);
  auto expense = [&](const std::string& day, const std::string& what, int64_t cents,
                     bool billable = true) {
    return owner_->Post("/api/v1/expenses", {{"customer_id", customer_},
                                             {"incurred_on", day},
                                             {"description", what},
                                             {"amount_cents", cents},
                                             {"billable", billable}});
  };
  const int64_t ssd = Id(expense("2026-11-10", "Replacement SSD", 18999));
  const int64_t coffee = Id(expense("2026-11-12", "Coffee for the team", 500, false));
  const std::string receipt_path = "/api/v1/expenses/" + std::to_string(ssd) + "/receipt";
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  auto put =
      owner_->Send("PUT", receipt_path + "?file_name=ssd-receipt.pdf", pdf, "application/pdf");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["receipt"]["file_name"], "ssd-receipt.pdf");
  auto got = owner_->Get(receipt_path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, pdf);
  EXPECT_EQ(got.Header("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(got.Header("Content-Disposition").value_or(""),
            "attachment; filename=\"ssd-receipt.pdf\"");

  // Bad input: a clear 400 naming the field, and nothing stored.
  ExpectError(expense("2026-11-10", "Refund?", -500), 400, "amount_cents");
  ExpectError(expense("2026-11-10", "Free", 0), 400, "amount_cents");
  ExpectError(expense("2026-11-24", "Tomorrow's part", 100), 400, "incurred_on");
  ExpectError(expense("10/11/2026", "Part", 100), 400, "incurred_on");
  ExpectError(expense("2026-11-10", "   ", 100), 400, "description");
  ExpectError(owner_->Send("PUT", receipt_path + "?file_name=x.html", "<script>alert(1)</script>",
                           "text/html"),
              400, "content_type");
  ExpectError(owner_->Send("PUT", receipt_path + "?file_name=x.pdf", "<html>", "application/pdf"),
              400, "content_type");
  ExpectError(owner_->Send("PUT", receipt_path + "?file_name=../x.pdf", pdf, "application/pdf"),
              400, "file_name");
  const int64_t theirs_ticket = Id(owner_->Post(
      "/api/v1/tickets",
      {{"customer_id", other_}, {"subject", "s"}, {"description", "d"}, {"priority", "low"}}));
  ExpectError(owner_->Post("/api/v1/expenses", {{"customer_id", customer_},
                                                {"incurred_on", "2026-11-10"},
                                                {"description", "Part"},
                                                {"amount_cents", 100},
                                                {"ticket_id", theirs_ticket}}),
              400, "ticket_id");
  EXPECT_EQ(owner_->Get("/api/v1/expenses/" + std::to_string(ssd)).json()["receipt"]["file_name"],
            "ssd-receipt.pdf")
      << "a refused receipt leaves the one before";
  Json listed =
      owner_->Get("/api/v1/expenses?customer_id=" + std::to_string(customer_) + "&month=2026-11")
          .json()["expenses"];
  ASSERT_EQ(listed.size(), 2u) << listed.dump();
  AddUser("pat@acme.example", Role::kPortal, customer_);
  HttpClient portal = LoggedIn("pat@acme.example");
  EXPECT_EQ(portal.Get("/api/v1/expenses").status, 403);
  EXPECT_EQ(portal.Get(receipt_path).status, 403);

  // December's invoice charges November's billable expense at cost, once.
  auto run = owner_->Post("/api/v1/billing/runs", {{"month", "2026-12"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(run.json()["invoice_ids"].size(), 1u);
  const int64_t december = run.json()["invoice_ids"][0];
  const std::string invoice_path = "/api/v1/invoices/" + std::to_string(december);
  Json lines = owner_->Get(invoice_path).json()["lines"];
  std::vector<Json> charged;
  for (const Json& l : lines) {
    if (l["kind"] == "expense") charged.push_back(l);
  }
  ASSERT_EQ(charged.size(), 1u) << lines.dump();
  EXPECT_EQ(charged[0]["description"], "Expense 2026-11-10: Replacement SSD");
  EXPECT_EQ(charged[0]["amount_cents"], 18999);
  EXPECT_EQ(owner_->Get("/api/v1/expenses/" + std::to_string(ssd)).json()["invoice_id"], december);
  EXPECT_TRUE(
      owner_->Get("/api/v1/expenses/" + std::to_string(coffee)).json()["invoice_id"].is_null());
  // Charged: frozen.
  ExpectError(owner_->Send("DELETE", "/api/v1/expenses/" + std::to_string(ssd), ""), 409,
              "invoice_id");
  ExpectError(owner_->Send("PUT", receipt_path + "?file_name=new.pdf", pdf, "application/pdf"), 409,
              "invoice_id");

  // Voided, the expense goes on the next run's invoice instead.
  ASSERT_EQ(owner_->Post(invoice_path + "/issue", {{"send", false}}).status, 200);
  ASSERT_EQ(owner_->Post(invoice_path + "/void", {{"reason", "wrong part"}}).status, 201);
  EXPECT_TRUE(
      owner_->Get("/api/v1/expenses/" + std::to_string(ssd)).json()["invoice_id"].is_null());
  run = owner_->Post("/api/v1/billing/runs", {{"month", "2027-01"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(run.json()["invoice_ids"].size(), 1u);
  const int64_t january = run.json()["invoice_ids"][0];
  int expense_lines = 0;
  const Json january_lines =
      owner_->Get("/api/v1/invoices/" + std::to_string(january)).json()["lines"];
  for (const Json& l : january_lines) {
    if (l["kind"] == "expense") ++expense_lines;
  }
  EXPECT_EQ(expense_lines, 1);
  EXPECT_EQ(owner_->Get("/api/v1/expenses/" + std::to_string(ssd)).json()["invoice_id"], january);

  // An uncharged expense can be deleted; then it is gone.
  EXPECT_EQ(owner_->Send("DELETE", "/api/v1/expenses/" + std::to_string(coffee), "").status, 204);
  EXPECT_EQ(owner_->Get("/api/v1/expenses/" + std::to_string(coffee)).status, 404);
}

TEST_P(BillingApiTest, AReductionChargesItsDamagesOnceOnTheNextInvoice) {
  const int64_t contract = Contract(customer_);
  const int64_t a = Server(customer_, "a"), b = Server(customer_, "b");
  auto added =
      owner_->Post(Path(contract, "/lines"), {{"plan_id", plans_["Silver"]}, {"ci_ids", {a, b}}});
  ASSERT_EQ(added.status, 201) << added.body;
  const int64_t servers = added.json()["lines"][0]["id"];
  const int64_t mailbox_plan = Id(owner_->Post(
      "/api/v1/plans", {{"name", "Mailbox security"}, {"unit", "mailbox"}, {"price_cents", 400}}));
  added = owner_->Post(Path(contract, "/lines"), {{"plan_id", mailbox_plan}, {"quantity", 40}});
  ASSERT_EQ(added.status, 201) << added.body;
  const int64_t mailboxes = added.json()["lines"][1]["id"];

  // Bad reductions name their field and change nothing.
  const std::string reduce = Path(contract, "/reductions");
  ExpectError(owner_->Post(reduce, {{"line_id", mailboxes}, {"quantity", 40}}), 400, "quantity");
  ExpectError(owner_->Post(reduce, {{"line_id", 999999}}), 400, "line_id");
  ExpectError(owner_->Post(reduce, {{"line_id", servers}, {"ci_ids", {999999}}}), 400, "ci_ids");
  ExpectError(owner_->Post(reduce, {{"line_id", servers}, {"ci_ids", {a, a}}}), 400, "ci_ids");
  ExpectError(owner_->Post(reduce, {{"line_id", servers}, {"date", "2026-10-01"}}), 400, "date");
  ExpectError(owner_->Post(reduce, {{"line_id", servers}, {"date", "soon"}}), 400, "date");
  AddUser("tech@msp.example", Role::kTechnician);
  EXPECT_EQ(LoggedIn("tech@msp.example").Post(reduce, {{"line_id", servers}}).status, 403);
  EXPECT_TRUE(Get(contract)["reductions"].empty());

  // One server leaves on 15 December: 2 × $750 − 4 % = $1,440 becomes
  // $750 (no discount for one): $690.00 a month removed, $1,380.00 damages.
  auto r = owner_->Post(reduce, {{"line_id", servers}, {"date", "2026-12-15"}, {"ci_ids", {b}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["removed_monthly_cents"], 69000);
  EXPECT_EQ(r.json()["damages_cents"], 138000);
  // 40 → 30 mailboxes from January: $40.00 removed, $80.00 damages.
  r = owner_->Post(reduce, {{"line_id", mailboxes}, {"date", "2027-01-01"}, {"quantity", 30}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["damages_cents"], 8000);
  Json c = Get(contract);
  ASSERT_EQ(c["reductions"].size(), 2u);
  ASSERT_EQ(c["lines"].size(), 3u) << c.dump();
  EXPECT_EQ(c["lines"][0]["devices"][1]["to"], "2026-12-15");
  EXPECT_EQ(c["lines"][1]["ends_on"], "2027-01-01");
  EXPECT_EQ(c["lines"][2]["quantity"], 30);
  EXPECT_EQ(c["lines"][2]["starts_on"], "2027-01-01");

  // December's invoice charges both damages once; January's charges none.
  auto run = owner_->Post("/api/v1/billing/runs", {{"month", "2026-12"}});
  ASSERT_EQ(run.status, 201) << run.body;
  auto damages_of = [&](int64_t invoice) {
    std::vector<int64_t> out;
    const Json lines = owner_->Get("/api/v1/invoices/" + std::to_string(invoice)).json()["lines"];
    for (const Json& l : lines) {
      if (l["kind"] == "damages") out.push_back(l["amount_cents"]);
    }
    return out;
  };
  const int64_t december = run.json()["invoice_ids"][0];
  EXPECT_EQ(damages_of(december), (std::vector<int64_t>{138000, 8000}));
  EXPECT_EQ(Get(contract)["reductions"][0]["invoice_id"], december);
  run = owner_->Post("/api/v1/billing/runs", {{"month", "2027-01"}});
  ASSERT_EQ(run.status, 201) << run.body;
  EXPECT_TRUE(damages_of(run.json()["invoice_ids"][0]).empty());
}

STEWARD_INSTANTIATE_SERVER_TEST(BillingApiTest);

}  // namespace
}  // namespace steward::testing
