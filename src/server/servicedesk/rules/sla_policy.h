// SLA policies (SPEC §5): per priority, a first-response and a resolution
// target, each counted on the customer's business calendar. Two built-in
// policies, chosen per customer ("sla_policy"):
//   default  critical 1 h, high 2 h of working time, normal next business
//            day, low two business days — first-response targets; the SPEC
//            sets no resolution target, so resolution_due is null.
//   levels   level 1 (critical): 15 min response, resolution best effort
//            (none; continuous escalation); level 2 (high, normal): 30 min
//            response, resolution by the end of the next business day;
//            level 3 (low): 60 min response, two business days.
// Administrative escalation fires at shares of the running target.
// A customer's active contract may set its own targets and levels instead
// (billing::SlaTerms); tickets then carry those terms.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/billing/model/sla_terms.h"
#include "server/servicedesk/model/priority.h"
#include "server/servicedesk/rules/business_calendar.h"

namespace steward::servicedesk {

using billing::EscalationLevel;
using billing::SlaTarget;
using billing::SlaTargets;
using billing::SlaTerms;

inline constexpr std::string_view kPolicyDefault = "default";
inline constexpr std::string_view kPolicyLevels = "levels";

// The targets of `policy` for `priority`; nullopt for an unknown policy.
std::optional<SlaTargets> TargetsFor(std::string_view policy, Priority priority);

// A contract's targets for `priority`.
const SlaTargets& TargetsFor(const SlaTerms& terms, Priority priority);

// When `target` falls due for a request arriving at `arrival`; nullopt for none.
std::optional<Timestamp> DueAt(const BusinessCalendar& cal, const SlaTarget& target,
                               Timestamp arrival);

// 75 % → service managers, 100 % → the owner.
const std::vector<EscalationLevel>& DefaultEscalationLevels();

// The levels whose share of `total` working time `elapsed` has reached and
// that are not in `fired`, in order. Nothing when total is zero.
std::vector<EscalationLevel> LevelsDue(const std::vector<EscalationLevel>& levels,
                                       std::chrono::milliseconds elapsed,
                                       std::chrono::milliseconds total,
                                       const std::vector<int>& fired);

}  // namespace steward::servicedesk
