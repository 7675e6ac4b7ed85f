// A ticket's priority (SPEC §5): critical, high, normal, low.
#pragma once

#include <optional>
#include <string_view>

namespace steward::servicedesk {

enum class Priority { kCritical, kHigh, kNormal, kLow };

std::string_view PriorityName(Priority p);
std::optional<Priority> ParsePriority(std::string_view name);
// 0 for critical … 3 for low: the queue's first sort key.
inline int PriorityRank(Priority p) { return static_cast<int>(p); }

}  // namespace steward::servicedesk
