// The SLA clock of one ticket as pure decisions: the due times a new ticket
// gets, what a status change does to the clock (entering a waiting status
// pauses it; leaving one shifts the due times by the working time spent
// waiting; closing stops it for good), and the targets a priority change
// recomputes from the original arrival.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/clock.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "server/servicedesk/rules/sla_policy.h"

namespace steward::servicedesk {

struct DueTimes {
  std::optional<int64_t> response_due;
  std::optional<int64_t> resolution_due;
  bool operator==(const DueTimes&) const = default;
};

// The targets of the contract's `terms` when there are any, else of
// `policy` (the default policy when it is unknown), for a ticket of
// `priority` arriving at `arrival`.
DueTimes InitialDueTimes(const BusinessCalendar& cal, std::string_view policy,
                         const std::optional<SlaTerms>& terms, Priority priority,
                         Timestamp arrival);

// New targets for a priority change: from the original arrival, shifted by
// the working time already spent waiting on the customer. A first response
// already given keeps its target.
DueTimes DueTimesForPriority(const BusinessCalendar& cal, const Ticket& t, Priority priority);

// The clock's columns after a move to `to`.
struct SlaClock {
  std::optional<int64_t> response_due;
  std::optional<int64_t> resolution_due;
  std::optional<int64_t> paused_at;
  int64_t paused_business_ms = 0;
  std::optional<int64_t> closed_at;
  bool operator==(const SlaClock&) const = default;
};

SlaClock ClockAfterStatusChange(const BusinessCalendar& cal, const Ticket& t, TicketStatus to,
                                Timestamp now);

// A first response given at `at`: whether it missed its target.
bool FirstResponseLate(const Ticket& t, Timestamp at);

}  // namespace steward::servicedesk
