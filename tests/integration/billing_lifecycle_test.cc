// A contract's whole life over real HTTP on the fake clock, on SQLite and
// PostgreSQL: signed for 36 months, billed by 37 monthly runs (each on the
// 25th of the month before, issued that day and paid on the 5th), one
// invoice paid a month late (its 1.5 % late fee charged once, on the next
// invoice run after a full month past due), the term credits in months 30
// and 36, the renewal into a second term, and a termination whose
// liquidated damages (3 months) come on one last invoice. Every invoice's
// total, sequence and number is checked against figures worked out by hand.
#include <cstdio>

#include "server_fixture.h"

namespace steward::testing {
namespace {

class BillingLifecycleTest : public ServerTest {
 protected:
  void ModifyConfig(app::ServerConfig& config) override { config.billing_run_day = 0; }

  void At(const std::string& iso) {
    clock().Set(*ParseIso8601(iso));
    owner_ = std::make_unique<HttpClient>(Owner());  // sessions idle out when time jumps
  }

  static std::string MonthName(int index) {  // index = year * 12 + month - 1
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
    return buf;
  }

  std::unique_ptr<HttpClient> owner_;
};

TEST_P(BillingLifecycleTest, ThirtySevenMonthlyRunsALatePaymentAndTermination) {
  At("2026-11-20T09:00:00Z");
  const int64_t customer =
      owner_->Post("/api/v1/customers", {{"name", "Kessler Precision"}}).json()["id"];
  int64_t bronze = 0;
  for (const Json& p : owner_->Get("/api/v1/plans").json()) {
    if (p["name"] == "Bronze") bronze = p["id"];
  }
  auto contract_r = owner_->Post("/api/v1/contracts", {{"customer_id", customer},
                                                       {"start_date", "2026-12-01"},
                                                       {"term_months", 36},
                                                       {"setup_fee_cents", 100000},
                                                       {"payment_days", 14},
                                                       {"damages_months", 3}});
  ASSERT_EQ(contract_r.status, 201) << contract_r.body;
  const int64_t contract = contract_r.json()["id"];
  Json servers = Json::array();
  for (const char* name : {"dc01", "fs01", "sql01"}) {
    servers.push_back(
        owner_->Post("/api/v1/cis", {{"customer_id", customer}, {"kind", "server"}, {"name", name}})
            .json()["id"]);
  }
  ASSERT_EQ(owner_
                ->Post("/api/v1/contracts/" + std::to_string(contract) + "/lines",
                       {{"plan_id", bronze}, {"ci_ids", servers}, {"starts_on", "2026-12-01"}})
                .status,
            201);

  // 3 Bronze servers: 3 × $500 − 4 % = $1,440.00 a month.
  constexpr int64_t kMonthly = 144000;
  constexpr int kLate = 10;          // September 2027's invoice is paid late
  const int first = 2026 * 12 + 11;  // December 2026
  std::map<int, int64_t> invoice_of;
  int64_t previous_number = 0;
  for (int seq = 1; seq <= 37; ++seq) {
    const int month = first + seq - 1;
    const std::string run_day = MonthName(month - 1) + "-25T09:00:00Z";
    At(run_day);
    auto run = owner_->Post("/api/v1/billing/runs", {{"month", MonthName(month)}});
    ASSERT_EQ(run.status, 201) << run.body;
    ASSERT_EQ(run.json()["invoice_ids"].size(), 1u) << MonthName(month);
    const int64_t id = run.json()["invoice_ids"][0];
    invoice_of[seq] = id;
    const std::string path = "/api/v1/invoices/" + std::to_string(id);
    auto issued = owner_->Post(path + "/issue", Json{});
    ASSERT_EQ(issued.status, 200) << issued.body;
    const Json inv = issued.json();
    SCOPED_TRACE("invoice " + std::to_string(seq) + " for " + MonthName(month));
    EXPECT_EQ(inv["sequence"], seq);
    EXPECT_EQ(inv["month"], MonthName(month));
    // Gapless numbers, one per issue.
    if (previous_number) {
      EXPECT_EQ(inv["number"], previous_number + 1);
    }
    previous_number = inv["number"];

    int64_t expected = kMonthly;
    if (seq == 1) expected += 100000;                // the setup fee
    if (seq == 30 || seq == 36) expected -= 120000;  // the 36-month term's credits
    // Invoice 10 (due 2027-09-08) is one full month past due on 2027-10-25,
    // when invoice 12 is run: 1.5 % of $1,440.00 = $21.60, charged once.
    if (seq == kLate + 2) expected += 2160;
    EXPECT_EQ(inv["total_cents"], expected) << inv.dump();
    if (seq == kLate + 2) {
      EXPECT_EQ(inv["lines"].back()["kind"], "late_fee");
      EXPECT_EQ(inv["lines"].back()["amount_cents"], 2160);
      auto late = owner_->Get("/api/v1/invoices/" + std::to_string(invoice_of[kLate])).json();
      EXPECT_EQ(late["status"], "overdue");
      EXPECT_EQ(late["accrued_late_fee_cents"], 0);  // charged now, not again
    }
    if (seq == kLate + 1) {
      // Run on 2027-09-25: not yet a full month past 2027-09-08.
      EXPECT_NE(inv["lines"].back()["kind"], "late_fee");
    }

    // Paid in full on the 5th of its month — except the late one, paid on
    // 5 November together with invoice 12.
    At(MonthName(month) + "-05T10:00:00Z");
    std::vector<int> to_pay;
    if (seq != kLate) to_pay.push_back(seq);
    if (seq == kLate + 2) to_pay.push_back(kLate);
    for (int s : to_pay) {
      const std::string pay_path = "/api/v1/invoices/" + std::to_string(invoice_of[s]);
      const Json before = owner_->Get(pay_path).json();
      const int64_t owed =
          before["total_cents"].get<int64_t>() - before["paid_cents"].get<int64_t>();
      if (owed <= 0) continue;
      auto paid = owner_->Post(pay_path + "/payments", {{"amount_cents", owed}});
      ASSERT_EQ(paid.status, 201) << paid.body;
      EXPECT_EQ(paid.json()["status"], "paid");
    }
  }

  // Month 37 (December 2029) is the first of the renewed term: no credit.
  // Terminated on 20 December 2029: 3 × $1,440.00 = $4,320.00 of damages.
  At("2029-12-20T09:00:00Z");
  const std::string contract_path = "/api/v1/contracts/" + std::to_string(contract);
  EXPECT_EQ(owner_->Get(contract_path).json()["term"]["number"], 2);
  auto ended = owner_->Post(contract_path + "/terminate", Json::object());
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["damages_cents"], 432000);
  EXPECT_EQ(owner_->Post(contract_path + "/terminate", Json::object()).status, 409);

