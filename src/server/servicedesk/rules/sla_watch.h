// What the service desk's minute job does to one ticket at `now`, as a pure
// decision: a resolution nobody answered closes itself after N business days;
// a running target that passed is a breach (recorded at the moment it
// passed); shares of the running SLA time reached fire administrative
// escalation levels once each. A ticket waiting on the customer neither
// breaches nor escalates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "server/servicedesk/rules/sla_policy.h"

namespace steward::servicedesk {

struct SlaWatchInput {
  const Ticket& ticket;
  const BusinessCalendar& calendar;
  Timestamp now;
  const std::vector<EscalationLevel>& levels;
  std::vector<int> fired_levels;                  // escalations already recorded
  std::optional<int64_t> last_customer_reply_at;  // the customer's latest word
  int auto_close_business_days = 5;
};

struct DueBreach {
  std::string kind;  // response, resolution
  int64_t due_at = 0;
  bool operator==(const DueBreach&) const = default;
};

struct SlaWatchDecision {
  bool auto_close = false;
  std::vector<DueBreach> breaches;        // may already be recorded: recording is idempotent
  std::vector<EscalationLevel> escalate;  // levels newly reached, in order
  std::optional<int64_t> escalation_due;  // the target the escalations run against
};

SlaWatchDecision WatchSla(const SlaWatchInput& in);

}  // namespace steward::servicedesk
