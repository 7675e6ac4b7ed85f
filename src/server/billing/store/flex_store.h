// All SQL over the flex-hours ledger (SPEC §7), behind the caller's tenant
// scope. The ledger is append-only: earnings (one per customer and month,
// the unique index makes crediting idempotent) and draws, each booked to a
// flex year. The balance of a year is the sum of its rows, so the year-end
// expiry needs no row of its own: on 1 January a new year starts at 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "server/billing/model/contract.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

struct FlexEntry {
  int64_t id = 0;
  int64_t customer_id = 0;
  int flex_year = 0;
  bool earned = false;  // an earning (minutes ≥ 0) or a draw (minutes < 0)
  int64_t minutes = 0;
  std::optional<Month> earned_month;
  std::optional<int64_t> ticket_id;
  std::optional<std::string> note;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

class FlexStore {
 public:
  explicit FlexStore(const storage::ScopedConnection& c) : c_(c) {}

  Result<int64_t> Balance(int64_t customer_id, int year);
  Result<std::vector<FlexEntry>> Ledger(int64_t customer_id, int year);
  Result<bool> Earned(int64_t customer_id, Month m);
  // The IANA zone of the customer's business calendar, if it has one.
  Result<std::optional<std::string>> CustomerZone(int64_t customer_id);

  // NotFound("customer") outside the scope.
  Status AddEarning(int64_t customer_id, Month m, int64_t minutes, int64_t now);
  // NotFound("ticket") unless the ticket is the customer's.
  Result<int64_t> AddDraw(int64_t customer_id, int year, int64_t minutes,
                          std::optional<int64_t> ticket_id, const std::optional<std::string>& note,
                          std::optional<int64_t> by, int64_t now);

 private:
  Status RequireCustomer(int64_t customer_id);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
