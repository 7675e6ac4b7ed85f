#include "server/servicedesk/rules/sla_clock.h"

#include "server/servicedesk/rules/sla_policy.h"
#include "server/servicedesk/rules/ticket_transitions.h"

namespace steward::servicedesk {

namespace {

SlaTargets TargetsOrDefault(std::string_view policy, const std::optional<SlaTerms>& terms,
                            Priority priority) {
  if (terms) return TargetsFor(*terms, priority);
  auto targets = TargetsFor(policy, priority);
  return targets ? *targets : *TargetsFor(kPolicyDefault, priority);
}

std::optional<int64_t> Millis(std::optional<Timestamp> t) {
  return t ? std::optional<int64_t>(ToMillis(*t)) : std::nullopt;
}

}  // namespace

DueTimes InitialDueTimes(const BusinessCalendar& cal, std::string_view policy,
                         const std::optional<SlaTerms>& terms, Priority priority,
                         Timestamp arrival) {
  SlaTargets targets = TargetsOrDefault(policy, terms, priority);
  return {Millis(DueAt(cal, targets.response, arrival)),
          Millis(DueAt(cal, targets.resolution, arrival))};
}

DueTimes DueTimesForPriority(const BusinessCalendar& cal, const Ticket& t, Priority priority) {
  SlaTargets targets = TargetsOrDefault(t.sla_policy, t.sla_terms, priority);
  auto due = [&](const SlaTarget& target) -> std::optional<int64_t> {
    auto d = DueAt(cal, target, FromMillis(t.created_at));
    if (!d) return std::nullopt;
    return ToMillis(AddBusinessTime(cal, *d, std::chrono::milliseconds(t.paused_business_ms)));
  };
  return {t.first_response_at ? t.response_due : due(targets.response), due(targets.resolution)};
}

SlaClock ClockAfterStatusChange(const BusinessCalendar& cal, const Ticket& t, TicketStatus to,
                                Timestamp now) {
  SlaClock clock{t.response_due, t.resolution_due, t.paused_at, t.paused_business_ms, std::nullopt};
  const bool was_paused = t.paused_at.has_value();
  if (to == TicketStatus::kClosed) {
    clock.closed_at = ToMillis(now);  // the clock stays stopped for good
  } else if (PausesSla(to) && !was_paused) {
    clock.paused_at = ToMillis(now);
  } else if (!PausesSla(to) && was_paused) {
    auto waited = BusinessTimeBetween(cal, FromMillis(*t.paused_at), now);
    clock.paused_business_ms += waited.count();
    auto shift = [&](std::optional<int64_t>& due) {
      if (due) due = ToMillis(AddBusinessTime(cal, FromMillis(*due), waited));
    };
    if (!t.first_response_at) shift(clock.response_due);
    shift(clock.resolution_due);
    clock.paused_at.reset();
  }
  return clock;
}

bool FirstResponseLate(const Ticket& t, Timestamp at) {
  return t.response_due && ToMillis(at) > *t.response_due;
}

}  // namespace steward::servicedesk
