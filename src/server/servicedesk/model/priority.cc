#include "server/servicedesk/model/priority.h"

#include <array>

namespace steward::servicedesk {

namespace {
constexpr std::array<std::string_view, 4> kNames = {"critical", "high", "normal", "low"};
}  // namespace

std::string_view PriorityName(Priority p) { return kNames[static_cast<size_t>(p)]; }

std::optional<Priority> ParsePriority(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Priority>(i);
  }
  return std::nullopt;
}

}  // namespace steward::servicedesk
