#include "server/billing/model/plan.h"

#include <array>
#include <utility>

namespace steward::billing {

namespace {

constexpr std::array<std::pair<PlanUnit, std::string_view>, 6> kUnits = {{
    {PlanUnit::kServer, "server"},
    {PlanUnit::kDesktop, "desktop"},
    {PlanUnit::kDevice, "device"},
    {PlanUnit::kUser, "user"},
    {PlanUnit::kMailbox, "mailbox"},
    {PlanUnit::kSite, "site"},
}};

}  // namespace

std::string_view PlanUnitName(PlanUnit unit) {
  for (const auto& [u, name] : kUnits) {
    if (u == unit) return name;
  }
  return "device";
}

std::optional<PlanUnit> ParsePlanUnit(std::string_view name) {
  for (const auto& [u, n] : kUnits) {
    if (n == name) return u;
  }
  return std::nullopt;
}

const Plan* FindPlan(const std::vector<Plan>& plans, int64_t id) {
  for (const Plan& p : plans) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool CountsDevices(PlanUnit unit) {
  return unit == PlanUnit::kServer || unit == PlanUnit::kDesktop || unit == PlanUnit::kDevice;
}

NewPlan Patched(const Plan& plan, const PlanPatch& patch) {
  NewPlan p;
  p.name = patch.name.value_or(plan.name);
  p.unit = plan.unit;
  p.price_cents = patch.price_cents.value_or(plan.price_cents);
  p.tiers = patch.tiers.value_or(plan.tiers);
  p.included_support_minutes =
      patch.included_support_minutes.value_or(plan.included_support_minutes);
  p.flex_minutes = patch.flex_minutes.value_or(plan.flex_minutes);
  p.discountable = patch.discountable.value_or(plan.discountable);
  p.emergency_onsite_hourly_cents =
      patch.emergency_onsite_hourly_cents.value_or(plan.emergency_onsite_hourly_cents);
  p.covers = patch.covers.value_or(plan.covers);
  return p;
}

}  // namespace steward::billing
