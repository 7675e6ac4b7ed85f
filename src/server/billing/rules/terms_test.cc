// A contract's term arithmetic (SPEC §7 "Precise arithmetic"): month
// addition clamped to the month's end, the current term with its notice and
// renewal dates, term credits, liquidated damages, and late fees per full
// month past due (across month ends and leap years, never compounded).
// Every expected number is worked out by hand in the comment beside it.
#include "server/billing/rules/terms.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

TEST(AddMonthsTest, ClampsTheDayToAShorterMonth) {
  EXPECT_EQ(AddMonths(D(2027, 1, 31), 1), D(2027, 2, 28));   // 2027: no 29 February
  EXPECT_EQ(AddMonths(D(2028, 1, 31), 1), D(2028, 2, 29));   // 2028 is a leap year
  EXPECT_EQ(AddMonths(D(2027, 3, 31), 1), D(2027, 4, 30));   // April has 30 days
  EXPECT_EQ(AddMonths(D(2027, 1, 31), 2), D(2027, 3, 31));   // from the start, not chained
  EXPECT_EQ(AddMonths(D(2027, 8, 31), 6), D(2028, 2, 29));   // across a year end
  EXPECT_EQ(AddMonths(D(2026, 12, 15), 1), D(2027, 1, 15));  // December → January
  EXPECT_EQ(AddMonths(D(2028, 2, 29), 12), D(2029, 2, 28));  // leap day + 1 year
  EXPECT_EQ(AddMonths(D(2028, 2, 29), 48), D(2032, 2, 29));  // + 4 years: a leap year again
  EXPECT_EQ(AddMonths(D(2027, 3, 31), -1), D(2027, 2, 28));  // backwards clamps too
  EXPECT_EQ(AddMonths(D(2027, 5, 17), 0), D(2027, 5, 17));
  EXPECT_EQ(AddMonths(D(2026, 3, 15), 36), D(2029, 3, 15));
}

Contract Signed(int term_months) {
  Contract c;
  c.id = 1;
  c.customer_id = 2;
  c.start_date = D(2026, 3, 15);
  c.term_months = term_months;
  c.notice_days = 90;
  c.auto_renew = true;
  return c;
}

TEST(CurrentTermTest, TwelveMonthsFirstAndRenewedTerm) {
  const Contract c = Signed(12);
  // First term: 15 Mar 2026 – 14 Mar 2027. 90 days before 14 Mar 2027:
  // back 14 to 28 Feb, 28 to 31 Jan (42), 31 to 31 Dec (73), 17 to 14 Dec (90).
  const TermDates first = CurrentTerm(c, D(2026, 3, 15));
  EXPECT_EQ(first.term_number, 1);
  EXPECT_EQ(first.term_start, D(2026, 3, 15));
  EXPECT_EQ(first.term_end, D(2027, 3, 14));
  EXPECT_EQ(first.notice_by, D(2026, 12, 14));
  EXPECT_EQ(first.renews_on, D(2027, 3, 15));
  // Its last day is still the first term.
  EXPECT_EQ(CurrentTerm(c, D(2027, 3, 14)).term_number, 1);
  // Before the start date: the first term.
  EXPECT_EQ(CurrentTerm(c, D(2026, 1, 1)).term_number, 1);

  // Renewed: 15 Mar 2027 – 14 Mar 2028. 90 days before 14 Mar 2028 (a leap
  // year): back 14 to 29 Feb, 29 to 31 Jan (43), 31 to 31 Dec (74), 16 to
  // 15 Dec 2027 (90).
  const TermDates second = CurrentTerm(c, D(2027, 3, 15));
  EXPECT_EQ(second.term_number, 2);
  EXPECT_EQ(second.term_start, D(2027, 3, 15));
  EXPECT_EQ(second.term_end, D(2028, 3, 14));
  EXPECT_EQ(second.notice_by, D(2027, 12, 15));
  EXPECT_EQ(second.renews_on, D(2028, 3, 15));

  // Third term from 15 Mar 2028, still in it on 1 July 2028.
  const TermDates third = CurrentTerm(c, D(2028, 7, 1));
  EXPECT_EQ(third.term_number, 3);
  EXPECT_EQ(third.term_start, D(2028, 3, 15));
  EXPECT_EQ(third.term_end, D(2029, 3, 14));
}

