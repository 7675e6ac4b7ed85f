#include "server/billing/rules/aging.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace steward::billing {

Cents& BucketFor(AgingBuckets& b, int64_t days_past_due) {
  if (days_past_due <= 0) return b.current_cents;
  if (days_past_due <= 30) return b.days_1_30_cents;
  if (days_past_due <= 60) return b.days_31_60_cents;
  if (days_past_due <= 90) return b.days_61_90_cents;
  return b.days_90_plus_cents;
}

Cents OwedAsOf(const Receivable& r, Date as_of) {
  const auto day = date::sys_days(as_of);
  if (date::sys_days(r.issue_date) > day) return 0;
  if (r.voided_on && date::sys_days(*r.voided_on) <= day) return 0;
  Cents owed = r.total_cents;
  for (const Payment& p : r.payments) {
    if (date::sys_days(p.paid_on) <= day) owed -= p.amount_cents;
  }
  return std::max<Cents>(owed, 0);
}

AgingReport Aging(const std::vector<Receivable>& receivables, Date as_of) {
  AgingReport report;
  report.as_of = as_of;
  std::map<std::tuple<std::string, int64_t>, CustomerAging> by_customer;
  for (const Receivable& r : receivables) {
    const Cents owed = OwedAsOf(r, as_of);
    if (owed <= 0) continue;
    const int64_t days = (date::sys_days(as_of) - date::sys_days(r.due_date)).count();
    CustomerAging& c = by_customer[{r.customer_name, r.customer_id}];
    c.customer_id = r.customer_id;
    c.customer_name = r.customer_name;
    BucketFor(c.buckets, days) += owed;
    BucketFor(report.totals, days) += owed;
  }
  for (auto& [key, c] : by_customer) report.customers.push_back(std::move(c));
  return report;
}

}  // namespace steward::billing
