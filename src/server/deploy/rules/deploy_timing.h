// When a target's signed command goes out (issue 14 item 7: "in each
// device's next window, refused outside it with the reason; 'as soon as it
// is back online' for a missed window"). The command's validity is the
// window itself — not_before at the window's start, expiry at its end — so
// the agent refuses it outside the window even if it arrives late; a device
// with no window anywhere is not restricted. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"
#include "server/deploy/model/deployment.h"
#include "server/patching/model/change_window.h"

namespace steward::deploy {

// How long an unrestricted device's command (and a missed window's catch-up)
// stays valid: long enough for a slow apt run, short enough not to surprise.
inline constexpr std::chrono::hours kUnrestrictedValidity{1};
// Less than this left of an open window: wait for the next one rather than
// start an install that the window's end would cut off.
inline constexpr std::chrono::minutes kMinWindowLeft{15};

struct SendDecision {
  bool send = false;
  Timestamp not_before{};
  Timestamp expires_at{};
  // Not sent: when to look again (the next window's start); none when no
  // window will ever open.
  std::optional<Timestamp> wait_until;
  std::string reason;  // for people: why now, or why not yet
};

struct TimingInput {
  const patching::DeviceWindows* windows = nullptr;  // at `now`
  Timestamp now{};
  MissedWindow missed_window = MissedWindow::kNextWindow;
  // The last command expired undelivered: the device slept through a window.
  bool missed_last_window = false;
  bool online = false;  // the device's channel is connected now
};

SendDecision DecideSend(const TimingInput& in);

}  // namespace steward::deploy