TEST(CurrentTermTest, TwentyFourMonths) {
  const Contract c = Signed(24);
  const TermDates first = CurrentTerm(c, D(2028, 3, 14));
  EXPECT_EQ(first.term_number, 1);
  EXPECT_EQ(first.term_end, D(2028, 3, 14));
  EXPECT_EQ(first.notice_by, D(2027, 12, 15));  // as above, 2028 is a leap year
  EXPECT_EQ(first.renews_on, D(2028, 3, 15));
  // Renewed: 15 Mar 2028 – 14 Mar 2030; 90 days before 14 Mar 2030 (not a
  // leap year): 14 Dec 2029.
  const TermDates second = CurrentTerm(c, D(2028, 3, 15));
  EXPECT_EQ(second.term_number, 2);
  EXPECT_EQ(second.term_start, D(2028, 3, 15));
  EXPECT_EQ(second.term_end, D(2030, 3, 14));
  EXPECT_EQ(second.notice_by, D(2029, 12, 14));
  EXPECT_EQ(second.renews_on, D(2030, 3, 15));
}

TEST(CurrentTermTest, ThirtySixMonths) {
  const Contract c = Signed(36);
  // First: 15 Mar 2026 – 14 Mar 2029; notice by 14 Dec 2028 (2029 not leap).
  const TermDates first = CurrentTerm(c, D(2029, 3, 14));
  EXPECT_EQ(first.term_number, 1);
  EXPECT_EQ(first.term_start, D(2026, 3, 15));
  EXPECT_EQ(first.term_end, D(2029, 3, 14));
  EXPECT_EQ(first.notice_by, D(2028, 12, 14));
  // Renewed: 15 Mar 2029 – 14 Mar 2032; 2032 is a leap year → 15 Dec 2031.
  const TermDates second = CurrentTerm(c, D(2029, 3, 15));
  EXPECT_EQ(second.term_number, 2);
  EXPECT_EQ(second.term_start, D(2029, 3, 15));
  EXPECT_EQ(second.term_end, D(2032, 3, 14));
  EXPECT_EQ(second.notice_by, D(2031, 12, 15));
  EXPECT_EQ(second.renews_on, D(2032, 3, 15));
}

TEST(CurrentTermTest, WithoutAutoRenewTheFirstTermIsTheOnlyOne) {
  Contract c = Signed(12);
  c.auto_renew = false;
  const TermDates t = CurrentTerm(c, D(2028, 6, 1));
  EXPECT_EQ(t.term_number, 1);
  EXPECT_EQ(t.term_start, D(2026, 3, 15));
  EXPECT_EQ(t.term_end, D(2027, 3, 14));
  EXPECT_EQ(t.renews_on, D(2027, 3, 15));  // when it would have renewed
}

TEST(CurrentTermTest, NoticeDaysOfTheContract) {
  Contract c = Signed(12);
  c.notice_days = 30;
  // 30 days before 14 Mar 2027: back 14 to 28 Feb, 16 more to 12 Feb.
  EXPECT_EQ(CurrentTerm(c, D(2026, 6, 1)).notice_by, D(2027, 2, 12));
  c.notice_days = 0;
  EXPECT_EQ(CurrentTerm(c, D(2026, 6, 1)).notice_by, D(2027, 3, 14));
}

TEST(CurrentTermTest, TermsFromALeapDayDoNotDrift) {
  Contract c = Signed(12);
  c.start_date = D(2028, 2, 29);
  // Each term starts start + k × 12 months, clamped: 28 Feb in 2029–2031,
  // 29 Feb again in 2032 (not 28 Feb carried forward).
  const TermDates first = CurrentTerm(c, D(2028, 2, 29));
  EXPECT_EQ(first.term_end, D(2029, 2, 27));
  EXPECT_EQ(first.renews_on, D(2029, 2, 28));
  const TermDates fourth = CurrentTerm(c, D(2032, 2, 28));
  EXPECT_EQ(fourth.term_number, 4);
  EXPECT_EQ(fourth.term_start, D(2031, 2, 28));
  EXPECT_EQ(fourth.term_end, D(2032, 2, 28));
  const TermDates fifth = CurrentTerm(c, D(2032, 2, 29));
  EXPECT_EQ(fifth.term_number, 5);
  EXPECT_EQ(fifth.term_start, D(2032, 2, 29));
}

TEST(TermCreditTest, TwelveMonthTermsEarnNone) {
  for (int seq : {1, 12, 23, 24, 25, 29, 30, 31, 36}) EXPECT_EQ(TermCreditCents(12, seq), 0) << seq;
}

TEST(TermCreditTest, TwentyFourMonthTermOnItsTwentyFourthInvoice) {
  EXPECT_EQ(TermCreditCents(24, 23), 0);
  EXPECT_EQ(TermCreditCents(24, 24), -120000);  // −$1,200
  EXPECT_EQ(TermCreditCents(24, 25), 0);
  for (int seq : {1, 29, 30, 31, 36}) EXPECT_EQ(TermCreditCents(24, seq), 0) << seq;
}