  // One last invoice carries the damages and nothing recurring; then nothing.
  At("2029-12-25T09:00:00Z");
  auto last_run = owner_->Post("/api/v1/billing/runs", {{"month", "2030-01"}});
  ASSERT_EQ(last_run.status, 201) << last_run.body;
  ASSERT_EQ(last_run.json()["invoice_ids"].size(), 1u);
  const Json last =
      owner_->Get("/api/v1/invoices/" + std::to_string(int64_t{last_run.json()["invoice_ids"][0]}))
          .json();
  EXPECT_EQ(last["sequence"], 38);
  ASSERT_EQ(last["lines"].size(), 1u) << last.dump();
  EXPECT_EQ(last["lines"][0]["kind"], "damages");
  EXPECT_EQ(last["total_cents"], 432000);
  EXPECT_TRUE(
      owner_->Post("/api/v1/billing/runs", {{"month", "2030-02"}}).json()["invoice_ids"].empty());

  // 38 invoices; all but the last are paid.
  Json all =
      owner_->Get("/api/v1/invoices?customer_id=" + std::to_string(customer)).json()["invoices"];
  ASSERT_EQ(all.size(), 38u);
  int paid = 0;
  for (const Json& inv : all) paid += inv["status"] == "paid" ? 1 : 0;
  EXPECT_EQ(paid, 37);
}

STEWARD_INSTANTIATE_SERVER_TEST(BillingLifecycleTest);

}  // namespace
}  // namespace steward::testing
