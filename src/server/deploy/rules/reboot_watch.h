// A device's reboot after its updates (issue 14 item 7: "with the device in
// maintenance during the reboot and an alert when it isn't back within 15
// minutes"). The agent reports that it scheduled a reboot with its result;
// from then the device is rebooting, in maintenance, until it connects
// again (back) or 15 minutes pass (overdue: an alert). An overdue device
// that connects later is back, and its alert resolves. Pure.
#pragma once

#include <chrono>
#include <optional>

#include "core/clock.h"
#include "server/deploy/model/deployment.h"

namespace steward::deploy {

inline constexpr std::chrono::minutes kRebootGrace{15};

// The watch a command's result starts: none unless the agent scheduled a
// reboot; else rebooting from when the result came, for kRebootGrace.
struct RebootStart {
  Timestamp since{};
  Timestamp deadline{};
};
std::optional<RebootStart> StartRebootWatch(bool reboot_scheduled, Timestamp result_at);

// Where a watched reboot stands at `now`, given when the device's agent last
// connected (none: never since enrolment). Rebooting and overdue targets
// move on; the others stay as they are.
RebootState WatchReboot(RebootState state, Timestamp since, Timestamp deadline,
                        std::optional<Timestamp> last_connected, Timestamp now);

}  // namespace steward::deploy