TEST(TermCreditTest, ThirtySixMonthTermOnItsThirtiethAndThirtySixthInvoices) {
  EXPECT_EQ(TermCreditCents(36, 23), 0);
  EXPECT_EQ(TermCreditCents(36, 24), 0);  // the 24-month credit is not a 36-month one
  EXPECT_EQ(TermCreditCents(36, 25), 0);
  EXPECT_EQ(TermCreditCents(36, 29), 0);
  EXPECT_EQ(TermCreditCents(36, 30), -120000);  // −$1,200
  EXPECT_EQ(TermCreditCents(36, 31), 0);
  EXPECT_EQ(TermCreditCents(36, 35), 0);
  EXPECT_EQ(TermCreditCents(36, 36), -120000);  // −$1,200 again
  EXPECT_EQ(TermCreditCents(36, 37), 0);
  // Over the whole term: 2 × −120000 = −240000.
  Cents total = 0;
  for (int seq = 1; seq <= 36; ++seq) total += TermCreditCents(36, seq);
  EXPECT_EQ(total, -240000);
}

TEST(TermCreditTest, EachAutoRenewedTermEarnsItsOwn) {
  // An auto-renewing contract's invoices count on: 25, 26, … Its second
  // 24-month term ends on invoice 48, a 36-month one earns on 66 and 72.
  EXPECT_EQ(TermCreditCents(24, 47), 0);
  EXPECT_EQ(TermCreditCents(24, 48), -120000);
  EXPECT_EQ(TermCreditCents(24, 49), 0);
  EXPECT_EQ(TermCreditCents(36, 66), -120000);  // 36 + 30
  EXPECT_EQ(TermCreditCents(36, 72), -120000);  // 36 + 36
  EXPECT_EQ(TermCreditCents(36, 60), 0);        // 36 + 24
  EXPECT_EQ(TermCreditCents(12, 24), 0);
  EXPECT_EQ(TermCreditCents(24, 0), 0);  // before the start: no invoice, no credit
}

TEST(ContractEndTest, RenewingContractsHaveNone) {
  Contract c = Signed(12);
  EXPECT_FALSE(ContractEnd(c).has_value());
  EXPECT_EQ(ContractStatusOn(c, D(2040, 1, 1)), ContractStatus::kActive);
}

TEST(ContractEndTest, WithoutAutoRenewItEndsWhenTheFirstTermWouldRenew) {
  Contract c = Signed(24);
  c.auto_renew = false;
  EXPECT_EQ(ContractEnd(c), D(2028, 3, 15));  // 15 Mar 2026 + 24 months
  EXPECT_EQ(ContractStatusOn(c, D(2028, 3, 14)), ContractStatus::kActive);
  EXPECT_EQ(ContractStatusOn(c, D(2028, 3, 15)), ContractStatus::kEnded);
}

TEST(ContractEndTest, AnEndSetByNoticeOrRenewalWins) {
  Contract c = Signed(12);
  c.ends_on = D(2029, 3, 15);
  EXPECT_EQ(ContractEnd(c), D(2029, 3, 15));
  EXPECT_EQ(ContractStatusOn(c, D(2029, 3, 14)), ContractStatus::kActive);
  EXPECT_EQ(ContractStatusOn(c, D(2029, 3, 15)), ContractStatus::kEnded);
  // A signed renewal is active before its start (waiting for its term).
  EXPECT_EQ(ContractStatusOn(c, D(2026, 1, 1)), ContractStatus::kActive);
}

TEST(ContractEndTest, TerminationIsTheEndAndStaysTerminated) {
  Contract c = Signed(12);
  c.ends_on = D(2029, 3, 15);
  c.status = ContractStatus::kTerminated;
  c.terminated_on = D(2027, 6, 1);
  EXPECT_EQ(ContractEnd(c), D(2027, 6, 1));
  EXPECT_EQ(ContractStatusOn(c, D(2027, 5, 1)), ContractStatus::kTerminated);
}

TEST(CurrentTermTest, AnEndingContractKeepsItsLastTermAfterTheEnd) {
  Contract c = Signed(12);
  c.auto_renew = false;
  c.ends_on = D(2029, 3, 15);  // notice given in the third term
  const TermDates third = CurrentTerm(c, D(2028, 6, 1));
  EXPECT_EQ(third.term_number, 3);
  EXPECT_EQ(third.term_start, D(2028, 3, 15));
  EXPECT_EQ(third.renews_on, D(2029, 3, 15));
  // After the end no fourth term begins.
  EXPECT_EQ(CurrentTerm(c, D(2030, 1, 1)).term_number, 3);
}

