#include "server/monitoring/evaluator.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::monitoring {
namespace {

const Timestamp kT0 = *ParseIso8601("2026-11-23T09:00:00Z");

Sample At(std::string_view metric, int seconds, double value,
          std::map<std::string, std::string> labels = {}) {
  return Sample{1, std::string(metric), kT0 + std::chrono::seconds(seconds), value,
                std::move(labels)};
}

// Feeds samples in order; returns the transition of each.
std::vector<Transition> Feed(const Policy& p, Condition c, WindowState& st,
                             const std::vector<Sample>& samples) {
  std::vector<Transition> out;
  for (const Sample& s : samples) {
    Step step = EvaluateSample(p, c, st, s);
    st = step.state;
    out.push_back(step.transition);
  }
  return out;
}

TEST(EvaluatorTest, CpuFiresExactlyAtTheSampleCompletingFiveMinutes) {
  Policy p;
  WindowState st;
  for (int i = 0; i < 5; ++i) {
    Step step = EvaluateSample(p, Condition::kCpuHigh, st, At(kCpuUsedPercent, i * 60, 95));
    EXPECT_EQ(step.transition, Transition::kNone) << "minute " << i;
    st = step.state;
  }
  EXPECT_FALSE(st.firing);
  Step fifth = EvaluateSample(p, Condition::kCpuHigh, st, At(kCpuUsedPercent, 300, 95));
  EXPECT_EQ(fifth.transition, Transition::kRaised);
  EXPECT_TRUE(fifth.state.firing);
  EXPECT_NE(fifth.state.message.find("for 5 minutes"), std::string::npos);
  // One second short of five minutes is not enough.
  WindowState st2;
  Feed(p, Condition::kCpuHigh, st2, {At(kCpuUsedPercent, 0, 95)});
  EXPECT_EQ(EvaluateSample(p, Condition::kCpuHigh, st2, At(kCpuUsedPercent, 299, 95)).transition,
            Transition::kNone);
}

TEST(EvaluatorTest, ADipBelowTheThresholdRestartsTheWindow) {
  Policy p;
  WindowState st;
  auto t = Feed(
      p, Condition::kCpuHigh, st,
      {At(kCpuUsedPercent, 0, 95), At(kCpuUsedPercent, 60, 95),
       At(kCpuUsedPercent, 120, 90),  // exactly 90 is not above 90
       At(kCpuUsedPercent, 180, 95), At(kCpuUsedPercent, 240, 95), At(kCpuUsedPercent, 300, 95),
       At(kCpuUsedPercent, 360, 95), At(kCpuUsedPercent, 420, 95)});
  EXPECT_EQ(t.back(), Transition::kNone);
  EXPECT_EQ(EvaluateSample(p, Condition::kCpuHigh, st, At(kCpuUsedPercent, 480, 95)).transition,
            Transition::kRaised);
}

TEST(EvaluatorTest, AHoleInTheSamplesRestartsTheWindow) {
  Policy p;  // max gap 180 s
  WindowState st;
  auto t = Feed(p, Condition::kCpuHigh, st,
                {At(kCpuUsedPercent, 0, 95), At(kCpuUsedPercent, 60, 95),
                 At(kCpuUsedPercent, 300, 95)});  // 4 minutes of silence
  EXPECT_EQ(t.back(), Transition::kNone);
  EXPECT_EQ(st.run_start_ms, ToMillis(kT0 + std::chrono::seconds(300)));
}

TEST(EvaluatorTest, HysteresisKeepsTheAlertUntilBelowTheClearLevel) {
  Policy p;  // alert > 90, clear <= 85
  p.cpu_minutes = 0;
  WindowState st;
  auto t = Feed(p, Condition::kCpuHigh, st,
                {At(kCpuUsedPercent, 0, 95), At(kCpuUsedPercent, 60, 88),
                 At(kCpuUsedPercent, 120, 86), At(kCpuUsedPercent, 180, 85)});
  EXPECT_EQ(t, (std::vector<Transition>{Transition::kRaised, Transition::kNone, Transition::kNone,
                                        Transition::kCleared}));
  EXPECT_FALSE(st.firing);
}

TEST(EvaluatorTest, LateSamplesAreNotEvaluated) {
  Policy p;
  p.cpu_minutes = 0;
  WindowState st;
  Feed(p, Condition::kCpuHigh, st, {At(kCpuUsedPercent, 120, 10)});
  Step late = EvaluateSample(p, Condition::kCpuHigh, st, At(kCpuUsedPercent, 60, 99));
  EXPECT_EQ(late.transition, Transition::kNone);
  EXPECT_EQ(late.state, st);
}

TEST(EvaluatorTest, MemoryAndVolumes) {
  Policy p;
  WindowState mem;
  EXPECT_EQ(Feed(p, Condition::kMemoryHigh, mem, {At(kMemoryUsedPercent, 0, 80)})[0],
            Transition::kNone);
  EXPECT_EQ(Feed(p, Condition::kMemoryHigh, mem, {At(kMemoryUsedPercent, 60, 80.5)})[0],
            Transition::kRaised);

  const double gb = 1024.0 * 1024 * 1024;
  WindowState sys;
  std::map<std::string, std::string> root = {{"mount", "/"}, {"system", "true"}};
  auto t =
      Feed(p, Condition::kSystemVolumeLow, sys,
           {At(kVolumeFreeBytes, 0, 3 * gb, root), At(kVolumeFreeBytes, 60, 1.5 * gb, root),
            At(kVolumeFreeBytes, 120, 2.2 * gb, root), At(kVolumeFreeBytes, 180, 2.6 * gb, root)});
  EXPECT_EQ(t, (std::vector<Transition>{Transition::kNone, Transition::kRaised, Transition::kNone,
                                        Transition::kCleared}));

  WindowState data;
  std::map<std::string, std::string> d = {{"mount", "/srv"}};
  auto u = Feed(p, Condition::kDataVolumeLow, data,
                {At(kVolumeFreePercent, 0, 9.5, d), At(kVolumeFreePercent, 60, 12, d)});
  EXPECT_EQ(u, (std::vector<Transition>{Transition::kRaised, Transition::kCleared}));
  EXPECT_EQ(ConditionForSample(At(kVolumeFreePercent, 0, 5, d)), Condition::kDataVolumeLow);
  EXPECT_EQ(ConditionForSample(At(kVolumeFreePercent, 0, 5, root)), std::nullopt);
  EXPECT_EQ(ConditionForSample(At(kVolumeFreeBytes, 0, 5, d)), std::nullopt);
}

TEST(EvaluatorTest, EventLogSeverityAndQuietResolution) {
  Policy p;
  WindowState st;
  auto t = Feed(p, Condition::kEventLog, st,
                {At(kEventLog, 0, 6, {{"message", "info"}}),
                 At(kEventLog, 10, 4, {{"message", "disk warning"}}),
                 At(kEventLog, 20, 2, {{"message", "kernel panic"}})});
  EXPECT_EQ(t,
            (std::vector<Transition>{Transition::kNone, Transition::kRaised, Transition::kRaised}));
  EXPECT_EQ(st.severity, Severity::kCritical);
  EXPECT_NE(st.message.find("kernel panic"), std::string::npos);
  int64_t last = ToMillis(kT0 + std::chrono::seconds(20));
  EXPECT_EQ(EvaluateTime(p, Condition::kEventLog, st, last + 59 * 60'000).transition,
            Transition::kNone);
  Step quiet = EvaluateTime(p, Condition::kEventLog, st, last + 60 * 60'000);
  EXPECT_EQ(quiet.transition, Transition::kCleared);
  EXPECT_FALSE(quiet.state.firing);

  WindowState warn;
  Feed(p, Condition::kEventLog, warn, {At(kEventLog, 0, 4)});
  EXPECT_EQ(warn.severity, Severity::kWarning);
}

TEST(EvaluatorTest, BackupFailureAndMissingReport) {
  Policy p;  // 26 hours
  WindowState st;
  auto t = Feed(p, Condition::kBackupFailed, st,
                {At(kBackupSuccess, 0, 1), At(kBackupSuccess, 60, 0), At(kBackupSuccess, 120, 1)});
  EXPECT_EQ(
      t, (std::vector<Transition>{Transition::kNone, Transition::kRaised, Transition::kCleared}));
  int64_t last = ToMillis(kT0 + std::chrono::seconds(120));
  EXPECT_EQ(EvaluateTime(p, Condition::kBackupFailed, st, last + 26 * 3600'000).transition,
            Transition::kNone);
  Step stale = EvaluateTime(p, Condition::kBackupFailed, st, last + 26 * 3600'000 + 1);
  EXPECT_EQ(stale.transition, Transition::kRaised);
  EXPECT_NE(stale.state.message.find("no backup report"), std::string::npos);
  // Raised once, not again on every job run.
  EXPECT_EQ(EvaluateTime(p, Condition::kBackupFailed, stale.state, last + 30 * 3600'000).transition,
            Transition::kNone);
}

TEST(EvaluatorTest, UpsAndVirus) {
  Policy p;
  WindowState ups;
  auto t = Feed(p, Condition::kUps, ups,
                {At(kUpsStatus, 0, 0), At(kUpsStatus, 60, 1), At(kUpsStatus, 120, 1),
                 At(kUpsStatus, 180, 2), At(kUpsStatus, 240, 0)});
  EXPECT_EQ(t, (std::vector<Transition>{Transition::kNone, Transition::kRaised, Transition::kNone,
                                        Transition::kRaised, Transition::kCleared}));
  WindowState av;
  auto v = Feed(p, Condition::kVirus, av,
                {At(kAvDetections, 0, 0), At(kAvDetections, 60, 2), At(kAvDetections, 120, 0)});
  EXPECT_EQ(
      v, (std::vector<Transition>{Transition::kNone, Transition::kRaised, Transition::kCleared}));
}

TEST(EvaluatorTest, OfflineAfterMissedCheckins) {
  Policy p;  // 60 s × 5
  EXPECT_FALSE(IsOffline(p, 0, 300'000));
  EXPECT_TRUE(IsOffline(p, 0, 300'001));
}

TEST(EvaluatorTest, StateSurvivesJson) {
  Policy p;
  WindowState st;
  Feed(p, Condition::kCpuHigh, st, {At(kCpuUsedPercent, 0, 95), At(kCpuUsedPercent, 60, 95)});
  auto back = WindowState::FromJson(Json::parse(st.ToJson().dump()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, st);
  EXPECT_FALSE(WindowState::FromJson(Json::parse("{\"firing\":1}")).ok());
}

}  // namespace
}  // namespace steward::monitoring

namespace steward::monitoring {
namespace {

TEST(ConditionsTest, SeriesKeysIgnoreTheMessageAndCannotCollide) {
  EXPECT_EQ(SeriesKey({}), "");
  EXPECT_EQ(SeriesKey({{"message", "x"}}), "");
  EXPECT_EQ(SeriesKey({{"mount", "/"}, {"message", "a"}}), SeriesKey({{"mount", "/"}}));
  // A value that looks like a separator does not merge two series.
  EXPECT_NE(SeriesKey({{"a", "1,b=2"}}), SeriesKey({{"a", "1"}, {"b", "2"}}));
  for (Condition c : AllConditions()) EXPECT_EQ(ParseCondition(ConditionName(c)), c);
  EXPECT_EQ(ParseCondition("fire"), std::nullopt);
}

}  // namespace
}  // namespace steward::monitoring
