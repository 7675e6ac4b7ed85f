// Accounts-receivable aging (issue 13): what customers owe on a day, by how
// long it has been past due — current (not yet due), 1–30, 31–60, 61–90 and
// over 90 days — per customer and in total. Pure: the caller loads the
// issued invoices with their payments and void dates; amounts in cents.
//
// As of a day, an invoice counts when it was issued on or before that day
// and not voided by then; what it owes is its total less the payments
// received on or before that day. Nothing owed (paid, or a credit larger
// than the month) means it is left out. Days past due = as_of − due date:
// 0 or less is current, so an invoice due today is current.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/billing/model/invoice.h"

namespace steward::billing {

// One issued invoice as aging needs it.
struct Receivable {
  int64_t customer_id = 0;
  std::string customer_name;
  Date issue_date{};
  Date due_date{};
  Cents total_cents = 0;
  std::vector<Payment> payments;
  std::optional<Date> voided_on;  // the credit note's issue date
};

struct AgingBuckets {
  Cents current_cents = 0;
  Cents days_1_30_cents = 0;
  Cents days_31_60_cents = 0;
  Cents days_61_90_cents = 0;
  Cents days_90_plus_cents = 0;

  Cents total_cents() const {
    return current_cents + days_1_30_cents + days_31_60_cents + days_61_90_cents +
           days_90_plus_cents;
  }
  bool operator==(const AgingBuckets&) const = default;
};

struct CustomerAging {
  int64_t customer_id = 0;
  std::string customer_name;
  AgingBuckets buckets;
};

struct AgingReport {
  Date as_of{};
  std::vector<CustomerAging> customers;  // by name, then id; only those owing something
  AgingBuckets totals;
};

// The bucket of an amount `days_past_due` days past its due date.
Cents& BucketFor(AgingBuckets& b, int64_t days_past_due);

// What `r` still owes as of `as_of` (0 when not yet issued, void, or settled).
Cents OwedAsOf(const Receivable& r, Date as_of);

AgingReport Aging(const std::vector<Receivable>& receivables, Date as_of);

}  // namespace steward::billing
