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

}  // namespace steward::billing
