// Expenses (SPEC §7; issue 13) as typed commands: staff log money spent for
// a customer, attach its receipt (PDF, PNG or JPEG, stored in the database),
// list and read them, and delete one no invoice has charged. The billing
// run charges a customer's billable expenses of the previous month (and
// earlier ones logged late) at cost; a void gives them back. Every write is
// audited; everything runs under the caller's tenant scope.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/expense.h"
#include "storage/database.h"

namespace steward::billing {

class ExpenseService {
 public:
  ExpenseService(storage::Database& db, const Clock& clock, const date::time_zone* zone)
      : db_(db), clock_(clock), zone_(zone) {}

  // PermissionDenied for a customer's people; InvalidArgument as
  // CheckNewExpense or naming "ticket_id"; NotFound("customer").
  Result<Expense> Create(const accounts::Actor& actor, const NewExpense& expense);
  Result<std::vector<Expense>> List(const accounts::Principal& viewer,
                                    std::optional<int64_t> customer_id, std::optional<Month> month);
  Result<Expense> Get(const accounts::Principal& viewer, int64_t id);
  // InvalidArgument as CheckReceipt; Conflict naming "invoice_id" once charged.
  Result<Expense> AttachReceipt(const accounts::Actor& actor, int64_t id, const Receipt& receipt);
  Result<Receipt> GetReceipt(const accounts::Principal& viewer, int64_t id);
  // Conflict naming "invoice_id" once charged.
  Status Delete(const accounts::Actor& actor, int64_t id);
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace steward::billing
