// What an invoice for month M holds, with the numbers worked by hand.
#include "server/billing/rules/invoicing.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

using date::day;
using date::month;
using date::year;

struct Fixture {
  Contract contract;
  std::vector<ContractLine> lines;
  std::vector<Plan> plans;

  Fixture(int term = 12, Date start = D(2026, 11, 1)) {
    contract.id = 5;
    contract.customer_id = 2;
    contract.start_date = start;
    contract.term_months = term;
    contract.setup_fee_cents = 100000;
    Plan bronze;
    bronze.id = 1;
    bronze.name = "Bronze";
    bronze.unit = PlanUnit::kServer;
    bronze.price_cents = 50000;
    bronze.discountable = true;
    plans = {bronze};
    ContractLine line{1, 5, 1, std::nullopt, {}, start, std::nullopt};
    line.devices = {{101, start, std::nullopt}, {102, start, std::nullopt}};
    lines = {line};
  }

  std::vector<InvoiceLine> For(Month m, std::vector<OpenInvoice> open = {},
                               bool damages_billed = false, Date as_of = D(2026, 10, 25)) {
    return InvoiceLines({contract, lines, plans, m, as_of, std::move(open), damages_billed});
  }
};

std::vector<LineKind> Kinds(const std::vector<InvoiceLine>& lines) {
  std::vector<LineKind> out;
  for (const auto& l : lines) out.push_back(l.kind);
  return out;
}

TEST(InvoicingTest, SequenceCountsMonthsFromTheStart) {
  Fixture f(12, D(2026, 11, 15));
  EXPECT_EQ(InvoiceSequence(f.contract, M(2026, 11)), 1);
  EXPECT_EQ(InvoiceSequence(f.contract, M(2026, 12)), 2);
  EXPECT_EQ(InvoiceSequence(f.contract, M(2027, 11)), 13);
  EXPECT_EQ(InvoiceSequence(f.contract, M(2026, 10)), 0);
  EXPECT_FALSE(BillsMonth(f.contract, M(2026, 10), false));
  EXPECT_TRUE(BillsMonth(f.contract, M(2026, 11), false));
}

TEST(InvoicingTest, TheFirstInvoiceCarriesTheSetupFee) {
  Fixture f;
  auto lines = f.For(M(2026, 11));
  // 2 servers × $500 = $1,000.00; 2 servers → 4 % = −$40.00; setup $1,000.00.
  EXPECT_EQ(Kinds(lines),
            (std::vector<LineKind>{LineKind::kRecurring, LineKind::kDiscount, LineKind::kSetup}));
  EXPECT_EQ(lines[0].amount_cents, 100000);
  EXPECT_EQ(lines[0].quantity, 2);
  EXPECT_EQ(lines[0].unit_cents, 50000);
  EXPECT_EQ(lines[1].amount_cents, -4000);
  EXPECT_EQ(lines[2].amount_cents, 100000);
  EXPECT_EQ(InvoiceTotal(lines), 196000);
  // The second month: no setup fee.
  EXPECT_EQ(InvoiceTotal(f.For(M(2026, 12))), 96000);
}

TEST(InvoicingTest, TermCreditsOnTheTwentyFourthAndOnTheThirtiethAndThirtySixth) {
  Fixture two_years(24);
  // Month 24 of a term starting November 2026 is October 2028.
  auto oct28 = two_years.For(M(2028, 10));
  EXPECT_EQ(Kinds(oct28).back(), LineKind::kCredit);
  EXPECT_EQ(InvoiceTotal(oct28), 96000 - 120000);  // a credit can exceed the month
  EXPECT_EQ(InvoiceTotal(two_years.For(M(2028, 9))), 96000);
  Fixture three_years(36);
  EXPECT_EQ(InvoiceTotal(three_years.For(M(2029, 4))), 96000 - 120000);   // month 30
  EXPECT_EQ(InvoiceTotal(three_years.For(M(2029, 10))), 96000 - 120000);  // month 36
  EXPECT_EQ(InvoiceTotal(three_years.For(M(2028, 10))), 96000);           // month 24
}

TEST(InvoicingTest, LateFeesChargeOnlyWhatWasNotChargedBefore) {
  Fixture f;
  // $1,440.00 unpaid since 15 December; on 20 February two full months have
  // passed: 3 % = $43.20, of which $21.60 was charged on January's invoice.
  OpenInvoice open{41, 7, 144000, D(2026, 12, 15), 2160};
  auto lines = f.For(M(2027, 3), {open}, false, D(2027, 2, 20));
  ASSERT_EQ(Kinds(lines).back(), LineKind::kLateFee);
  EXPECT_EQ(lines.back().amount_cents, 2160);
  EXPECT_EQ(lines.back().late_fee_of, 41);
  // Nothing new accrued: no line.
  open.late_fee_billed_cents = 4320;
  EXPECT_EQ(Kinds(f.For(M(2027, 3), {open}, false, D(2027, 2, 20))).back(), LineKind::kDiscount);
  // Before a full month has passed nothing accrues.
  open.late_fee_billed_cents = 0;
  EXPECT_EQ(Kinds(f.For(M(2027, 1), {open}, false, D(2027, 1, 14))).back(), LineKind::kDiscount);
}