TEST(NoticeTest, InTimeEndsWhenTheTermWouldRenew) {
  Contract c = Signed(12);  // term 1: 15 Mar 2026 – 14 Mar 2027, notice by 14 Dec 2026
  EXPECT_EQ(CurrentTerm(c, D(2026, 6, 1)).notice_by, D(2026, 12, 14));
  EXPECT_EQ(EndAfterNotice(c, D(2026, 6, 1)), D(2027, 3, 15));
  EXPECT_EQ(EndAfterNotice(c, D(2026, 12, 14)), D(2027, 3, 15));  // on the notice day
  // One day late: it renews once more and ends a term later.
  EXPECT_EQ(EndAfterNotice(c, D(2026, 12, 15)), D(2028, 3, 15));
  // In the third term (15 Mar 2028 – 14 Mar 2029, notice by 14 Dec 2028).
  EXPECT_EQ(EndAfterNotice(c, D(2028, 12, 1)), D(2029, 3, 15));
}

TEST(NoticeTest, ThirtySixMonthTerms) {
  Contract c = Signed(36);  // term 1 to 14 Mar 2029, notice by 14 Dec 2028
  EXPECT_EQ(EndAfterNotice(c, D(2028, 12, 14)), D(2029, 3, 15));
  EXPECT_EQ(EndAfterNotice(c, D(2029, 1, 2)), D(2032, 3, 15));
}

TEST(RenewalStartTest, TheEndOrTheNextRenewal) {
  Contract c = Signed(12);
  EXPECT_EQ(RenewalStart(c, D(2026, 5, 1)), D(2027, 3, 15));
  EXPECT_EQ(RenewalStart(c, D(2027, 3, 15)), D(2028, 3, 15));  // in the second term
  c.ends_on = D(2027, 3, 15);  // notice given: the renewal follows the end
  EXPECT_EQ(RenewalStart(c, D(2026, 5, 1)), D(2027, 3, 15));
}

TEST(DamagesTest, MonthsTimesTheMonthlyAmountEnded) {
  // Termination of 3 Bronze servers at $1,440 a month (150000 − 6000):
  // 2 months → 288000; 3 months → 432000.
  EXPECT_EQ(DamagesCents(2, 144000), 288000);
  EXPECT_EQ(DamagesCents(3, 144000), 432000);
  // A reduction removing one $500 server: 2 × 50000 = 100000.
  EXPECT_EQ(DamagesCents(2, 50000), 100000);
  EXPECT_EQ(DamagesCents(3, 0), 0);
}

TEST(FullMonthsPastDueTest, OnAndBeforeTheDueDateIsZero) {
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 1, 15)), 0);  // on the due date
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 1, 1)), 0);   // before it
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2026, 6, 1)), 0);   // long before
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 2, 14)), 0);  // one day short
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 2, 15)), 1);  // exactly one month
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 4, 14)), 2);
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2027, 4, 15)), 3);
  EXPECT_EQ(FullMonthsPastDue(D(2027, 1, 15), D(2028, 1, 15)), 12);
}

TEST(FullMonthsPastDueTest, AcrossMonthEnds) {
  // Due 31 Jan 2027: the day comes round on 28 Feb (clamped), 31 Mar, 30 Apr
  // (clamped), 31 May.
  const Date due = D(2027, 1, 31);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 2, 27)), 0);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 2, 28)), 1);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 3, 30)), 1);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 3, 31)), 2);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 4, 29)), 2);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 4, 30)), 3);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 5, 30)), 3);
  EXPECT_EQ(FullMonthsPastDue(due, D(2027, 5, 31)), 4);
  // Due 30 Apr 2027: 30 May (not 31 May) is one full month.
  EXPECT_EQ(FullMonthsPastDue(D(2027, 4, 30), D(2027, 5, 29)), 0);
  EXPECT_EQ(FullMonthsPastDue(D(2027, 4, 30), D(2027, 5, 30)), 1);
  EXPECT_EQ(FullMonthsPastDue(D(2027, 4, 30), D(2027, 6, 30)), 2);
  // Across a year end: due 31 Dec 2026 → 31 Jan, 28 Feb 2027.
  EXPECT_EQ(FullMonthsPastDue(D(2026, 12, 31), D(2027, 1, 31)), 1);
  EXPECT_EQ(FullMonthsPastDue(D(2026, 12, 31), D(2027, 2, 27)), 1);
  EXPECT_EQ(FullMonthsPastDue(D(2026, 12, 31), D(2027, 2, 28)), 2);
}

