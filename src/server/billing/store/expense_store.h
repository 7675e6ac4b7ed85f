// All SQL over expenses and their receipts, behind the caller's tenant
// scope: under a customer's scope another customer's expense is NotFound
// for every read and write. An expense a billing run charged is frozen: it
// can no longer be deleted or given another receipt until a void releases it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/expense.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class ExpenseStore {
 public:
  explicit ExpenseStore(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("customer") outside the scope; InvalidArgument naming
  // "ticket_id" unless the ticket is the customer's.
  Result<int64_t> Insert(const NewExpense& e, std::optional<int64_t> created_by, int64_t now);
  Result<Expense> Get(int64_t id);
  // Newest first; one customer's and/or one month's when set.
  Result<std::vector<Expense>> List(std::optional<int64_t> customer_id, std::optional<Month> month);
  // Conflict naming "invoice_id" once an invoice charged it.
  Status SetReceipt(int64_t id, const Receipt& r, int64_t now);
  Result<Receipt> LoadReceipt(int64_t id);  // NotFound("receipt") when none
  Status Delete(int64_t id);                // Conflict once charged

  // The customer's billable expenses no invoice has charged, incurred on or
  // before `through`, oldest first.
  Result<std::vector<Expense>> Unbilled(int64_t customer_id, Date through);
  // Conflict when another invoice took it first.
  Status MarkBilled(int64_t id, int64_t invoice_id, int64_t now);
  // Gives what a voided invoice charged back to the next run → how many.
  Result<int64_t> Release(int64_t invoice_id, int64_t now);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
