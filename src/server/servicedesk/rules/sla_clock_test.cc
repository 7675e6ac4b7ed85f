// The SLA clock as pure decisions: due times on arrival, pausing while the
// ticket waits on the customer and shifting the targets by the working time
// spent waiting, closing, and a priority change from the original arrival.
#include "server/servicedesk/rules/sla_clock.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/servicedesk/rules/test_calendar.h"

namespace steward::servicedesk {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// A normal ticket that arrived on Monday 09:00 under the default policy.
Ticket Arrived() {
  Ticket t;
  t.id = 7;
  t.sla_policy = "default";
  t.priority = Priority::kNormal;
  t.status = TicketStatus::kOpen;
  t.created_at = Ms("2026-11-23T09:00:00Z");
  DueTimes due =
      InitialDueTimes(Office(), t.sla_policy, t.sla_terms, t.priority, FromMillis(t.created_at));
  t.response_due = due.response_due;
  t.resolution_due = due.resolution_due;
  return t;
}

TEST(SlaClockTest, InitialDueTimesFollowThePolicyOnTheCalendar) {
  // SPEC: normal priority answers within the next business day.
  DueTimes due = InitialDueTimes(Office(), "default", std::nullopt, Priority::kNormal,
                                 T("2026-11-27T16:30:00Z"));  // Friday afternoon
  ASSERT_TRUE(due.response_due.has_value());
  EXPECT_EQ(FormatIso8601(FromMillis(*due.response_due)), "2026-11-30T17:00:00Z");
  // An unknown policy (a customer's stale setting) runs on the default one.
  EXPECT_EQ(
      InitialDueTimes(Office(), "gold", std::nullopt, Priority::kHigh, T("2026-11-23T09:00:00Z")),
      InitialDueTimes(Office(), "default", std::nullopt, Priority::kHigh,
                      T("2026-11-23T09:00:00Z")));
}

// A Bronze contract: "on-call support with 3-hour response" for every
// priority, resolution within 2 business days for normal tickets.
SlaTerms Bronze() {
  SlaTerms terms;
  const SlaTarget three_hours{SlaTarget::Kind::kWorkingTime, hours(3), 0};
  terms.critical.response = three_hours;
  terms.high.response = three_hours;
  terms.normal.response = three_hours;
  terms.normal.resolution = {SlaTarget::Kind::kBusinessDays, hours(0), 2};
  terms.low.response = three_hours;
  return terms;
}

TEST(SlaClockTest, AContractsTermsReplaceThePolicy) {
  // Friday 16:30 on a 08:00–17:00 calendar: 30 minutes on Friday, 2 h 30
  // on Monday → Monday 10:30, whatever the customer's policy says.
  const Timestamp friday = T("2026-11-27T16:30:00Z");
  DueTimes due = InitialDueTimes(Office(), "levels", Bronze(), Priority::kCritical, friday);
  ASSERT_TRUE(due.response_due.has_value());
  EXPECT_EQ(FormatIso8601(FromMillis(*due.response_due)), "2026-11-30T10:30:00Z");
  EXPECT_FALSE(due.resolution_due.has_value());  // best effort: no target
  due = InitialDueTimes(Office(), "levels", Bronze(), Priority::kNormal, friday);
  ASSERT_TRUE(due.resolution_due.has_value());
  EXPECT_EQ(FormatIso8601(FromMillis(*due.resolution_due)), "2026-12-01T17:00:00Z");
  // A priority change recomputes from the ticket's own terms, not the policy.
  Ticket t;
  t.sla_policy = "contract-4";
  t.sla_terms = Bronze();
  t.priority = Priority::kNormal;
  t.created_at = ToMillis(friday);
  DueTimes raised = DueTimesForPriority(Office(), t, Priority::kLow);
  EXPECT_EQ(FormatIso8601(FromMillis(*raised.response_due)), "2026-11-30T10:30:00Z");
  EXPECT_FALSE(raised.resolution_due.has_value());
}

TEST(SlaClockTest, WaitingOnTheCustomerPausesAndShiftsTheTargets) {
  Ticket t = Arrived();
  ASSERT_TRUE(t.response_due.has_value());
  // Monday 10:00: the technician asks the customer to test a fix.
  SlaClock paused =
      ClockAfterStatusChange(Office(), t, TicketStatus::kPendingFix, T("2026-11-23T10:00:00Z"));
  EXPECT_EQ(paused.paused_at, Ms("2026-11-23T10:00:00Z"));
  EXPECT_EQ(paused.response_due, t.response_due);  // nothing moves yet
  EXPECT_EQ(paused.paused_business_ms, 0);

  // Tuesday 10:00: the customer answers. 7 working hours on Monday + 2 on
  // Tuesday were spent waiting; every running target moves by that.
  t.status = TicketStatus::kPendingFix;
  t.paused_at = paused.paused_at;
  SlaClock resumed =
      ClockAfterStatusChange(Office(), t, TicketStatus::kOpen, T("2026-11-24T10:00:00Z"));
  const int64_t waited = std::chrono::milliseconds(hours(9)).count();
  EXPECT_EQ(resumed.paused_business_ms, waited);
  EXPECT_FALSE(resumed.paused_at.has_value());
  EXPECT_EQ(resumed.response_due,
            ToMillis(AddBusinessTime(Office(), FromMillis(*t.response_due), hours(9))));
  EXPECT_FALSE(resumed.closed_at.has_value());
}

TEST(SlaClockTest, ResearchOnOurSideDoesNotPause) {
  Ticket t = Arrived();
  SlaClock c =
      ClockAfterStatusChange(Office(), t, TicketStatus::kHoldResearch, T("2026-11-23T10:00:00Z"));
  EXPECT_FALSE(c.paused_at.has_value());
  EXPECT_EQ(c.response_due, t.response_due);
}

TEST(SlaClockTest, AGivenFirstResponseKeepsItsTarget) {
  Ticket t = Arrived();
  t.resolution_due = Ms("2026-11-25T17:00:00Z");
  t.first_response_at = Ms("2026-11-23T09:30:00Z");
  t.status = TicketStatus::kPendingFix;
  t.paused_at = Ms("2026-11-23T10:00:00Z");
  SlaClock c = ClockAfterStatusChange(Office(), t, TicketStatus::kOpen, T("2026-11-23T12:00:00Z"));
  EXPECT_EQ(c.response_due, t.response_due);
  ASSERT_TRUE(t.resolution_due.has_value());
  EXPECT_GT(*c.resolution_due, *t.resolution_due);  // the resolution target still moves
}

TEST(SlaClockTest, ClosingStopsTheClockForGood) {
  Ticket t = Arrived();
  t.status = TicketStatus::kHoldResolution;
  t.paused_at = Ms("2026-11-23T11:00:00Z");
  SlaClock c =
      ClockAfterStatusChange(Office(), t, TicketStatus::kClosed, T("2026-11-25T11:00:00Z"));
  EXPECT_EQ(c.closed_at, Ms("2026-11-25T11:00:00Z"));
  EXPECT_EQ(c.paused_at, t.paused_at);  // still stopped: no shift
  EXPECT_EQ(c.response_due, t.response_due);
}

TEST(SlaClockTest, PriorityChangeRecomputesFromArrivalPlusTimeWaited) {
  Ticket t = Arrived();
  t.paused_business_ms = std::chrono::milliseconds(hours(1)).count();
  DueTimes high = DueTimesForPriority(Office(), t, Priority::kHigh);
  DueTimes fresh =
      InitialDueTimes(Office(), "default", std::nullopt, Priority::kHigh, FromMillis(t.created_at));
  ASSERT_TRUE(high.response_due && fresh.response_due);
  EXPECT_EQ(*high.response_due,
            ToMillis(AddBusinessTime(Office(), FromMillis(*fresh.response_due), hours(1))));
  // Once answered, the response target is history and stays.
  t.first_response_at = Ms("2026-11-23T09:05:00Z");
  EXPECT_EQ(DueTimesForPriority(Office(), t, Priority::kHigh).response_due, t.response_due);
}

TEST(SlaClockTest, FirstResponseIsLateOnlyAfterItsTarget) {
  Ticket t = Arrived();
  EXPECT_FALSE(FirstResponseLate(t, FromMillis(*t.response_due)));
  EXPECT_TRUE(FirstResponseLate(t, FromMillis(*t.response_due) + minutes(1)));
  t.response_due.reset();
  EXPECT_FALSE(FirstResponseLate(t, T("2030-01-01T00:00:00Z")));
}

}  // namespace
}  // namespace steward::servicedesk