TEST(FullMonthsPastDueTest, AcrossLeapYears) {
  // Due 31 Jan 2028: February 2028 has a 29th, so 28 Feb is not yet a month.
  EXPECT_EQ(FullMonthsPastDue(D(2028, 1, 31), D(2028, 2, 28)), 0);
  EXPECT_EQ(FullMonthsPastDue(D(2028, 1, 31), D(2028, 2, 29)), 1);
  // Due on the leap day 29 Feb 2028: the 29th of each month after.
  const Date due = D(2028, 2, 29);
  EXPECT_EQ(FullMonthsPastDue(due, D(2028, 3, 28)), 0);
  EXPECT_EQ(FullMonthsPastDue(due, D(2028, 3, 29)), 1);
  EXPECT_EQ(FullMonthsPastDue(due, D(2029, 1, 29)), 11);
  EXPECT_EQ(FullMonthsPastDue(due, D(2029, 2, 27)), 11);
  EXPECT_EQ(FullMonthsPastDue(due, D(2029, 2, 28)), 12);  // no 29 Feb 2029: clamped
  EXPECT_EQ(FullMonthsPastDue(due, D(2032, 2, 28)), 47);
  EXPECT_EQ(FullMonthsPastDue(due, D(2032, 2, 29)), 48);
}

TEST(LateFeeTest, OnePointFivePercentPerFullMonthNotCompounded) {
  const Date due = D(2027, 1, 15);
  EXPECT_EQ(LateFeeCents(100000, due, D(2027, 1, 15)), 0);     // on the due date
  EXPECT_EQ(LateFeeCents(100000, due, D(2027, 2, 14)), 0);     // a day short of a month
  EXPECT_EQ(LateFeeCents(100000, due, D(2027, 2, 15)), 1500);  // 1 × 1.5 % of $1,000
  EXPECT_EQ(LateFeeCents(100000, due, D(2027, 3, 15)), 3000);  // 2 × 1.5 %
  // 3 months: 100001 × 4.5 % = 4500.045 → 4500. Compounded it would be
  // 100001 × (1.015³ − 1) = 4567.88…: not that.
  EXPECT_EQ(LateFeeCents(100001, due, D(2027, 4, 15)), 4500);
  // 12 months: 18 % of 100000 = 18000.
  EXPECT_EQ(LateFeeCents(100000, due, D(2028, 1, 15)), 18000);
}

TEST(LateFeeTest, AcrossMonthEndsAndLeapYears) {
  // Due 31 Jan 2027, $1,000 unpaid: 27 Feb → 0; 28 Feb → 1500; 30 Apr
  // (3 months, clamped) → 4500.
  EXPECT_EQ(LateFeeCents(100000, D(2027, 1, 31), D(2027, 2, 27)), 0);
  EXPECT_EQ(LateFeeCents(100000, D(2027, 1, 31), D(2027, 2, 28)), 1500);
  EXPECT_EQ(LateFeeCents(100000, D(2027, 1, 31), D(2027, 4, 30)), 4500);
  // Due 29 Feb 2028: 28 Mar → 0, 29 Mar → 1500; 28 Feb 2029 → 12 months →
  // 18000.
  EXPECT_EQ(LateFeeCents(100000, D(2028, 2, 29), D(2028, 3, 28)), 0);
  EXPECT_EQ(LateFeeCents(100000, D(2028, 2, 29), D(2028, 3, 29)), 1500);
  EXPECT_EQ(LateFeeCents(100000, D(2028, 2, 29), D(2029, 2, 28)), 18000);
}

TEST(LateFeeTest, RoundsHalfUpOnceAndNeverChargesNothingUnpaid) {
  const Date due = D(2027, 1, 15);
  const Date month_later = D(2027, 2, 15);
  EXPECT_EQ(LateFeeCents(100, due, month_later), 2);  // 1.5 → 2 (half up)
  EXPECT_EQ(LateFeeCents(33, due, month_later), 0);   // 0.495 → 0
  EXPECT_EQ(LateFeeCents(34, due, month_later), 1);   // 0.51 → 1
  // 3 months on 12345: 12345 × 4.5 % = 555.525 → 556 (once; per month it
  // would be 3 × 185.175 → 3 × 185 = 555).
  EXPECT_EQ(LateFeeCents(12345, due, D(2027, 4, 15)), 556);
  EXPECT_EQ(LateFeeCents(0, due, D(2027, 4, 15)), 0);     // paid in full
  EXPECT_EQ(LateFeeCents(-500, due, D(2027, 4, 15)), 0);  // overpaid
}

}  // namespace
}  // namespace steward::billing
