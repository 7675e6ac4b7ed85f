// A contract's end and renewal over real HTTP on the fake clock, on SQLite
// and PostgreSQL: a 12-month Bronze contract renewed for 24 months on Silver
// with other payment terms (bad renewals refused with nothing written), the
// old term billing through its last month and the renewal from its first
// (its own sequence, no setup fee, the old term's late fee carried over),
// the renewal's SLA terms taking over the customer's tickets, a server
// retired in the CMDB leaving the next invoice, and notice given in time,
// taken back, and given too late (one more term). Also: termination
// damages on a voided invoice are charged again by the next run.
#include "server_fixture.h"

namespace steward::testing {
namespace {

class BillingRenewalTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& config) override { config.billing_run_day = 0; }

  void At(const std::string& iso) {
    clock().Set(*ParseIso8601(iso));
    owner_ = std::make_unique<HttpClient>(Owner());  // sessions idle out when time jumps
  }

  static void ExpectError(const HttpResult& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json()["error"].value("field", ""), field) << r.body;
  }

  Json Contract(int64_t id) {
    return owner_->Get("/api/v1/contracts/" + std::to_string(id)).json();
  }

  // Runs `month` and returns the one invoice it made, issued.
  Json RunAndIssue(const std::string& month) {
    auto run = owner_->Post("/api/v1/billing/runs", {{"month", month}});
    EXPECT_EQ(run.status, 201) << run.body;
    if (run.json()["invoice_ids"].size() != 1u) {
      ADD_FAILURE() << month << ": " << run.body;
      return Json::object();
    }
    const int64_t id = run.json()["invoice_ids"][0];
    auto issued =
        owner_->Post("/api/v1/invoices/" + std::to_string(id) + "/issue", {{"send", false}});
    EXPECT_EQ(issued.status, 200) << issued.body;
    return issued.json();
  }

  std::unique_ptr<HttpClient> owner_;
};

