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
  const std::optional<Date> end = ContractEnd(c);
  int index = 0;  // 0: the first term
  if (today > c.start_date) {
    // A first guess from the calendar months between, then exact: the term
    // starting at start + index × length months is the last one begun.
    index = std::max(0, MonthsBetween(c.start_date, today) / length);
    while (index > 0 && AddMonths(c.start_date, index * length) > today) --index;
    while (AddMonths(c.start_date, (index + 1) * length) <= today) ++index;
    // No term starts on or after the contract's end.
    while (end && index > 0 && AddMonths(c.start_date, index * length) >= *end) --index;
  }
  TermDates t;
  t.term_number = index + 1;
  t.term_start = AddMonths(c.start_date, index * length);
  t.renews_on = AddMonths(c.start_date, (index + 1) * length);
  t.term_end = date::sys_days(t.renews_on) - date::days(1);
  t.notice_by = date::sys_days(t.term_end) - date::days(c.notice_days);
  return t;
}

std::optional<Date> ContractEnd(const Contract& c) {
  if (c.status == ContractStatus::kTerminated && c.terminated_on) return c.terminated_on;
  if (c.ends_on) return c.ends_on;
  if (!c.auto_renew) return AddMonths(c.start_date, std::max(1, c.term_months));
  return std::nullopt;
}

ContractStatus ContractStatusOn(const Contract& c, Date today) {
  if (c.status == ContractStatus::kTerminated) return ContractStatus::kTerminated;
  const std::optional<Date> end = ContractEnd(c);
  if (end && date::sys_days(*end) <= date::sys_days(today)) return ContractStatus::kEnded;
  return ContractStatus::kActive;
}

Date EndAfterNotice(const Contract& c, Date given_on) {
  Contract renewing = c;
  renewing.auto_renew = true;
  renewing.ends_on.reset();
  const TermDates t = CurrentTerm(renewing, given_on);
  if (date::sys_days(given_on) <= date::sys_days(t.notice_by)) return t.renews_on;
  return AddMonths(t.renews_on, std::max(1, c.term_months));
}

Date RenewalStart(const Contract& c, Date today) {
  if (std::optional<Date> end = ContractEnd(c)) return *end;
  return CurrentTerm(c, today).renews_on;
}

Cents TermCreditCents(int term_months, int invoice_sequence) {
  if (term_months < 1 || invoice_sequence < 1) return 0;
  const int position = (invoice_sequence - 1) % term_months + 1;  // within its term
  if (term_months == 24 && position == 24) return -kTermCreditCents;
  if (term_months == 36 && (position == 30 || position == 36)) return -kTermCreditCents;
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
