// What a target's command came to (issue 14 item 7: "a result per package
// per device … and retries that really run"). Installed packages are done;
// failed ones go out again in the next window, up to three commands in all;
// held ones (a configuration-file conflict the agent would not resolve)
// wait for a person and are never retried by themselves. A command that
// never reached the device (it was offline for the whole window) goes out
// again without counting against the retries. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/deploy/model/deployment.h"

namespace steward::deploy {

inline constexpr int kMaxAttempts = 3;

struct TargetVerdict {
  TargetState state = TargetState::kSent;
  // Waiting again: the packages the next command carries.
  std::vector<PackageVersion> next_packages;
  // Whether the command that just ended counts against kMaxAttempts.
  bool counts_as_attempt = true;
  std::string reason;
};

struct CommandReport {
  CommandEnd end = CommandEnd::kPending;
  std::string refusal;                 // the agent's refusal code (kRefused)
  std::vector<PackageResult> results;  // kCompleted
  bool reboot_required = false;        // as the agent reported it
  bool reboot_scheduled = false;       // the agent set the machine to restart
  std::optional<Timestamp> completed_at;
};

// `attempts`: commands sent for this target so far, the one that ended included.
TargetVerdict JudgeTarget(const std::vector<PackageVersion>& asked, const CommandReport& report,
                          int attempts);

}  // namespace steward::deploy