TEST_P(BillingRenewalTest, RenewedWithChangedTermsThenRetirementAndNotice) {
  At("2026-11-20T09:00:00Z");
  const int64_t customer =
      owner_->Post("/api/v1/customers", {{"name", "Harbor Freight Lines"}}).json()["id"];
  std::map<std::string, int64_t> plan;
  for (const Json& p : owner_->Get("/api/v1/plans").json()) plan[p["name"]] = p["id"];
  auto users = owner_->Post("/api/v1/plans",
                            {{"name", "Per user"}, {"unit", "user"}, {"price_cents", 4000}});
  ASSERT_EQ(users.status, 201) << users.body;
  const Json three_hours = {{"critical", {{"response", {{"minutes", 180}}}}},
                            {"high", {{"response", {{"minutes", 180}}}}},
                            {"normal", {{"response", {{"minutes", 180}}}}},
                            {"low", {{"response", {{"minutes", 180}}}}},
                            {"escalation", Json::array()}};
  auto signed_ = owner_->Post("/api/v1/contracts", {{"customer_id", customer},
                                                    {"start_date", "2026-12-01"},
                                                    {"term_months", 12},
                                                    {"setup_fee_cents", 100000},
                                                    {"payment_days", 14},
                                                    {"sla", three_hours}});
  ASSERT_EQ(signed_.status, 201) << signed_.body;
  const int64_t first = signed_.json()["id"];
  Json servers = Json::array();
  for (const char* name : {"dc01", "fs01"}) {
    servers.push_back(
        owner_->Post("/api/v1/cis", {{"customer_id", customer}, {"kind", "server"}, {"name", name}})
            .json()["id"]);
  }
  const std::string first_path = "/api/v1/contracts/" + std::to_string(first);
  auto line =
      owner_->Post(first_path + "/lines",
                   {{"plan_id", plan["Bronze"]}, {"ci_ids", servers}, {"starts_on", "2026-12-01"}});
  ASSERT_EQ(line.status, 201) << line.body;
  const int64_t bronze_line = line.json()["lines"][0]["id"];

  // September 2027: the first term runs to 30 November and renews on 1
  // December; notice was due by 1 September (30 Nov − 90 days).
  At("2027-09-15T09:00:00Z");
  Json before = Contract(first);
  EXPECT_EQ(before["term"]["renews_on"], "2027-12-01");
  EXPECT_EQ(before["term"]["notice_by"], "2027-09-01");
  EXPECT_TRUE(before["ends_on"].is_null());
  EXPECT_TRUE(before["renewed_by"].is_null());

  // Bad renewals: a line that isn't the contract's, a term of 18 months, a
  // plan per user for server lines, a quantity on a device line. Each a 400
  // naming the field, and nothing written.
  ExpectError(owner_->Post(first_path + "/renew", {{"lines", {{{"line_id", 999999}}}}}), 400,
              "lines[0].line_id");
  ExpectError(owner_->Post(first_path + "/renew", {{"lines", {{{"line_id", 0}}}}}), 400,
              "lines[0].line_id");
  ExpectError(owner_->Post(first_path + "/renew", {{"term_months", 18}}), 400, "term_months");
  ExpectError(
      owner_->Post(
          first_path + "/renew",
          {{"lines", {{{"line_id", bronze_line}, {"plan_id", int64_t{users.json()["id"]}}}}}}),
      400, "lines[0].plan_id");
  ExpectError(owner_->Post(first_path + "/renew",
                           {{"lines", {{{"line_id", bronze_line}, {"quantity", 3}}}}}),
              400, "lines[0].quantity");
  ExpectError(owner_->Post(first_path + "/renew", {{"payment_days", -1}}), 400, "payment_days");
  EXPECT_EQ(owner_->Get("/api/v1/contracts?customer_id=" + std::to_string(customer))
                .json()["contracts"]
                .size(),
            1u);
  EXPECT_TRUE(Contract(first)["ends_on"].is_null());

  // Renewed for 24 months on Silver, due in 30 days.
  auto renewed =
      owner_->Post(first_path + "/renew",
                   {{"term_months", 24},
                    {"payment_days", 30},
                    {"lines", {{{"line_id", bronze_line}, {"plan_id", plan["Silver"]}}}}});
  ASSERT_EQ(renewed.status, 201) << renewed.body;
  const Json second_json = renewed.json();
  const int64_t second = second_json["id"];
  EXPECT_EQ(second_json["renews_contract_id"], first);
  EXPECT_EQ(second_json["start_date"], "2027-12-01");
  EXPECT_EQ(second_json["term_months"], 24);
  EXPECT_EQ(second_json["payment_days"], 30);
  EXPECT_EQ(second_json["setup_fee_cents"], 0);
  EXPECT_EQ(second_json["damages_months"], 2);  // carried over
  EXPECT_EQ(second_json["sla"]["critical"]["response"]["minutes"], 180);
  ASSERT_EQ(second_json["lines"].size(), 1u);
  EXPECT_EQ(second_json["lines"][0]["plan_id"], plan["Silver"]);
  EXPECT_EQ(second_json["lines"][0]["devices"].size(), 2u);
  EXPECT_EQ(second_json["lines"][0]["starts_on"], "2027-12-01");
  Json old = Contract(first);
  EXPECT_EQ(old["ends_on"], "2027-12-01");
  EXPECT_EQ(old["renewed_by"], second);
  EXPECT_EQ(old["auto_renew"], false);
  EXPECT_EQ(old["status"], "active");  // until 1 December
  // Once only; the renewed contract takes no notice and keeps its renewal.
  ExpectError(owner_->Post(first_path + "/renew", Json::object()), 409, "status");
  ExpectError(owner_->Post(first_path + "/notice", Json::object()), 409, "status");
  ExpectError(owner_->Delete(first_path + "/notice"), 409, "status");

  // November's invoice is the old term's 12th and last: 2 Bronze servers,
  // $1,000 − 4 % = $960.00. Issued on 25 October, due 8 November, not paid.
  At("2027-10-25T09:00:00Z");
  Json november = RunAndIssue("2027-11");
  EXPECT_EQ(november["contract_id"], first);
  EXPECT_EQ(november["sequence"], 12);
  EXPECT_EQ(november["total_cents"], 96000);
  // December is the renewal's first month: 2 Silver servers, $1,500 − 4 % =
  // $1,440.00, no setup fee; the old term bills nothing more.
  At("2027-11-25T09:00:00Z");
  Json december = RunAndIssue("2027-12");
  EXPECT_EQ(december["contract_id"], second);
  EXPECT_EQ(december["sequence"], 1);
  EXPECT_EQ(december["total_cents"], 144000) << december.dump();
  // The renewal's clocks: a ticket in December takes its SLA terms.
  At("2027-12-06T09:00:00Z");
  EXPECT_EQ(Contract(first)["status"], "ended");
  auto ticket = owner_->Post("/api/v1/tickets", {{"customer_id", customer},
                                                 {"subject", "Backup failed"},
                                                 {"description", "Night run."},
                                                 {"priority", "high"}});
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  EXPECT_EQ(ticket.json()["sla_policy"], "contract-" + std::to_string(second));
  EXPECT_EQ(ticket.json()["response_due"], "2027-12-06T12:00:00Z");
  // January's invoice carries the old term's late fee: November's invoice,
  // due 8 November, one full month past due on 25 December: 1.5 % of
  // $960.00 = $14.40.
  At("2027-12-25T09:00:00Z");
  Json january = RunAndIssue("2028-01");
  EXPECT_EQ(january["sequence"], 2);
  EXPECT_EQ(january["total_cents"], 144000 + 1440) << january.dump();
  EXPECT_EQ(january["lines"].back()["kind"], "late_fee");
  // Everything owed is paid that day, so February charges no late fee.
  for (const Json& inv : {november, december, january}) {
    const int64_t owed = inv["total_cents"].get<int64_t>();
    auto paid = owner_->Post("/api/v1/invoices/" + std::to_string(int64_t{inv["id"]}) + "/payments",
                             {{"amount_cents", owed}});
    ASSERT_EQ(paid.status, 201) << paid.body;
  }

  // 10 January: fs01 is retired in the CMDB. From that day the contract
  // stops covering it, and a retired CI cannot be put on a contract.
  At("2028-01-10T09:00:00Z");
  const int64_t fs01 = servers[1];
  ASSERT_EQ(owner_->Delete("/api/v1/cis/" + std::to_string(fs01)).status, 204);
  const std::string second_path = "/api/v1/contracts/" + std::to_string(second);
  Json covered = Contract(second)["lines"][0]["devices"];
  ASSERT_EQ(covered.size(), 2u);
  EXPECT_EQ(covered[1]["ci_id"], fs01);
  EXPECT_EQ(covered[1]["to"], "2028-01-10");
  EXPECT_TRUE(covered[0]["to"].is_null());
  ExpectError(
      owner_->Post(second_path + "/lines", {{"plan_id", plan["Silver"]}, {"ci_ids", {fs01}}}), 400,
      "ci_ids");
  // February: one Silver server, $750.00, no discount for a single server.
  At("2028-01-25T09:00:00Z");
  Json february = RunAndIssue("2028-02");
  EXPECT_EQ(february["total_cents"], 75000) << february.dump();

  // Notice given in time ends the renewal when its term would renew;
  // taken back, it renews again.
  At("2028-03-01T09:00:00Z");
  auto notice = owner_->Post(second_path + "/notice", Json::object());
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_EQ(notice.json()["ends_on"], "2029-12-01");
  EXPECT_EQ(notice.json()["auto_renew"], false);
  ExpectError(owner_->Post(second_path + "/notice", Json::object()), 409, "status");
  ExpectError(owner_->Post(second_path + "/notice", {{"date", "2028-03-02"}}), 400, "date");
  auto withdrawn = owner_->Delete(second_path + "/notice");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_TRUE(withdrawn.json()["ends_on"].is_null());
  EXPECT_EQ(withdrawn.json()["auto_renew"], true);
  // Given on 1 October 2029, after the 1 September notice day: it renews
  // once more and ends in December 2031.
  At("2029-10-01T09:00:00Z");
  auto late = owner_->Post(second_path + "/notice", Json::object());
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json()["term"]["notice_by"], "2029-09-01");
  EXPECT_EQ(late.json()["ends_on"], "2031-12-01");
}

