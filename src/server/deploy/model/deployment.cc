#include "server/deploy/model/deployment.h"

#include <array>
#include <utility>

#include "core/enum_names.h"

namespace steward::deploy {

namespace {

constexpr EnumNames<MissedWindow, 2> kMissed = {
    {{MissedWindow::kNextWindow, "next_window"}, {MissedWindow::kWhenOnline, "when_online"}}};
constexpr EnumNames<Reboot, 3> kReboot = {
    {{Reboot::kNever, "never"}, {Reboot::kIfRequired, "if_required"}, {Reboot::kAlways, "always"}}};
constexpr EnumNames<TargetState, 7> kStates = {{{TargetState::kWaiting, "waiting"},
                                                {TargetState::kSent, "sent"},
                                                {TargetState::kInstalled, "installed"},
                                                {TargetState::kPartial, "partial"},
                                                {TargetState::kFailed, "failed"},
                                                {TargetState::kHeld, "held"},
                                                {TargetState::kSkipped, "skipped"}}};
constexpr EnumNames<PackageOutcome, 3> kOutcomes = {{{PackageOutcome::kInstalled, "installed"},
                                                     {PackageOutcome::kFailed, "failed"},
                                                     {PackageOutcome::kHeld, "held"}}};
constexpr EnumNames<DeploymentStatus, 2> kStatuses = {
    {{DeploymentStatus::kActive, "active"}, {DeploymentStatus::kDone, "done"}}};

}  // namespace

std::string_view MissedWindowName(MissedWindow m) { return NameIn(kMissed, m); }
std::optional<MissedWindow> ParseMissedWindow(std::string_view s) { return ParseIn(kMissed, s); }
std::string_view RebootName(Reboot r) { return NameIn(kReboot, r); }
std::optional<Reboot> ParseReboot(std::string_view s) { return ParseIn(kReboot, s); }
std::string_view TargetStateName(TargetState s) { return NameIn(kStates, s); }
std::optional<TargetState> ParseTargetState(std::string_view s) { return ParseIn(kStates, s); }
std::string_view PackageOutcomeName(PackageOutcome o) { return NameIn(kOutcomes, o); }
std::optional<PackageOutcome> ParsePackageOutcome(std::string_view s) {
  return ParseIn(kOutcomes, s);
}
std::string_view DeploymentStatusName(DeploymentStatus s) { return NameIn(kStatuses, s); }
std::optional<DeploymentStatus> ParseDeploymentStatus(std::string_view s) {
  return ParseIn(kStatuses, s);
}

bool IsFinal(TargetState s) { return s != TargetState::kWaiting && s != TargetState::kSent; }

}  // namespace steward::deploy
