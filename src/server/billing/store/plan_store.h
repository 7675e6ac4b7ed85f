// All SQL over service plans. Plans are the MSP's own price list, the same
// for every customer, so the store takes a bare connection: there is no
// tenant to scope.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/billing/model/plan.h"
#include "storage/database.h"

namespace steward::billing {

class PlanStore {
 public:
  explicit PlanStore(storage::Connection& c) : c_(c) {}

  Result<std::vector<Plan>> List();
  // NotFound("plan") for an unknown id.
  Result<Plan> Get(int64_t id);
  // Conflict naming "name" when a plan of that name exists.
  Result<int64_t> Insert(const NewPlan& p, int64_t now);
  // Replaces plan `id`'s terms (its unit stays) and whether it is sold.
  // NotFound("plan"); Conflict naming "name" when another plan has it.
  Status Update(int64_t id, const NewPlan& p, bool active, int64_t now);

 private:
  storage::Connection& c_;
};

}  // namespace steward::billing
