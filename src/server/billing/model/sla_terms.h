// The service levels a contract promises (SPEC §5, §7; issue 13): a
// first-response and a resolution target per ticket priority, each either
// working time on the customer's business calendar or the end of the n-th
// business day, and the administrative escalation levels that fire at
// shares of the running target. A Bronze contract's "3-hour response" is
// {kWorkingTime, 3 h}.
//
// The service desk's built-in policies ("default", "levels") are values of
// these types too; a ticket takes the terms of its customer's active
// contract when it has any, else its customer's built-in policy.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace steward::billing {

struct SlaTarget {
  enum class Kind { kNone, kWorkingTime, kBusinessDays };
  Kind kind = Kind::kNone;
  std::chrono::milliseconds working{0};  // kWorkingTime
  int business_days = 0;                 // kBusinessDays: end of the n-th business day
  bool operator==(const SlaTarget&) const = default;
};

struct SlaTargets {
  SlaTarget response;
  SlaTarget resolution;
  bool operator==(const SlaTargets&) const = default;
};

// One administrative escalation level: past `share` of the running SLA time,
// mail the users of `notify_role`.
struct EscalationLevel {
  int level = 0;
  double share = 0;
  std::string notify_role;
  bool operator==(const EscalationLevel&) const = default;
};

struct SlaTerms {
  SlaTargets critical;
  SlaTargets high;
  SlaTargets normal;
  SlaTargets low;
  // Empty: the server's configured levels (75 % → service managers,
  // 100 % → the owner by default).
  std::vector<EscalationLevel> escalation;
  bool operator==(const SlaTerms&) const = default;
};

}  // namespace steward::billing
