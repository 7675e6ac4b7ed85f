// Support hours and flex hours (SPEC §7) as typed commands: a customer's
// month — the included hours its contracts give, what covered work has
// drawn and what is billable beyond — and its flex balance with the ledger
// of the current flex year; drawing flex hours in 4-hour steps; the month-
// end job that credits each ended month's flex hours (capped at 160 h,
// idempotent, catching up missed months); and the MSP's rate card per work
// type. A customer's people read their own hours; staff draw and set rates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/work_type.h"
#include "server/billing/rules/time_billing.h"
#include "server/billing/store/flex_store.h"
#include "storage/database.h"

namespace steward::billing {

struct CustomerHours {
  int64_t customer_id = 0;
  Month month{};
  MonthHours hours;
  int flex_year = 0;  // the customer's current calendar year
  int64_t flex_balance_minutes = 0;
  Timestamp flex_expires_at{};  // the end of 31 December in the customer's time zone
  std::vector<FlexEntry> flex_ledger;
};

struct FlexDraw {
  int64_t minutes = 0;
  std::optional<int64_t> ticket_id;
  std::optional<std::string> note;
};

class HoursService {
 public:
  // `zone`: the MSP's time zone, for customers without a business calendar.
  HoursService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  // The month defaults to the current one in the customer's time zone.
  Result<CustomerHours> Hours(const accounts::Principal& viewer, int64_t customer_id,
                              std::optional<Month> month);
  // InvalidArgument naming "minutes" unless a positive multiple of 240 no
  // larger than the balance.
  Result<CustomerHours> Draw(const accounts::Actor& actor, int64_t customer_id,
                             const FlexDraw& draw);
  // Credits every ended month of every contract not yet credited → how many
  // months were credited.
  Result<int> CreditFlex(const accounts::Actor& actor);

  Result<std::vector<WorkTypeRate>> Rates(const accounts::Principal& viewer);
  Result<std::vector<WorkTypeRate>> SetRate(const accounts::Actor& actor, const WorkTypeRate& rate);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace steward::billing
