// What a target's command came to: installed, partial, failed or held from
// the per-package results; failed packages retried up to three commands,
// held ones never; a command the offline device never got goes again
// without counting.
#include "server/deploy/rules/deploy_outcome.h"

#include <gtest/gtest.h>

namespace steward::deploy {
namespace {

const std::vector<PackageVersion> kAsked = {{"openssl", "3.0.15-1~deb12u1"},
                                            {"libssl3", "3.0.15-1~deb12u1"},
                                            {"nginx", "1.22.1-9+deb12u1"}};

PackageResult Result(const char* name, PackageOutcome o) {
  PackageResult r;
  r.name = name;
  r.outcome = o;
  return r;
}

CommandReport Completed(std::vector<PackageResult> results) {
  return {CommandEnd::kCompleted, "", std::move(results)};
}

TEST(DeployOutcomeTest, EveryPackageInIsInstalled) {
  auto v = JudgeTarget(kAsked,
                       Completed({Result("openssl", PackageOutcome::kInstalled),
                                  Result("libssl3", PackageOutcome::kInstalled),
                                  Result("nginx", PackageOutcome::kInstalled)}),
                       1);
  EXPECT_EQ(v.state, TargetState::kInstalled);
  EXPECT_TRUE(v.next_packages.empty());
}

TEST(DeployOutcomeTest, FailedPackagesAloneAreRetriedInTheNextWindow) {
  auto v = JudgeTarget(kAsked,
                       Completed({Result("openssl", PackageOutcome::kInstalled),
                                  Result("libssl3", PackageOutcome::kInstalled),
                                  Result("nginx", PackageOutcome::kFailed)}),
                       1);
  EXPECT_EQ(v.state, TargetState::kWaiting);
  ASSERT_EQ(v.next_packages.size(), 1u);
  EXPECT_EQ(v.next_packages[0].name, "nginx");
  EXPECT_TRUE(v.counts_as_attempt);
  EXPECT_EQ(v.reason, "2 installed, 1 package failed; retried in its next window (attempt 2 of 3)");
}

TEST(DeployOutcomeTest, APackageWithoutAResultCountsAsFailed) {
  auto v = JudgeTarget(kAsked,
                       Completed({Result("openssl", PackageOutcome::kInstalled),
                                  Result("libssl3", PackageOutcome::kInstalled)}),
                       1);
  ASSERT_EQ(v.next_packages.size(), 1u);
  EXPECT_EQ(v.next_packages[0].name, "nginx");
}

TEST(DeployOutcomeTest, AfterThreeCommandsWhatStillFailsIsFinal) {
  auto partial = JudgeTarget(kAsked,
                             Completed({Result("openssl", PackageOutcome::kInstalled),
                                        Result("libssl3", PackageOutcome::kHeld),
                                        Result("nginx", PackageOutcome::kFailed)}),
                             3);
  EXPECT_EQ(partial.state, TargetState::kPartial);
  EXPECT_TRUE(partial.next_packages.empty());
  EXPECT_EQ(partial.reason, "1 installed, 1 failed, 1 held");
  auto failed = JudgeTarget({kAsked[2]}, Completed({Result("nginx", PackageOutcome::kFailed)}), 3);
  EXPECT_EQ(failed.state, TargetState::kFailed);
  EXPECT_EQ(failed.reason, "1 failed after 3 commands");
}

TEST(DeployOutcomeTest, HeldPackagesWaitForAPersonAndAreNeverRetried) {
  auto v = JudgeTarget({kAsked[2]}, Completed({Result("nginx", PackageOutcome::kHeld)}), 1);
  EXPECT_EQ(v.state, TargetState::kHeld);
  EXPECT_TRUE(v.next_packages.empty());
  auto mixed = JudgeTarget({kAsked[0], kAsked[2]},
                           Completed({Result("openssl", PackageOutcome::kInstalled),
                                      Result("nginx", PackageOutcome::kHeld)}),
                           1);
  EXPECT_EQ(mixed.state, TargetState::kPartial);
}

TEST(DeployOutcomeTest, AnOfflineDeviceGetsItInTheNextWindowWithoutUsingARetry) {
  auto v = JudgeTarget(kAsked, {CommandEnd::kExpired, "", {}}, 3);
  EXPECT_EQ(v.state, TargetState::kWaiting);
  EXPECT_FALSE(v.counts_as_attempt);
  EXPECT_EQ(v.next_packages, kAsked);
  auto late = JudgeTarget(kAsked, {CommandEnd::kRefused, "expired", {}}, 1);
  EXPECT_EQ(late.state, TargetState::kWaiting);
  EXPECT_FALSE(late.counts_as_attempt);
}

TEST(DeployOutcomeTest, ARefusalForAnyOtherReasonNeedsAPerson) {
  auto v = JudgeTarget(kAsked, {CommandEnd::kRefused, "commands_disabled", {}}, 1);
  EXPECT_EQ(v.state, TargetState::kFailed);
  EXPECT_EQ(v.reason, "the agent refused the command: commands_disabled");
}

TEST(DeployOutcomeTest, ACommandFailingWithoutResultsIsRetriedThenFails) {
  auto again = JudgeTarget(kAsked, {CommandEnd::kFailed, "", {}}, 2);
  EXPECT_EQ(again.state, TargetState::kWaiting);
  EXPECT_EQ(again.next_packages, kAsked);
  auto done = JudgeTarget(kAsked, {CommandEnd::kFailed, "", {}}, 3);
  EXPECT_EQ(done.state, TargetState::kFailed);
  EXPECT_NE(done.reason.find("no retries left"), std::string::npos);
}

TEST(DeployOutcomeTest, PendingStaysSent) {
  EXPECT_EQ(JudgeTarget(kAsked, {CommandEnd::kPending, "", {}}, 1).state, TargetState::kSent);
}

TEST(DeployOutcomeTest, NamesRoundTrip) {
  for (TargetState s :
       {TargetState::kWaiting, TargetState::kSent, TargetState::kInstalled, TargetState::kPartial,
        TargetState::kFailed, TargetState::kHeld, TargetState::kSkipped}) {
    EXPECT_EQ(ParseTargetState(TargetStateName(s)), s);
  }
  for (Reboot r : {Reboot::kNever, Reboot::kIfRequired, Reboot::kAlways}) {
    EXPECT_EQ(ParseReboot(RebootName(r)), r);
  }
  EXPECT_EQ(ParseMissedWindow("when_online"), MissedWindow::kWhenOnline);
  EXPECT_FALSE(ParseMissedWindow("whenever"));
  EXPECT_FALSE(ParseTargetState("done"));
  EXPECT_TRUE(IsFinal(TargetState::kHeld));
  EXPECT_FALSE(IsFinal(TargetState::kSent));
}

}  // namespace
}  // namespace steward::deploy
