// When a target's command goes out: inside the device's window with the
// window's end as its expiry, else at the next window's start with the
// reason; unrestricted without windows; a missed window goes as soon as the
// device is back online only when the deployment says so.
#include "server/deploy/rules/deploy_timing.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::deploy {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

patching::DeviceWindows Windows(bool in_window, std::optional<patching::WindowOccurrence> next) {
  patching::DeviceWindows w;
  w.level = patching::WindowLevel::kCustomer;
  w.time_zone = "Europe/Berlin";
  w.in_window = in_window;
  w.next = next;
  return w;
}

TEST(DeployTimingTest, InsideTheWindowItGoesNowAndExpiresAtTheWindowsEnd) {
  const auto w = Windows(
      true, patching::WindowOccurrence{1, At("2026-12-05T21:00:00Z"), At("2026-12-06T01:00:00Z")});
  const SendDecision d = DecideSend({&w, At("2026-12-05T22:00:00Z")});
  EXPECT_TRUE(d.send);
  EXPECT_EQ(d.not_before, At("2026-12-05T22:00:00Z"));
  EXPECT_EQ(d.expires_at, At("2026-12-06T01:00:00Z"));
  EXPECT_NE(d.reason.find("inside its change window"), std::string::npos);
}

TEST(DeployTimingTest, OutsideTheWindowItWaitsForTheNextOneAndSaysSo) {
  const auto w = Windows(
      false, patching::WindowOccurrence{1, At("2026-12-12T21:00:00Z"), At("2026-12-13T01:00:00Z")});
  const SendDecision d = DecideSend({&w, At("2026-12-07T09:00:00Z")});
  EXPECT_FALSE(d.send);
  EXPECT_EQ(d.wait_until, At("2026-12-12T21:00:00Z"));
  EXPECT_EQ(d.reason,
            "outside its change window; its next change window opens 2026-12-12T21:00:00Z");
}

TEST(DeployTimingTest, AWindowClosingWithinFifteenMinutesIsNotStarted) {
  const auto w = Windows(
      true, patching::WindowOccurrence{1, At("2026-12-05T21:00:00Z"), At("2026-12-06T01:00:00Z")});
  const SendDecision d = DecideSend({&w, At("2026-12-06T00:50:00Z")});
  EXPECT_FALSE(d.send);
  EXPECT_EQ(d.wait_until, At("2026-12-06T01:00:00Z"));
  // Exactly fifteen minutes left still goes.
  EXPECT_TRUE(DecideSend({&w, At("2026-12-06T00:45:00Z")}).send);
}

TEST(DeployTimingTest, NoWindowAnywhereMeansUnrestricted) {
  patching::DeviceWindows none;
  const SendDecision d = DecideSend({&none, At("2026-12-07T09:00:00Z")});
  EXPECT_TRUE(d.send);
  EXPECT_EQ(d.expires_at, At("2026-12-07T09:00:00Z") + kUnrestrictedValidity);
}

TEST(DeployTimingTest, WindowsThatNeverOccurAgainHoldItWithTheReason) {
  const auto w = Windows(false, std::nullopt);
  const SendDecision d = DecideSend({&w, At("2026-12-07T09:00:00Z")});
  EXPECT_FALSE(d.send);
  EXPECT_FALSE(d.wait_until);
  EXPECT_NE(d.reason.find("none of its change windows occurs again"), std::string::npos);
}

TEST(DeployTimingTest, AMissedWindowGoesWhenOnlineOnlyIfTheDeploymentSaysSo) {
  const auto w = Windows(
      false, patching::WindowOccurrence{1, At("2026-12-12T21:00:00Z"), At("2026-12-13T01:00:00Z")});
  TimingInput in{&w, At("2026-12-07T09:00:00Z"), MissedWindow::kWhenOnline, true, true};
  SendDecision d = DecideSend(in);
  EXPECT_TRUE(d.send);
  EXPECT_EQ(d.expires_at, in.now + kUnrestrictedValidity);
  EXPECT_NE(d.reason.find("as soon as it came back online"), std::string::npos);
  in.online = false;  // still away: wait, and say for what
  d = DecideSend(in);
  EXPECT_FALSE(d.send);
  EXPECT_EQ(d.reason,
            "missed its window while offline: it goes as soon as the device is back online, or "
            "in its next window; its next change window opens 2026-12-12T21:00:00Z");
  in.online = true;
  in.missed_window = MissedWindow::kNextWindow;  // the deployment waits for windows
  EXPECT_FALSE(DecideSend(in).send);
  in.missed_window = MissedWindow::kWhenOnline;
  in.missed_last_window = false;  // nothing missed: the window rules
  EXPECT_FALSE(DecideSend(in).send);
}

}  // namespace
}  // namespace steward::deploy
