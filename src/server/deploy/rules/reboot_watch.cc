#include "server/deploy/rules/reboot_watch.h"

namespace steward::deploy {

std::optional<RebootStart> StartRebootWatch(bool reboot_scheduled, Timestamp result_at) {
  if (!reboot_scheduled) return std::nullopt;
  return RebootStart{result_at, result_at + kRebootGrace};
}

RebootState WatchReboot(RebootState state, Timestamp since, Timestamp deadline,
                        std::optional<Timestamp> last_connected, Timestamp now) {
  if (state != RebootState::kRebooting && state != RebootState::kOverdue) return state;
  // The agent keeps its connection until the machine goes down, so only a
  // connection made after the result is the machine coming back.
  if (last_connected && *last_connected > since) return RebootState::kBack;
  return now >= deadline ? RebootState::kOverdue : RebootState::kRebooting;
}

}  // namespace steward::deploy
