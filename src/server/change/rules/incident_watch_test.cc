// The spike rule: a Poisson 3σ bound over the baseline's rate for the span
// watched so far, at least three incidents; the watch's states.
#include "server/change/rules/incident_watch.h"

#include <gtest/gtest.h>

namespace steward::change {
namespace {

using std::chrono::hours;

WatchCounts Counts(int64_t baseline, int64_t observed, hours watched) {
  return {baseline, observed, std::chrono::duration_cast<std::chrono::milliseconds>(watched)};
}

TEST(IncidentWatchTest, AQuietServerNeedsThreeIncidentsToSpike) {
  EXPECT_DOUBLE_EQ(JudgeIncidents(Counts(0, 0, hours(72))).expected, 0.0);
  EXPECT_EQ(JudgeIncidents(Counts(0, 2, hours(72))).threshold, 3);
  EXPECT_FALSE(JudgeIncidents(Counts(0, 2, hours(72))).spike);
  EXPECT_TRUE(JudgeIncidents(Counts(0, 3, hours(2))).spike);
}

TEST(IncidentWatchTest, TheBaselineRateIsScaledToTheSpanWatched) {
  // 28 incidents in 28 days is one a day: 3 expected over 72 hours,
  // 3 + 3·√3 = 8.2, so 9 is a spike and 8 is not.
  SpikeVerdict full = JudgeIncidents(Counts(28, 8, hours(72)));
  EXPECT_DOUBLE_EQ(full.expected, 3.0);
  EXPECT_EQ(full.threshold, 9);
  EXPECT_FALSE(full.spike);
  EXPECT_TRUE(JudgeIncidents(Counts(28, 9, hours(72))).spike);
  // After 24 hours one is expected: 1 + 3 = 4, so 5 spikes already.
  SpikeVerdict day = JudgeIncidents(Counts(28, 5, hours(24)));
  EXPECT_DOUBLE_EQ(day.expected, 1.0);
  EXPECT_EQ(day.threshold, 5);
  EXPECT_TRUE(day.spike);
}

TEST(IncidentWatchTest, ABusyServerNeedsManyMore) {
  // 280 in 28 days: 30 expected in 72 h; 30 + 3·√30 = 46.4.
  EXPECT_EQ(JudgeIncidents(Counts(280, 46, hours(72))).threshold, 47);
  EXPECT_FALSE(JudgeIncidents(Counts(280, 46, hours(72))).spike);
}

TEST(IncidentWatchTest, TheSpanIsClampedToTheWatch) {
  // Checked late (the server was down): the span stops at 72 hours.
  EXPECT_DOUBLE_EQ(JudgeIncidents(Counts(28, 0, hours(500))).expected, 3.0);
  EXPECT_DOUBLE_EQ(JudgeIncidents(Counts(28, 0, hours(-5))).expected, 0.0);
}

TEST(IncidentWatchTest, StatesMoveOnceAndStay) {
  const Timestamp ends = FromMillis(1'000'000);
  const SpikeVerdict calm{1.0, 5, false};
  const SpikeVerdict spike{1.0, 5, true};
  EXPECT_EQ(NextWatchState(WatchState::kWatching, calm, ends - hours(1), ends),
            WatchState::kWatching);
  EXPECT_EQ(NextWatchState(WatchState::kWatching, calm, ends, ends), WatchState::kQuiet);
  EXPECT_EQ(NextWatchState(WatchState::kWatching, spike, ends + hours(1), ends),
            WatchState::kSpike);
  EXPECT_EQ(NextWatchState(WatchState::kQuiet, spike, ends, ends), WatchState::kQuiet);
  EXPECT_EQ(NextWatchState(WatchState::kSpike, calm, ends, ends), WatchState::kSpike);
}

TEST(IncidentWatchTest, StateNamesRoundTrip) {
  for (WatchState s : {WatchState::kWatching, WatchState::kQuiet, WatchState::kSpike}) {
    EXPECT_EQ(ParseWatchState(WatchStateName(s)), s);
  }
  EXPECT_FALSE(ParseWatchState("calm"));
}

}  // namespace
}  // namespace steward::change
