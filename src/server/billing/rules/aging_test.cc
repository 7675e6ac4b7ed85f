// AR aging with the days counted by hand: the bucket edges at 0/30/31/60/
// 61/90/91 days past due, February in leap and common years, payments
// before and after the day, void and paid invoices left out.
#include "server/billing/rules/aging.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

Receivable Owing(int64_t customer, const std::string& name, Date due, Cents total) {
  Receivable r;
  r.customer_id = customer;
  r.customer_name = name;
  r.issue_date = D(2026, 1, 1);
  r.due_date = due;
  r.total_cents = total;
  return r;
}

// Which bucket 100 cents due on `due` lands in as of `as_of`.
AgingBuckets One(Date due, Date as_of) { return Aging({Owing(1, "Acme", due, 100)}, as_of).totals; }

TEST(AgingTest, BucketEdges) {
  const Date due = D(2026, 6, 1);
  // 0 days: due today is current.
  EXPECT_EQ(One(due, D(2026, 6, 1)).current_cents, 100);
  EXPECT_EQ(One(due, D(2026, 5, 1)).current_cents, 100);        // not yet due
  EXPECT_EQ(One(due, D(2026, 6, 2)).days_1_30_cents, 100);      // 1 day
  EXPECT_EQ(One(due, D(2026, 7, 1)).days_1_30_cents, 100);      // 30 days (June has 30)
  EXPECT_EQ(One(due, D(2026, 7, 2)).days_31_60_cents, 100);     // 31
  EXPECT_EQ(One(due, D(2026, 7, 31)).days_31_60_cents, 100);    // 60
  EXPECT_EQ(One(due, D(2026, 8, 1)).days_61_90_cents, 100);     // 61
  EXPECT_EQ(One(due, D(2026, 8, 30)).days_61_90_cents, 100);    // 90
  EXPECT_EQ(One(due, D(2026, 8, 31)).days_90_plus_cents, 100);  // 91
  EXPECT_EQ(One(due, D(2027, 6, 1)).days_90_plus_cents, 100);   // a year
}

TEST(AgingTest, FebruaryInLeapAndCommonYears) {
  // 2028 is a leap year: 31 January + 30 days = 1 March (29 days of February
  // plus 1), so 1 March is day 30 and 2 March day 31.
  EXPECT_EQ(One(D(2028, 1, 31), D(2028, 3, 1)).days_1_30_cents, 100);
  EXPECT_EQ(One(D(2028, 1, 31), D(2028, 3, 2)).days_31_60_cents, 100);
  // 2027 is common: 31 January + 30 days = 2 March; 3 March is day 31.
  EXPECT_EQ(One(D(2027, 1, 31), D(2027, 3, 2)).days_1_30_cents, 100);
  EXPECT_EQ(One(D(2027, 1, 31), D(2027, 3, 3)).days_31_60_cents, 100);
  // Across 29 February 2028: due 28 February, 28 May is 90 days on
  // (29 to 28 March, 31 to 28 April, 30 to 28 May) and 29 May is 91.
  EXPECT_EQ(One(D(2028, 2, 28), D(2028, 5, 28)).days_61_90_cents, 100);
  EXPECT_EQ(One(D(2028, 2, 28), D(2028, 5, 29)).days_90_plus_cents, 100);
  // 2100 is not a leap year (a century not divisible by 400): due 31
  // January 2100, 2 March is day 30.
  EXPECT_EQ(One(D(2100, 1, 31), D(2100, 3, 2)).days_1_30_cents, 100);
  EXPECT_EQ(One(D(2100, 1, 31), D(2100, 3, 3)).days_31_60_cents, 100);
}

