#include "server/deploy/rules/reboot_watch.h"

#include <gtest/gtest.h>

namespace steward::deploy {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kResult = FromMillis(1795000000000);

TEST(RebootWatch, OnlyAScheduledRebootIsWatchedFor15Minutes) {
  EXPECT_FALSE(StartRebootWatch(false, kResult));
  auto start = StartRebootWatch(true, kResult);
  ASSERT_TRUE(start);
  EXPECT_EQ(start->since, kResult);
  EXPECT_EQ(start->deadline, kResult + minutes(15));
}

TEST(RebootWatch, TheConnectionBeforeTheRebootIsNotTheDeviceComingBack) {
  const Timestamp deadline = kResult + minutes(15);
  // Connected an hour before the result: still rebooting, then overdue.
  const Timestamp before = kResult - minutes(60);
  EXPECT_EQ(WatchReboot(RebootState::kRebooting, kResult, deadline, before, kResult + minutes(5)),
            RebootState::kRebooting);
  EXPECT_EQ(WatchReboot(RebootState::kRebooting, kResult, deadline, before, deadline - seconds(1)),
            RebootState::kRebooting);
  EXPECT_EQ(WatchReboot(RebootState::kRebooting, kResult, deadline, before, deadline),
            RebootState::kOverdue);
  EXPECT_EQ(
      WatchReboot(RebootState::kRebooting, kResult, deadline, std::nullopt, deadline + minutes(1)),
      RebootState::kOverdue);
}

TEST(RebootWatch, AConnectionAfterTheResultIsBackEvenWhenOverdue) {
  const Timestamp deadline = kResult + minutes(15);
  EXPECT_EQ(WatchReboot(RebootState::kRebooting, kResult, deadline, kResult + minutes(3),
                        kResult + minutes(4)),
            RebootState::kBack);
  EXPECT_EQ(WatchReboot(RebootState::kOverdue, kResult, deadline, kResult + minutes(40),
                        kResult + minutes(41)),
            RebootState::kBack);
  EXPECT_EQ(WatchReboot(RebootState::kOverdue, kResult, deadline, kResult - minutes(1),
                        kResult + minutes(41)),
            RebootState::kOverdue);
}

TEST(RebootWatch, TargetsWithoutAWatchStayAsTheyAre) {
  for (RebootState s : {RebootState::kNone, RebootState::kBack}) {
    EXPECT_EQ(WatchReboot(s, kResult, kResult + minutes(15), std::nullopt, kResult + minutes(60)),
              s);
  }
}

}  // namespace
}  // namespace steward::deploy
