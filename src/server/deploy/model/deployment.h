// Patch deployments (SPEC §4 and §6, issue 14 item 7): the approved updates
// of an approved change, going out to each of its devices as a signed
// "install_updates" action in the device's change window, with the result
// of every package. A deployment belongs to one change and so to one
// customer; each device is a target with its own packages and state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace steward::deploy {

// When a device missed its window (offline while it was open): wait for the
// next one, or go as soon as the device is back online.
enum class MissedWindow { kNextWindow, kWhenOnline };
// After the packages: never reboot, reboot when a package asks, always.
enum class Reboot { kNever, kIfRequired, kAlways };

// A target's life: waiting for its window → sent (a signed command is out)
// → installed (every package in), partial (some in, some failed or held),
// failed (none in), held (every package held, e.g. a configuration-file
// conflict); skipped when it had none of the packages pending.
enum class TargetState { kWaiting, kSent, kInstalled, kPartial, kFailed, kHeld, kSkipped };

std::string_view MissedWindowName(MissedWindow m);
std::optional<MissedWindow> ParseMissedWindow(std::string_view s);
std::string_view RebootName(Reboot r);
std::optional<Reboot> ParseReboot(std::string_view s);
std::string_view TargetStateName(TargetState s);
std::optional<TargetState> ParseTargetState(std::string_view s);
// Sent and waiting targets are still in flight.
bool IsFinal(TargetState s);

struct PackageVersion {
  std::string name;
  std::string version;
  bool operator==(const PackageVersion&) const = default;
};

// A device's reboot after its packages: none asked; rebooting (in
// maintenance until it is back or the deadline passes); back; overdue (not
// back by the deadline: an alert is raised).
enum class RebootState { kNone, kRebooting, kBack, kOverdue };
std::string_view RebootStateName(RebootState s);
std::optional<RebootState> ParseRebootState(std::string_view s);

// What the agent reported for one package (proto::PackageOutcome, stored).
enum class PackageOutcome { kInstalled, kFailed, kHeld };
std::string_view PackageOutcomeName(PackageOutcome o);
std::optional<PackageOutcome> ParsePackageOutcome(std::string_view s);

struct PackageResult {
  std::string name;
  PackageOutcome outcome = PackageOutcome::kFailed;
  std::string version;  // what dpkg records afterwards
  std::optional<int> exit_code;
  std::string log_tail;
  std::string reason;  // held
};

// How a signed command about a target ended, as the store reads it back.
enum class CommandEnd {
  kPending,    // not delivered or running yet
  kCompleted,  // the agent reported its results
  kRefused,    // the agent refused it (e.g. outside its validity: the window)
  kExpired,    // never delivered before it expired: the device was offline
  kFailed,     // timed out or failed without package results
};

struct Target {
  int64_t device_id = 0;
  std::string device_name;
  std::vector<PackageVersion> packages;
  TargetState state = TargetState::kWaiting;
  std::string reason;  // why it waits, was skipped or ended as it did
  std::optional<int64_t> command_id;
  int attempts = 0;            // commands that count against the retries
  bool missed_window = false;  // the last command expired undelivered
  std::optional<Timestamp> next_attempt_at;
  std::vector<PackageResult> results;  // of the last command
  bool reboot_required = false;
  // The device's reboot after its packages (rules/reboot_watch.h).
  RebootState reboot_state = RebootState::kNone;
  std::optional<Timestamp> reboot_since;
  std::optional<Timestamp> reboot_deadline;
  std::optional<int64_t> reboot_window_id;  // the maintenance window meanwhile
  Timestamp updated_at{};
};

// Awaiting a second technician's approval (more than 25 devices) → active
// → done; or rejected by the second technician.
enum class DeploymentStatus { kAwaitingApproval, kActive, kDone, kRejected };
std::string_view DeploymentStatusName(DeploymentStatus s);
std::optional<DeploymentStatus> ParseDeploymentStatus(std::string_view s);

enum class ApprovalDecision { kPending, kApproved, kRejected };
std::string_view ApprovalDecisionName(ApprovalDecision d);
std::optional<ApprovalDecision> ParseApprovalDecision(std::string_view s);

// The second technician's approval a large deployment needs (SECURITY.md
// goal 3): why, and what became of it.
struct SecondApproval {
  std::string reason;
  ApprovalDecision decision = ApprovalDecision::kPending;
  std::optional<int64_t> decided_by;
  std::string decided_by_name;
  std::optional<Timestamp> decided_at;
  std::string comment;
  std::optional<Timestamp> expires_at;  // an approval holds 30 days
};

struct Deployment {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t change_id = 0;
  std::vector<std::string> packages;  // asked for, by name
  Reboot reboot = Reboot::kIfRequired;
  MissedWindow missed_window = MissedWindow::kNextWindow;
  DeploymentStatus status = DeploymentStatus::kActive;
  std::optional<int64_t> created_by;
  std::string created_by_name;
  std::optional<SecondApproval> second_approval;  // none: not needed
  std::vector<Target> targets;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct NewDeployment {
  int64_t change_id = 0;
  std::vector<int64_t> device_ids;    // the change's devices; all when empty
  std::vector<std::string> packages;  // names; each device's candidate version goes out
  Reboot reboot = Reboot::kIfRequired;
  MissedWindow missed_window = MissedWindow::kNextWindow;
};

}  // namespace steward::deploy
