#include "server/servicedesk/rules/sla_watch.h"

#include <algorithm>

namespace steward::servicedesk {

using std::chrono::milliseconds;

SlaWatchDecision WatchSla(const SlaWatchInput& in) {
  const Ticket& t = in.ticket;
  SlaWatchDecision d;
  if (t.status == TicketStatus::kClosed) return d;
  if (t.paused_at) {
    // Waiting on the customer: no breach, no escalation; a resolution
    // nobody answers closes itself, counted from the resolution (the pause
    // may have begun earlier, in pending_fix) or the customer's last word,
    // whichever is later.
    if (t.status != TicketStatus::kHoldResolution || !t.resolution) return d;
    int64_t since =
        std::max({*t.paused_at, t.resolved_at.value_or(0), in.last_customer_reply_at.value_or(0)});
    Timestamp deadline =
        EndOfNthBusinessDay(in.calendar, FromMillis(since), in.auto_close_business_days);
    d.auto_close = in.now >= deadline;
    return d;
  }
  const int64_t now = ToMillis(in.now);
  if (!t.first_response_at && t.response_due && now >= *t.response_due) {
    d.breaches.push_back({"response", *t.response_due});
  }
  if (t.resolution_due && now >= *t.resolution_due) {
    d.breaches.push_back({"resolution", *t.resolution_due});
  }
  // Administrative escalation against the running target: the first
  // response until it happened, then the resolution.
  std::optional<int64_t> due = t.next_due();
  if (!due) return d;
  d.escalation_due = due;
  milliseconds paused(t.paused_business_ms);
  Timestamp created = FromMillis(t.created_at);
  milliseconds total = BusinessTimeBetween(in.calendar, created, FromMillis(*due)) - paused;
  milliseconds elapsed = BusinessTimeBetween(in.calendar, created, in.now) - paused;
  if (total <= milliseconds(0)) total = milliseconds(1);  // due on arrival
  d.escalate = LevelsDue(in.levels, elapsed, total, in.fired_levels);
  return d;
}

}  // namespace steward::servicedesk
