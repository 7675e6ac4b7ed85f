// Service plans (SPEC §7): the MSP's price list. Reading is for staff;
// creating is for owners and billing admins (the routes decide), each in one
// transaction with its audit record.
#pragma once

#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/plan.h"
#include "storage/database.h"

namespace steward::billing {

class PlanService {
 public:
  PlanService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<Plan>> List(const accounts::Principal& viewer);
  Result<Plan> Get(const accounts::Principal& viewer, int64_t id);
  // InvalidArgument naming the field for a plan that cannot be sold as given
  // (tiers out of order, a tiered plan counted by devices, …); Conflict for
  // a name already taken.
  Result<Plan> Create(const accounts::Actor& actor, const NewPlan& plan);
  // Changes a plan as Create validates it; audited with what changed.
  // NotFound("plan"); Conflict naming "name".
  Result<Plan> Update(const accounts::Actor& actor, int64_t id, const PlanPatch& patch);
  // For the router: 0 (MSP-wide, so a customer's people get 404) when the
  // plan exists, none otherwise.
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::billing