TEST(AgingTest, PartialPaymentsCountUpToTheDay) {
  Receivable r = Owing(1, "Acme", D(2026, 6, 1), 100000);
  r.payments = {{1, 1, 30000, D(2026, 6, 10)}, {2, 1, 20000, D(2026, 7, 15)}};
  // On 1 July one payment is in: $700.00 owed, 30 days past due.
  AgingReport july = Aging({r}, D(2026, 7, 1));
  EXPECT_EQ(july.totals.days_1_30_cents, 70000);
  EXPECT_EQ(july.totals.total_cents(), 70000);
  // On 20 July both: $500.00, 49 days.
  EXPECT_EQ(Aging({r}, D(2026, 7, 20)).totals.days_31_60_cents, 50000);
  // Paid in full (on the day itself counts): nothing, and no row.
  r.payments.push_back({3, 1, 50000, D(2026, 7, 20)});
  AgingReport paid = Aging({r}, D(2026, 7, 20));
  EXPECT_TRUE(paid.customers.empty());
  EXPECT_EQ(paid.totals, AgingBuckets{});
  // …but the day before that last payment, $500.00 was still owed.
  EXPECT_EQ(Aging({r}, D(2026, 7, 19)).totals.days_31_60_cents, 50000);
}

TEST(AgingTest, VoidNotYetIssuedAndCreditInvoicesAreLeftOut) {
  Receivable voided = Owing(1, "Acme", D(2026, 6, 1), 100000);
  voided.voided_on = D(2026, 6, 15);
  // Before its credit note the invoice was owed; from the note's day it is not.
  EXPECT_EQ(Aging({voided}, D(2026, 6, 14)).totals.days_1_30_cents, 100000);
  EXPECT_TRUE(Aging({voided}, D(2026, 6, 15)).customers.empty());
  Receivable later = Owing(1, "Acme", D(2026, 9, 1), 5000);
  later.issue_date = D(2026, 8, 20);
  EXPECT_TRUE(Aging({later}, D(2026, 8, 19)).customers.empty());
  EXPECT_EQ(Aging({later}, D(2026, 8, 20)).totals.current_cents, 5000);
  // A term credit larger than the month leaves an invoice below zero: it
  // owes nothing and does not offset another invoice.
  Receivable credit = Owing(1, "Acme", D(2026, 6, 1), -24000);
  AgingReport r = Aging({credit, Owing(1, "Acme", D(2026, 6, 1), 100)}, D(2026, 6, 1));
  EXPECT_EQ(r.totals.current_cents, 100);
}

TEST(AgingTest, PerCustomerRowsByNameAndTotals) {
  const Date as_of = D(2026, 9, 30);
  std::vector<Receivable> all = {
      Owing(2, "Zephyr Labs", D(2026, 9, 30), 1000),  // current
      Owing(1, "Acme", D(2026, 9, 1), 2000),          // 29 days
      Owing(1, "Acme", D(2026, 7, 31), 3000),         // 61 days
      Owing(2, "Zephyr Labs", D(2026, 6, 1), 4000),   // 121 days
      Owing(3, "Beta", D(2026, 8, 31), 5000),         // 30 days
  };
  Receivable paid = Owing(3, "Beta", D(2026, 1, 1), 9999);
  paid.payments = {{1, 9, 9999, D(2026, 2, 1)}};
  all.push_back(paid);
  AgingReport r = Aging(all, as_of);
  EXPECT_EQ(r.as_of, as_of);
  ASSERT_EQ(r.customers.size(), 3u);
  EXPECT_EQ(r.customers[0].customer_name, "Acme");
  EXPECT_EQ(r.customers[0].buckets, (AgingBuckets{0, 2000, 0, 3000, 0}));
  EXPECT_EQ(r.customers[1].customer_name, "Beta");
  EXPECT_EQ(r.customers[1].buckets, (AgingBuckets{0, 5000, 0, 0, 0}));
  EXPECT_EQ(r.customers[2].customer_id, 2);
  EXPECT_EQ(r.customers[2].buckets, (AgingBuckets{1000, 0, 0, 0, 4000}));
  EXPECT_EQ(r.totals, (AgingBuckets{1000, 7000, 0, 3000, 4000}));
  EXPECT_EQ(r.totals.total_cents(), 15000);
}

}  // namespace
}  // namespace steward::billing
