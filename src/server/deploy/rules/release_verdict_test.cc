#include "server/deploy/rules/release_verdict.h"

#include <gtest/gtest.h>

namespace steward::deploy {
namespace {

using std::chrono::hours;

const Timestamp kNow = FromMillis(1795000000000);

Target T(TargetState s, std::string name = "test01") {
  Target t;
  t.device_name = std::move(name);
  t.state = s;
  return t;
}

TEST(ReleaseVerdict, TestingWaitsForTheTestDeploymentToEnd) {
  ReleaseFacts f;
  f.targets = {T(TargetState::kInstalled), T(TargetState::kSent, "test02")};
  EXPECT_EQ(JudgeRelease(f, kNow).status, ReleaseStatus::kTesting);
}

TEST(ReleaseVerdict, EveryTestDeviceInstalledStartsTheSoak) {
  ReleaseFacts f;
  f.deployment_done = true;
  f.soak_hours = 24;
  f.targets = {T(TargetState::kInstalled), T(TargetState::kInstalled, "test02")};
  ReleaseStep s = JudgeRelease(f, kNow);
  EXPECT_EQ(s.status, ReleaseStatus::kSoaking);
  EXPECT_EQ(s.soak_started_at, kNow);
  EXPECT_EQ(s.soak_ends_at, kNow + hours(24));
}

TEST(ReleaseVerdict, AnyTestDeviceNotInstalledFailsItNamingTheDevice) {
  for (TargetState bad : {TargetState::kFailed, TargetState::kPartial, TargetState::kHeld}) {
    ReleaseFacts f;
    f.deployment_done = true;
    f.targets = {T(TargetState::kInstalled), T(bad, "test02")};
    ReleaseStep s = JudgeRelease(f, kNow);
    EXPECT_EQ(s.status, ReleaseStatus::kFailed);
    EXPECT_NE(s.reason.find("test02 (" + std::string(TargetStateName(bad)) + ")"),
              std::string::npos)
        << s.reason;
  }
  ReleaseFacts none;
  none.deployment_done = true;
  EXPECT_EQ(JudgeRelease(none, kNow).status, ReleaseStatus::kFailed);
}

TEST(ReleaseVerdict, AnIncidentDuringTheSoakFailsItAndAQuietSoakPasses) {
  ReleaseFacts f;
  f.status = ReleaseStatus::kSoaking;
  f.soak_ends_at = kNow + hours(1);
  EXPECT_EQ(JudgeRelease(f, kNow).status, ReleaseStatus::kSoaking);
  EXPECT_EQ(JudgeRelease(f, kNow + hours(1)).status, ReleaseStatus::kPassed);
  f.incidents = {"ticket #7"};
  ReleaseStep s = JudgeRelease(f, kNow + hours(2));
  EXPECT_EQ(s.status, ReleaseStatus::kFailed) << "an incident fails it even at the end";
  EXPECT_NE(s.reason.find("ticket #7"), std::string::npos);
}

TEST(ReleaseVerdict, OnlyAPassedNewestReleaseLetsTheChangeBeApproved) {
  EXPECT_EQ(ApprovalHold(std::nullopt), "");
  Release r;
  r.id = 3;
  r.status = ReleaseStatus::kPassed;
  EXPECT_EQ(ApprovalHold(r), "");
  for (ReleaseStatus s :
       {ReleaseStatus::kTesting, ReleaseStatus::kSoaking, ReleaseStatus::kFailed}) {
    r.status = s;
    EXPECT_NE(ApprovalHold(r).find("release 3"), std::string::npos) << ReleaseStatusName(s);
  }
}

}  // namespace
}  // namespace steward::deploy
