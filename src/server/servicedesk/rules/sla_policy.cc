#include "server/servicedesk/rules/sla_policy.h"

#include <algorithm>
#include <array>

namespace steward::servicedesk {

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using Kind = SlaTarget::Kind;

SlaTarget Working(milliseconds d) { return {Kind::kWorkingTime, d, 0}; }
SlaTarget Days(int n) { return {Kind::kBusinessDays, milliseconds(0), n}; }

}  // namespace

std::optional<SlaTargets> TargetsFor(std::string_view policy, Priority priority) {
  if (policy == kPolicyDefault) {
    switch (priority) {
      case Priority::kCritical:
        return SlaTargets{Working(hours(1)), {}};
      case Priority::kHigh:
        return SlaTargets{Working(hours(2)), {}};
      case Priority::kNormal:
        return SlaTargets{Days(1), {}};
      case Priority::kLow:
        return SlaTargets{Days(2), {}};
    }
  }
  if (policy == kPolicyLevels) {
    switch (priority) {
      case Priority::kCritical:
        return SlaTargets{Working(minutes(15)), {}};
      case Priority::kHigh:
      case Priority::kNormal:
        return SlaTargets{Working(minutes(30)), Days(1)};
      case Priority::kLow:
        return SlaTargets{Working(minutes(60)), Days(2)};
    }
  }
  return std::nullopt;
}

const SlaTargets& TargetsFor(const SlaTerms& terms, Priority priority) {
  switch (priority) {
    case Priority::kCritical:
      return terms.critical;
    case Priority::kHigh:
      return terms.high;
    case Priority::kNormal:
      return terms.normal;
    case Priority::kLow:
      return terms.low;
  }
  return terms.normal;
}

std::optional<Timestamp> DueAt(const BusinessCalendar& cal, const SlaTarget& target,
                               Timestamp arrival) {
  switch (target.kind) {
    case Kind::kNone:
      return std::nullopt;
    case Kind::kWorkingTime:
      return AddBusinessTime(cal, arrival, target.working);
    case Kind::kBusinessDays:
      return EndOfNthBusinessDay(cal, arrival, target.business_days);
  }
  return std::nullopt;
}

const std::vector<EscalationLevel>& DefaultEscalationLevels() {
  static const std::vector<EscalationLevel> kLevels = {{1, 0.75, "service_manager"},
                                                       {2, 1.0, "owner"}};
  return kLevels;
}

std::vector<EscalationLevel> LevelsDue(const std::vector<EscalationLevel>& levels,
                                       milliseconds elapsed, milliseconds total,
                                       const std::vector<int>& fired) {
  std::vector<EscalationLevel> out;
  if (total <= milliseconds(0)) return out;
  for (const EscalationLevel& l : levels) {
    if (std::find(fired.begin(), fired.end(), l.level) != fired.end()) continue;
    if (static_cast<double>(elapsed.count()) >= l.share * static_cast<double>(total.count())) {
      out.push_back(l);
    }
  }
  return out;
}

}  // namespace steward::servicedesk
