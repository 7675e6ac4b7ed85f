#include "server/billing/rules/terms.h"

#include <algorithm>

namespace steward::billing {

namespace {

constexpr Cents kTermCreditCents = 120000;     // $1,200
constexpr BasisPoints kLateFeePerMonth = 150;  // 1.5 %

int MonthsBetween(Date from, Date to) {
  return static_cast<int>(((to.year() / to.month()) - (from.year() / from.month())).count());
}

}  // namespace

Date AddMonths(Date d, int months) {
  const Month m = d.year() / d.month() + date::months(months);
  const date::day last = (m / date::last).day();
  return m / std::min(d.day(), last);
}

TermDates CurrentTerm(const Contract& c, Date today) {
  const int length = std::max(1, c.term_months);
  int index = 0;  // 0: the first term
  if (c.auto_renew && today > c.start_date) {
    // A first guess from the calendar months between, then exact: the term
    // starting at start + index × length months is the last one begun.
    index = std::max(0, MonthsBetween(c.start_date, today) / length);
    while (index > 0 && AddMonths(c.start_date, index * length) > today) --index;
    while (AddMonths(c.start_date, (index + 1) * length) <= today) ++index;
  }
  TermDates t;
  t.term_number = index + 1;
  t.term_start = AddMonths(c.start_date, index * length);
  t.renews_on = AddMonths(c.start_date, (index + 1) * length);
  t.term_end = date::sys_days(t.renews_on) - date::days(1);
  t.notice_by = date::sys_days(t.term_end) - date::days(c.notice_days);
  return t;
}

Cents TermCreditCents(int term_months, int invoice_sequence) {
  if (term_months == 24 && invoice_sequence == 24) return -kTermCreditCents;
  if (term_months == 36 && (invoice_sequence == 30 || invoice_sequence == 36)) {
    return -kTermCreditCents;
  }
  return 0;
}

Cents DamagesCents(int damages_months, Cents monthly_cents) {
  return static_cast<Cents>(damages_months) * monthly_cents;
}

int FullMonthsPastDue(Date due, Date as_of) {
  if (as_of <= due) return 0;
  int n = std::max(0, MonthsBetween(due, as_of));
  while (n > 0 && AddMonths(due, n) > as_of) --n;
  while (AddMonths(due, n + 1) <= as_of) ++n;
  return n;
}

Cents LateFeeCents(Cents unpaid, Date due, Date as_of) {
  if (unpaid <= 0) return 0;
  return PercentOf(unpaid, kLateFeePerMonth * FullMonthsPastDue(due, as_of));
}

}  // namespace steward::billing
