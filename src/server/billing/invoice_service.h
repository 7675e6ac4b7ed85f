// Invoices (SPEC §7) as typed commands: the billing run for a month
// (idempotent: a contract's month is invoiced once; drafts to preview), and
// for each invoice issuing (the next gapless number, the due date from the
// contract's payment terms), payments, and voiding through a credit note. Reads show the effective
// status (overdue once past due and unpaid) and the late fee accrued so far. A customer's people
// read their own issued invoices; drafts are staff-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/invoice.h"
#include "storage/database.h"

namespace steward::billing {

struct InvoiceView {
  Invoice invoice;
  InvoiceStatus status = InvoiceStatus::kDraft;  // effective, as of today
  Cents accrued_late_fee_cents = 0;              // accrued and not yet charged
  std::vector<Payment> payments;
};

// A void: the invoice (now void) and the credit note that reversed it.
struct Voided {
  InvoiceView invoice;
  CreditNote credit_note;
};

struct NewPayment {
  Cents amount_cents = 0;
  std::optional<Date> paid_on;  // default today
};

class InvoiceService {
 public:
  InvoiceService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  // Drafts the invoices of `month` for every contract that bills it and has
  // none yet → the new invoices' ids (empty when the month is done).
  Result<std::vector<int64_t>> Run(const accounts::Actor& actor, Month month);
  // The scheduled run: from the `run_day` of a month on, the next month is
  // due. Runs every due month after the last one the schedule completed (or
  // from the first contract's month) → how many invoices it drafted.
  Result<int> RunDue(const accounts::Actor& actor, int run_day);
  Result<std::vector<InvoiceView>> List(const accounts::Principal& viewer,
                                        std::optional<int64_t> customer_id);
  Result<InvoiceView> Get(const accounts::Principal& viewer, int64_t id);
  Result<InvoiceView> Issue(const accounts::Actor& actor, int64_t id);
  Result<InvoiceView> Pay(const accounts::Actor& actor, int64_t id, const NewPayment& payment);
  // Voids an issued (or overdue) invoice nobody has paid towards through a
  // credit note dated today with the next gapless number. InvalidArgument
  // naming "reason" for an empty reason; Conflict naming "status" for a
  // draft, a void, a paid or a part-paid invoice; NotFound outside the scope.
  Result<Voided> Void(const accounts::Actor& actor, int64_t id, std::string_view reason);
  // The credit note that voided invoice `id`; NotFound when the invoice is
  // not void or not visible to `viewer`.
  Result<CreditNote> CreditNoteOf(const accounts::Principal& viewer, int64_t id);
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace steward::billing
