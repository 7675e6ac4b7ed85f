// The SLA job's decision for one ticket: breaches once a running target has
// passed, escalation levels at their share of the SLA time, nothing while
// waiting on the customer, and auto-close of an unanswered resolution.
#include "server/servicedesk/rules/sla_watch.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/servicedesk/rules/test_calendar.h"

namespace steward::servicedesk {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// Monday 09:00, response due at 13:00 (4 working hours), resolution due
// Tuesday 17:00.
Ticket Running() {
  Ticket t;
  t.id = 3;
  t.status = TicketStatus::kOpen;
  t.created_at = Ms("2026-11-23T09:00:00Z");
  t.response_due = Ms("2026-11-23T13:00:00Z");
  t.resolution_due = Ms("2026-11-24T17:00:00Z");
  return t;
}

SlaWatchDecision At(const Ticket& t, const char* now, std::vector<int> fired = {},
                    std::optional<int64_t> last_reply = std::nullopt) {
  SlaWatchInput in{t, Office(), T(now), DefaultEscalationLevels()};
  in.fired_levels = std::move(fired);
  in.last_customer_reply_at = last_reply;
  return WatchSla(in);
}

std::vector<int> Levels(const SlaWatchDecision& d) {
  std::vector<int> out;
  for (const auto& l : d.escalate) out.push_back(l.level);
  return out;
}

TEST(SlaWatchTest, EarlyInTheTargetNothingHappens) {
  SlaWatchDecision d = At(Running(), "2026-11-23T10:00:00Z");  // 25 % of 4 h
  EXPECT_TRUE(d.breaches.empty());
  EXPECT_TRUE(d.escalate.empty());
  EXPECT_FALSE(d.auto_close);
  EXPECT_EQ(d.escalation_due, Ms("2026-11-23T13:00:00Z"));
}

TEST(SlaWatchTest, LevelsFireAtTheirShareOnce) {
  // 75 % of the response time: service managers.
  EXPECT_EQ(Levels(At(Running(), "2026-11-23T12:00:00Z")), (std::vector<int>{1}));
  // Level 1 already fired: at 100 % only the owner's level remains.
  SlaWatchDecision d = At(Running(), "2026-11-23T13:00:00Z", {1});
  EXPECT_EQ(Levels(d), (std::vector<int>{2}));
  EXPECT_EQ(d.breaches, (std::vector<DueBreach>{{"response", Ms("2026-11-23T13:00:00Z")}}));
  // Both fired: nothing more.
  EXPECT_TRUE(At(Running(), "2026-11-23T16:00:00Z", {1, 2}).escalate.empty());
}

TEST(SlaWatchTest, AfterTheFirstResponseTheResolutionRuns) {
  Ticket t = Running();
  t.first_response_at = Ms("2026-11-23T09:30:00Z");
  SlaWatchDecision d = At(t, "2026-11-23T13:30:00Z");
  EXPECT_TRUE(d.breaches.empty());  // the response target no longer counts
  EXPECT_EQ(d.escalation_due, t.resolution_due);
  d = At(t, "2026-11-25T09:00:00Z", {1, 2});
  EXPECT_EQ(d.breaches, (std::vector<DueBreach>{{"resolution", *t.resolution_due}}));
}

TEST(SlaWatchTest, WaitingOnTheCustomerNeitherBreachesNorEscalates) {
  Ticket t = Running();
  t.status = TicketStatus::kPendingFix;
  t.paused_at = Ms("2026-11-23T10:00:00Z");
  SlaWatchDecision d = At(t, "2026-11-30T10:00:00Z");  // long past every target
  EXPECT_TRUE(d.breaches.empty());
  EXPECT_TRUE(d.escalate.empty());
  EXPECT_FALSE(d.auto_close);  // pending_fix never closes itself
}

TEST(SlaWatchTest, AnUnansweredResolutionClosesAfterFiveBusinessDays) {
  Ticket t = Running();
  t.status = TicketStatus::kHoldResolution;
  t.resolution = "Replaced the toner";
  t.paused_at = Ms("2026-11-23T10:00:00Z");  // Monday
  t.resolved_at = t.paused_at;
  // The end of the fifth business day after Monday's: the next Monday, 17:00.
  EXPECT_FALSE(At(t, "2026-11-27T16:00:00Z").auto_close);
  EXPECT_FALSE(At(t, "2026-11-30T16:59:00Z").auto_close);
  EXPECT_TRUE(At(t, "2026-11-30T17:00:00Z").auto_close);
  // The customer wrote on Wednesday: five business days from then (Wednesday 17:00).
  const int64_t wednesday = Ms("2026-11-25T12:00:00Z");
  EXPECT_FALSE(At(t, "2026-11-30T09:00:00Z", {}, wednesday).auto_close);
  EXPECT_TRUE(At(t, "2026-12-03T09:00:00Z", {}, wednesday).auto_close);
}

TEST(SlaWatchTest, ClosedTicketsAreLeftAlone) {
  Ticket t = Running();
  t.status = TicketStatus::kClosed;
  SlaWatchDecision d = At(t, "2026-12-30T10:00:00Z");
  EXPECT_TRUE(d.breaches.empty());
  EXPECT_TRUE(d.escalate.empty());
  EXPECT_FALSE(d.auto_close);
}

}  // namespace
}  // namespace steward::servicedesk