TEST_P(BillingRenewalTest, VoidedTerminationDamagesAreChargedAgain) {
  At("2026-11-20T09:00:00Z");
  const int64_t customer =
      owner_->Post("/api/v1/customers", {{"name", "Lakeside Veterinary"}}).json()["id"];
  int64_t bronze = 0;
  for (const Json& p : owner_->Get("/api/v1/plans").json()) {
    if (p["name"] == "Bronze") bronze = p["id"];
  }
  auto signed_ =
      owner_->Post("/api/v1/contracts",
                   {{"customer_id", customer}, {"start_date", "2026-12-01"}, {"term_months", 12}});
  ASSERT_EQ(signed_.status, 201) << signed_.body;
  const std::string path = "/api/v1/contracts/" + std::to_string(int64_t{signed_.json()["id"]});
  const int64_t server =
      owner_
          ->Post("/api/v1/cis", {{"customer_id", customer}, {"kind", "server"}, {"name", "vet01"}})
          .json()["id"];
  ASSERT_EQ(owner_->Post(path + "/lines", {{"plan_id", bronze}, {"ci_ids", {server}}}).status, 201);
  At("2026-11-25T09:00:00Z");
  Json december = RunAndIssue("2026-12");
  ASSERT_EQ(owner_
                ->Post("/api/v1/invoices/" + std::to_string(int64_t{december["id"]}) + "/payments",
                       {{"amount_cents", december["total_cents"]}})
                .status,
            201);
  // Terminated on 15 December: 2 × $500.00 of damages on January's invoice.
  At("2026-12-10T09:00:00Z");
  auto ended = owner_->Post(path + "/terminate", {{"date", "2026-12-15"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["damages_cents"], 100000);
  At("2026-12-25T09:00:00Z");
  Json january = RunAndIssue("2027-01");
  EXPECT_EQ(january["total_cents"], 100000);
  // Voided through a credit note: the damages are owed again, and the next
  // run charges them once more — then nothing.
  auto voided = owner_->Post("/api/v1/invoices/" + std::to_string(int64_t{january["id"]}) + "/void",
                             {{"reason", "Sent to the wrong address"}});
  ASSERT_EQ(voided.status, 201) << voided.body;  // the credit note
  At("2027-01-25T09:00:00Z");
  Json february = RunAndIssue("2027-02");
  ASSERT_EQ(february["lines"].size(), 1u) << february.dump();
  EXPECT_EQ(february["lines"][0]["kind"], "damages");
  EXPECT_EQ(february["total_cents"], 100000);
  EXPECT_TRUE(
      owner_->Post("/api/v1/billing/runs", {{"month", "2027-03"}}).json()["invoice_ids"].empty());
}

STEWARD_INSTANTIATE_SERVER_TEST(BillingRenewalTest);

}  // namespace
}  // namespace steward::testing
