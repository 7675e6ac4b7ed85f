// An expense (SPEC §7): money the MSP spent for a customer — a part, a
// licence, travel — on a day, optionally for a ticket, with its receipt.
// A billable expense of month M−1 (or earlier, logged late) is charged on
// the invoice for month M at cost, once; a void gives it back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"

namespace steward::billing {

struct Expense {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> ticket_id;
  Date incurred_on{};
  std::string description;
  Cents amount_cents = 0;
  bool billable = true;
  std::optional<std::string> receipt_name;  // set once a receipt is attached
  std::optional<std::string> receipt_type;
  int64_t receipt_bytes = 0;
  std::optional<int64_t> invoice_id;  // the invoice that charged it
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct NewExpense {
  int64_t customer_id = 0;
  std::optional<int64_t> ticket_id;
  Date incurred_on{};
  std::string description;
  Cents amount_cents = 0;
  bool billable = true;
};

struct Receipt {
  std::string file_name;
  std::string content_type;  // application/pdf, image/png or image/jpeg
  std::string bytes;
};

}  // namespace steward::billing