TEST(InvoicingTest, DamagesOnceAfterTheTermination) {
  Fixture f;
  f.contract.status = ContractStatus::kTerminated;
  f.contract.terminated_on = D(2026, 12, 15);
  f.contract.damages_cents = 192000;
  f.lines[0].ends_on = D(2026, 12, 15);
  f.lines[0].devices[0].to = D(2026, 12, 15);
  f.lines[0].devices[1].to = D(2026, 12, 15);
  // December: 14 days of 31 for two servers: $1,000 × 14/31 = $451.61; −4 % = −$18.06.
  auto dec = f.For(M(2026, 12));
  EXPECT_EQ(dec[0].amount_cents, 45161);
  EXPECT_EQ(dec[1].amount_cents, -1806);
  // January: nothing recurring, the damages.
  EXPECT_TRUE(BillsMonth(f.contract, M(2027, 1), false));
  auto jan = f.For(M(2027, 1));
  EXPECT_EQ(Kinds(jan), (std::vector<LineKind>{LineKind::kDamages}));
  EXPECT_EQ(InvoiceTotal(jan), 192000);
  // Once billed, no more invoices.
  EXPECT_FALSE(BillsMonth(f.contract, M(2027, 2), true));
  EXPECT_TRUE(f.For(M(2027, 2), {}, true).empty());
}

TEST(InvoicingTest, AnEndingContractBillsThroughItsLastDaysMonth) {
  Fixture f(12, D(2026, 11, 1));
  f.contract.ends_on = D(2027, 11, 1);  // renewed: the last day is 31 October 2027
  EXPECT_TRUE(BillsMonth(f.contract, M(2027, 10), false));
  EXPECT_FALSE(BillsMonth(f.contract, M(2027, 11), false));
  f.contract.ends_on = D(2027, 11, 16);  // mid-month: November is its last month
  EXPECT_TRUE(BillsMonth(f.contract, M(2027, 11), false));
  EXPECT_FALSE(BillsMonth(f.contract, M(2027, 12), false));
  // Without auto-renewal the first term is all it bills: 12 months.
  Fixture once(12, D(2026, 11, 1));
  once.contract.auto_renew = false;
  EXPECT_TRUE(BillsMonth(once.contract, M(2027, 10), false));
  EXPECT_FALSE(BillsMonth(once.contract, M(2027, 11), false));
}

TEST(InvoicingTest, ASecondAutoRenewedTwentyFourMonthTermEarnsItsCredit) {
  Fixture f(24, D(2026, 11, 1));
  // Invoice 48 (October 2030) is the second term's 24th: 2 × $500 − 4 % −
  // $1,200 = −$240.00.
  auto oct = f.For(M(2030, 10));
  EXPECT_EQ(InvoiceSequence(f.contract, M(2030, 10)), 48);
  EXPECT_EQ(oct.back().kind, LineKind::kCredit);
  EXPECT_EQ(InvoiceTotal(oct), 96000 - 120000);
}

TEST(InvoicingTest, EffectiveStatus) {
  Invoice inv;
  inv.total_cents = 1000;
  EXPECT_EQ(EffectiveStatus(inv, D(2027, 1, 1)), InvoiceStatus::kDraft);
  inv.status = InvoiceStatus::kIssued;
  inv.due_date = D(2026, 12, 15);
  EXPECT_EQ(EffectiveStatus(inv, D(2026, 12, 15)), InvoiceStatus::kIssued);  // due today
  EXPECT_EQ(EffectiveStatus(inv, D(2026, 12, 16)), InvoiceStatus::kOverdue);
  inv.paid_cents = 1000;
  EXPECT_EQ(EffectiveStatus(inv, D(2026, 12, 16)), InvoiceStatus::kPaid);
}

TEST(InvoicingTest, AVoidInvoiceIsNeitherOverdueNorPaid) {
  Invoice inv;
  inv.total_cents = 1000;
  inv.status = InvoiceStatus::kVoid;
  inv.due_date = D(2026, 12, 15);
  EXPECT_EQ(EffectiveStatus(inv, D(2027, 6, 1)), InvoiceStatus::kVoid);
  EXPECT_EQ(InvoiceStatusName(InvoiceStatus::kVoid), "void");
  EXPECT_EQ(ParseInvoiceStatus("void"), InvoiceStatus::kVoid);
  EXPECT_EQ(ParseInvoiceStatus("overdue"), InvoiceStatus::kOverdue);
  EXPECT_EQ(ParseInvoiceStatus("cancelled"), std::nullopt);
}

}  // namespace
}  // namespace steward::billing
