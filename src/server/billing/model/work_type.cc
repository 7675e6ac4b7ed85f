#include "server/billing/model/work_type.h"

#include <array>
#include <utility>

namespace steward::billing {

namespace {

constexpr std::array<std::pair<WorkType, std::string_view>, 6> kTypes = {{
    {WorkType::kRemote, "remote"},
    {WorkType::kPhone, "phone"},
    {WorkType::kOnSite, "on_site"},
    {WorkType::kAfterHours, "after_hours"},
    {WorkType::kEmergency, "emergency"},
    {WorkType::kEmergencyOnsite, "emergency_onsite"},
}};

}  // namespace

std::string_view WorkTypeName(WorkType t) {
  for (const auto& [type, name] : kTypes) {
    if (type == t) return name;
  }
  return "remote";
}

std::optional<WorkType> ParseWorkType(std::string_view name) {
  for (const auto& [type, n] : kTypes) {
    if (n == name) return type;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& WorkTypeNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& entry : kTypes) names.push_back(entry.second);
    return names;
  }();
  return kNames;
}

const WorkTypeRate* FindRate(const std::vector<WorkTypeRate>& rates, WorkType t) {
  for (const WorkTypeRate& r : rates) {
    if (r.work_type == t) return &r;
  }
  return nullptr;
}

}  // namespace steward::billing
