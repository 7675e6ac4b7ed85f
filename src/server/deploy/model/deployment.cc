#include "server/deploy/model/deployment.h"

#include <array>
#include <utility>

#include "core/enum_names.h"
#include "server/deploy/model/release.h"

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
constexpr EnumNames<DeploymentStatus, 4> kStatuses = {
    {{DeploymentStatus::kAwaitingApproval, "awaiting_approval"},
     {DeploymentStatus::kActive, "active"},
     {DeploymentStatus::kDone, "done"},
     {DeploymentStatus::kRejected, "rejected"}}};
constexpr EnumNames<RebootState, 4> kRebootStates = {{{RebootState::kNone, "none"},
                                                      {RebootState::kRebooting, "rebooting"},
                                                      {RebootState::kBack, "back"},
                                                      {RebootState::kOverdue, "overdue"}}};
constexpr EnumNames<ReleaseStatus, 4> kReleaseStatuses = {{{ReleaseStatus::kTesting, "testing"},
                                                           {ReleaseStatus::kSoaking, "soaking"},
                                                           {ReleaseStatus::kPassed, "passed"},
                                                           {ReleaseStatus::kFailed, "failed"}}};
constexpr EnumNames<ApprovalDecision, 3> kDecisions = {{{ApprovalDecision::kPending, "pending"},
                                                        {ApprovalDecision::kApproved, "approved"},
                                                        {ApprovalDecision::kRejected, "rejected"}}};

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

std::string_view RebootStateName(RebootState s) { return NameIn(kRebootStates, s); }
std::optional<RebootState> ParseRebootState(std::string_view s) {
  return ParseIn(kRebootStates, s);
}
std::string_view ApprovalDecisionName(ApprovalDecision d) { return NameIn(kDecisions, d); }
std::optional<ApprovalDecision> ParseApprovalDecision(std::string_view s) {
  return ParseIn(kDecisions, s);
}

std::string_view ReleaseStatusName(ReleaseStatus s) { return NameIn(kReleaseStatuses, s); }
std::optional<ReleaseStatus> ParseReleaseStatus(std::string_view s) {
  return ParseIn(kReleaseStatuses, s);
}

bool IsFinal(TargetState s) { return s != TargetState::kWaiting && s != TargetState::kSent; }

}  // namespace steward::deploy
