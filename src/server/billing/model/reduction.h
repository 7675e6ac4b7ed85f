// A reduction of a contract (SPEC §7): part of the service ended before the
// term does — devices a per-device line stops covering, a lower quantity of
// a per-unit line, or a whole line — on a day, with liquidated damages of
// N × the monthly amount removed, charged once on the contract's next
// invoice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"

namespace steward::billing {

// What to remove: `ci_ids` from a per-device line, or the line's new lower
// `quantity`, or (neither) the whole line.
struct ReductionChange {
  int64_t line_id = 0;
  std::optional<Date> on;  // default today
  std::vector<int64_t> ci_ids;
  std::optional<int64_t> quantity;
};

struct Reduction {
  int64_t id = 0;
  int64_t contract_id = 0;
  int64_t customer_id = 0;
  int64_t line_id = 0;
  Date on{};
  std::string description;  // "2 devices of Silver", "Mailbox security 40 → 30"
  Cents removed_monthly_cents = 0;
  Cents damages_cents = 0;
  std::optional<int64_t> invoice_id;  // the invoice that charged the damages
};

}  // namespace steward::billing
