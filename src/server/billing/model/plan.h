// A service plan: what an MSP sells per unit per month (SPEC §7). The seed's
// server plans (Bronze, Silver, Gold) are made at `init` as editable records;
// others are custom, à la carte per device kind or per unit, or the complete
// package tiered by users.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/billing/model/money.h"

namespace steward::billing {

// What one unit of a plan is. Server plans share the quantity-discount tier
// (chosen by the customer's total servers under server plans).
enum class PlanUnit { kServer, kDesktop, kDevice, kUser, kMailbox, kSite };
std::string_view PlanUnitName(PlanUnit unit);
std::optional<PlanUnit> ParsePlanUnit(std::string_view name);
// Units counted from the CMDB's CIs (covered devices) rather than a quantity.
bool CountsDevices(PlanUnit unit);

// A price that depends on how many units the customer takes in total (the
// complete package: users 1–10 / 11–25 / 26–50): up to `max_units` units,
// each unit costs `unit_cents`.
struct PriceTier {
  int64_t max_units = 0;
  Cents unit_cents = 0;
  bool operator==(const PriceTier&) const = default;
};

struct Plan {
  int64_t id = 0;
  std::string name;
  PlanUnit unit = PlanUnit::kServer;
  Cents price_cents = 0;                    // per unit per month (the first tier's when tiered)
  std::vector<PriceTier> tiers;             // empty: one price
  int64_t included_support_minutes = 0;     // per unit per month, pooled per customer
  int64_t flex_minutes = 0;                 // earned per unit per month
  bool discountable = false;                // quantity discount applies
  Cents emergency_onsite_hourly_cents = 0;  // 0: not offered at an hourly rate
  std::string covers;                       // what the plan includes, as shown to customers
  bool active = true;
};

// The plan with `id` in `plans`, or null.
const Plan* FindPlan(const std::vector<Plan>& plans, int64_t id);

// A plan to create, validated by the service.
struct NewPlan {
  std::string name;
  PlanUnit unit = PlanUnit::kServer;
  Cents price_cents = 0;
  std::vector<PriceTier> tiers;
  int64_t included_support_minutes = 0;
  int64_t flex_minutes = 0;
  bool discountable = false;
  Cents emergency_onsite_hourly_cents = 0;
  std::string covers;
};

// A change to a plan; unset fields stay. The unit never changes: lines
// count it (devices from the CMDB, or a quantity), so another unit is
// another plan. A changed price bills from the next run on; issued
// invoices never change.
struct PlanPatch {
  std::optional<std::string> name;
  std::optional<Cents> price_cents;
  std::optional<std::vector<PriceTier>> tiers;
  std::optional<int64_t> included_support_minutes;
  std::optional<int64_t> flex_minutes;
  std::optional<bool> discountable;
  std::optional<Cents> emergency_onsite_hourly_cents;
  std::optional<std::string> covers;
  std::optional<bool> active;  // false retires it: no new lines, existing ones bill on
};

// `plan` with `patch` applied, as the plan to validate (its unit kept).
NewPlan Patched(const Plan& plan, const PlanPatch& patch);

}  // namespace steward::billing
