#include "server/servicedesk/rules/sla_policy.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "server/servicedesk/rules/test_calendar.h"
#include "server/servicedesk/rules/ticket_transitions.h"

namespace steward::servicedesk {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::string Due(std::string_view policy, Priority p, bool response, const char* at) {
  auto targets = TargetsFor(policy, p);
  EXPECT_TRUE(targets.has_value());
  auto due = DueAt(Office(), response ? targets->response : targets->resolution, T(at));
  return due ? FormatIso8601(*due) : "none";
}

TEST(SlaPolicyTest, DefaultPolicyIsTheSpecTable) {
  const char* friday = "2026-11-27T16:30:00Z";
  EXPECT_EQ(Due("default", Priority::kCritical, true, friday), "2026-11-30T08:30:00Z");
  EXPECT_EQ(Due("default", Priority::kHigh, true, friday), "2026-11-30T09:30:00Z");
  EXPECT_EQ(Due("default", Priority::kNormal, true, friday), "2026-11-30T17:00:00Z");
  EXPECT_EQ(Due("default", Priority::kLow, true, friday), "2026-12-01T17:00:00Z");
  EXPECT_EQ(Due("default", Priority::kCritical, false, friday), "none");
}

TEST(SlaPolicyTest, LevelsPolicy) {
  const char* monday = "2026-11-23T09:00:00Z";
  EXPECT_EQ(Due("levels", Priority::kCritical, true, monday), "2026-11-23T09:15:00Z");
  EXPECT_EQ(Due("levels", Priority::kCritical, false, monday), "none");
  EXPECT_EQ(Due("levels", Priority::kHigh, true, monday), "2026-11-23T09:30:00Z");
  EXPECT_EQ(Due("levels", Priority::kHigh, false, monday), "2026-11-24T17:00:00Z");
  EXPECT_EQ(Due("levels", Priority::kLow, true, monday), "2026-11-23T10:00:00Z");
  EXPECT_EQ(Due("levels", Priority::kLow, false, monday), "2026-11-25T17:00:00Z");
  EXPECT_FALSE(TargetsFor("gold", Priority::kLow).has_value());
}

TEST(SlaPolicyTest, PriorityNames) {
  EXPECT_EQ(ParsePriority("high"), Priority::kHigh);
  EXPECT_FALSE(ParsePriority("urgent").has_value());
  EXPECT_EQ(PriorityName(Priority::kLow), "low");
  EXPECT_LT(PriorityRank(Priority::kCritical), PriorityRank(Priority::kNormal));
}

TEST(SlaPolicyTest, EscalationLevelsFireOnceAtTheirShare) {
  const auto& levels = DefaultEscalationLevels();
  EXPECT_TRUE(LevelsDue(levels, minutes(44), hours(1), {}).empty());
  auto due = LevelsDue(levels, minutes(45), hours(1), {});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].level, 1);
  EXPECT_EQ(due[0].notify_role, "service_manager");
  EXPECT_TRUE(LevelsDue(levels, minutes(50), hours(1), {1}).empty());
  due = LevelsDue(levels, minutes(61), hours(1), {1});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].level, 2);
  EXPECT_EQ(LevelsDue(levels, hours(2), hours(1), {}).size(), 2u);
  EXPECT_TRUE(LevelsDue(levels, hours(2), hours(0), {}).empty());
}

TEST(TicketStatusTest, StateMachine) {
  using S = TicketStatus;
  EXPECT_TRUE(CheckTransition(S::kNew, S::kOpen).ok());
  EXPECT_TRUE(CheckTransition(S::kHoldResolution, S::kClosed).ok());
  EXPECT_TRUE(CheckTransition(S::kOpen, S::kRfcSubmitted).ok());
  Status bad = CheckTransition(S::kNew, S::kClosed);
  EXPECT_EQ(bad.code(), StatusCode::kConflict);
  EXPECT_NE(bad.message().find("allowed: open, hold_research, hold_resolution, pending_fix, "
                               "rfc_submitted"),
            std::string::npos)
      << bad.message();
  Status final_state = CheckTransition(S::kClosed, S::kOpen);
  EXPECT_EQ(final_state.code(), StatusCode::kConflict);
  EXPECT_NE(final_state.message().find("closed is final"), std::string::npos);
  EXPECT_FALSE(CheckTransition(S::kOpen, S::kOpen).ok());
  EXPECT_TRUE(PausesSla(S::kHoldResolution));
  EXPECT_TRUE(PausesSla(S::kPendingFix));
  EXPECT_FALSE(PausesSla(S::kHoldResearch));
  EXPECT_EQ(ParseStatus("rfc_submitted"), S::kRfcSubmitted);
  EXPECT_FALSE(ParseStatus("resolved").has_value());
  EXPECT_EQ(AllStatusNames().size(), 7u);
}

}  // namespace
}  // namespace steward::servicedesk
