#include "server/deploy/deployment_service.h"

#include <algorithm>
#include <set>

#include "proto/command_envelope.h"
#include "server/audit/audit_log.h"
#include "server/deploy/rules/deploy_outcome.h"
#include "server/deploy/rules/deploy_timing.h"
#include "server/deploy/rules/reboot_watch.h"
#include "server/deploy/store/deployment_store.h"
#include "server/monitoring/store/maintenance_window_store.h"
#include "storage/scoped_connection.h"

namespace steward::deploy {

using storage::ScopedConnection;

namespace {

// Targets looked at per pass; the rest wait for the next minute.
constexpr int kTargetsPerPass = 200;
// How long the agent may take over the packages of one command.
constexpr int kInstallTimeoutSeconds = 1800;

Json PackagesJson(const std::vector<PackageVersion>& packages) {
  Json j = Json::array();
  for (const auto& p : packages) j.push_back({{"name", p.name}, {"version", p.version}});
  return j;
}

proto::RebootPolicy PolicyOf(Reboot r) {
  switch (r) {
    case Reboot::kNever:
      return proto::RebootPolicy::kNever;
    case Reboot::kAlways:
      return proto::RebootPolicy::kAlways;
    case Reboot::kIfRequired:
      break;
  }
  return proto::RebootPolicy::kIfRequired;
}

}  // namespace

namespace {

Status CheckPackages(const std::vector<std::string>& packages) {
  if (packages.empty() || packages.size() > proto::kMaxActionPackages) {
    return Status::InvalidArgument("must name 1 to 200 packages", "packages");
  }
  std::set<std::string> seen;
  for (const std::string& name : packages) {
    if (!proto::IsValidDebianPackageName(name)) {
      return Status::InvalidArgument("'" + name + "' is not a package name", "packages");
    }
    if (!seen.insert(name).second) {
      return Status::InvalidArgument("names '" + name + "' twice", "packages");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Deployment> DeploymentService::Create(const accounts::Actor& actor,
                                             const NewDeployment& request) {
  STEWARD_RETURN_IF_ERROR(CheckPackages(request.packages));
  const Timestamp now = clock_.Now();
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(ChangeFacts change, DeploymentStore(sc).Change(request.change_id));
        if (change.status != "approved" && change.status != "scheduled") {
          return Status::Conflict("the change is " + change.status +
                                      ": updates go out only for an approved or scheduled change",
                                  "change");
        }
        std::vector<int64_t> devices = request.device_ids;
        if (devices.empty()) devices = change.device_ids;
        std::sort(devices.begin(), devices.end());
        devices.erase(std::unique(devices.begin(), devices.end()), devices.end());
        if (devices.empty()) {
          return Status::InvalidArgument("the change names no managed device", "device_ids");
        }
        for (int64_t d : devices) {
          if (!std::binary_search(change.device_ids.begin(), change.device_ids.end(), d)) {
            return Status::InvalidArgument(
                "device " + std::to_string(d) + " is not one of the change's CIs", "device_ids");
          }
        }
        STEWARD_ASSIGN_OR_RETURN(id, Insert(sc, actor, change, devices, request, now));
        return Status::Ok();
      }));
  return Get(actor.principal, id);
}

Result<int64_t> DeploymentService::CreateReleaseTest(const ScopedConnection& sc,
                                                     const accounts::Actor& actor,
                                                     const NewDeployment& request, Timestamp now) {
  STEWARD_RETURN_IF_ERROR(CheckPackages(request.packages));
  STEWARD_ASSIGN_OR_RETURN(ChangeFacts change, DeploymentStore(sc).Change(request.change_id));
  std::vector<int64_t> devices = request.device_ids;
  std::sort(devices.begin(), devices.end());
  devices.erase(std::unique(devices.begin(), devices.end()), devices.end());
  return Insert(sc, actor, change, devices, request, now);
}

Result<int64_t> DeploymentService::Insert(const ScopedConnection& sc, const accounts::Actor& actor,
                                          const ChangeFacts& change,
                                          const std::vector<int64_t>& devices,
                                          const NewDeployment& request, Timestamp now) {
  DeploymentStore store(sc);
  Deployment d;
  d.customer_id = change.customer_id;
  d.change_id = request.change_id;
  d.packages = request.packages;
  d.reboot = request.reboot;
  d.missed_window = request.missed_window;
  d.status = DeploymentStatus::kActive;
  if (actor.principal.user_id > 0) d.created_by = actor.principal.user_id;
  d.created_at = now;
  for (int64_t device : devices) {
    Target t;
    t.device_id = device;
    STEWARD_ASSIGN_OR_RETURN(t.packages, store.PendingVersions(device, request.packages));
    if (t.packages.empty()) {
      t.state = TargetState::kSkipped;
      t.reason = "none of the packages is pending on this device";
    } else {
      t.state = TargetState::kWaiting;
      t.reason = "waiting for its change window";
    }
    d.targets.push_back(std::move(t));
  }
  const size_t reach =
      static_cast<size_t>(std::count_if(d.targets.begin(), d.targets.end(), [](const Target& t) {
        return t.state != TargetState::kSkipped;
      }));
  if (proto::NeedsSecondApproval(reach, 1)) {
    if (!d.created_by) {
      return Status::PermissionDenied(
          "a deployment to more than 25 devices needs a technician as its author, so a "
          "second one can approve it");
    }
    d.status = DeploymentStatus::kAwaitingApproval;
    d.second_approval = SecondApproval{
        std::to_string(reach) + " devices: more than 25 need a second technician's approval"};
    for (Target& t : d.targets) {
      if (t.state == TargetState::kWaiting) t.reason = "waiting for the second approval";
    }
  }
  STEWARD_ASSIGN_OR_RETURN(const int64_t id, store.Insert(d));
  Json targets = Json::array();
  for (const Target& t : d.targets) {
    targets.push_back({{"device_id", t.device_id},
                       {"state", TargetStateName(t.state)},
                       {"packages", PackagesJson(t.packages)}});
  }
  STEWARD_RETURN_IF_ERROR(
      audit::Record(sc.connection(), now, actor,
                    {"deployment.create", "deployment", std::to_string(id), change.customer_id,
                     Json{{"change_id", request.change_id},
                          {"status", DeploymentStatusName(d.status)},
                          {"reboot", RebootName(request.reboot)},
                          {"missed_window", MissedWindowName(request.missed_window)},
                          {"targets", targets}}}));
  return id;
}

Result<Deployment> DeploymentService::Get(const accounts::Principal& viewer, int64_t id) {
  Deployment out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, DeploymentStore(sc).Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<Deployment>> DeploymentService::ForChange(const accounts::Principal& viewer,
                                                             int64_t change_id) {
  std::vector<Deployment> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        DeploymentStore store(sc);
        STEWARD_RETURN_IF_ERROR(store.Change(change_id).status());
        STEWARD_ASSIGN_OR_RETURN(out, store.ForChange(change_id));
        return Status::Ok();
      }));
  return out;
}

Result<Deployment> DeploymentService::Decide(const accounts::Actor& actor, int64_t id,
                                             const ApprovalRequest& request) {
  const int64_t approver = actor.principal.user_id;
  if (approver <= 0) {
    return Status::PermissionDenied("a second approval is given by a technician in person");
  }
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        DeploymentStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(Deployment d, store.Get(id));
        if (d.status != DeploymentStatus::kAwaitingApproval || !d.second_approval) {
          return Status::Conflict("the deployment is " +
                                      std::string(DeploymentStatusName(d.status)) +
                                      ": only one awaiting approval can be approved or rejected",
                                  "decision");
        }
        if (d.created_by == approver) {
          return Status::PermissionDenied(
              "you created this deployment: a second technician must approve it");
        }
        SecondApproval a = *d.second_approval;
        a.decision = request.decision;
        a.decided_by = approver;
        a.decided_at = now;
        a.comment = request.comment;
        std::optional<proto::JobApproval> job;
        DeploymentStatus status = DeploymentStatus::kRejected;
        if (request.decision == ApprovalDecision::kApproved) {
          status = DeploymentStatus::kActive;
          a.expires_at = now + kSecondApprovalValidity;
          proto::JobManifest m;
          m.job_id = id;
          m.customer_ids = {d.customer_id};
          for (const Target& t : d.targets) {
            if (t.state != TargetState::kSkipped) m.device_ids.push_back(t.device_id);
          }
          std::sort(m.device_ids.begin(), m.device_ids.end());
          m.packages = d.packages;
          std::sort(m.packages.begin(), m.packages.end());
          m.created_by = *d.created_by;
          m.approved_by = approver;
          m.approved_at = now;
          m.expires_at = *a.expires_at;
          STEWARD_ASSIGN_OR_RETURN(job, agents_.SignJobApproval(m));
        }
        STEWARD_RETURN_IF_ERROR(store.Decide(id, a, status, job, now));
        if (status == DeploymentStatus::kRejected) {
          STEWARD_RETURN_IF_ERROR(
              store.SkipAll(id, "not deployed: the second technician rejected it", now));
        } else {
          // The targets' reasons said they waited for this.
          for (Target& t : d.targets) {
            if (t.state != TargetState::kWaiting) continue;
            t.reason = "waiting for its change window";
            STEWARD_RETURN_IF_ERROR(store.SaveTarget(id, t, now));
          }
        }
        return audit::Record(
            sc.connection(), now, actor,
            {status == DeploymentStatus::kActive ? "deployment.approve" : "deployment.reject",
             "deployment", std::to_string(id), d.customer_id,
             Json{{"comment", request.comment}, {"created_by", *d.created_by}}});
      }));
  return Get(actor.principal, id);
}

// What became of a sent target's command. Sets `settled` when it has ended.
Status DeploymentService::Settle(Target& t, bool& settled) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  CommandReport report;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(report, DeploymentStore(sc).Report(*t.command_id));
    return Status::Ok();
  }));
  settled = report.end != CommandEnd::kPending;
  if (!settled) return Status::Ok();
  TargetVerdict v = JudgeTarget(t.packages, report, t.attempts);
  if (!v.counts_as_attempt) --t.attempts;
  t.missed_window = report.end == CommandEnd::kExpired;
  t.state = v.state;
  t.reason = v.reason;
  t.next_attempt_at.reset();
  if (v.state == TargetState::kWaiting) t.packages = v.next_packages;
  if (report.end == CommandEnd::kCompleted) {
    if (auto watch =
            StartRebootWatch(report.reboot_scheduled, report.completed_at.value_or(clock_.Now()))) {
      t.reboot_state = RebootState::kRebooting;
      t.reboot_since = watch->since;
      t.reboot_deadline = watch->deadline;
      t.reboot_window_id.reset();
    }
  }
  return Status::Ok();
}

Status DeploymentService::WatchDevice(Target& t, Timestamp now) {
  if (!t.reboot_since || !t.reboot_deadline) return Status::Ok();
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  std::optional<Timestamp> connected;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(connected, DeploymentStore(sc).LastConnected(t.device_id));
    return Status::Ok();
  }));
  t.reboot_state = WatchReboot(t.reboot_state, *t.reboot_since, *t.reboot_deadline, connected, now);
  return Status::Ok();
}

Status DeploymentService::SaveRebootWatch(storage::Connection& c, const DueTarget& d, Target& t,
                                          RebootState before, Timestamp now) {
  const storage::ScopedConnection sc(c, storage::TenantScope::Customer(d.customer_id));
  monitoring::MaintenanceWindowStore windows(sc);
  if (t.reboot_state == RebootState::kRebooting && !t.reboot_window_id) {
    monitoring::NewMaintenanceWindow w;
    w.customer_id = d.customer_id;
    w.device_id = t.device_id;
    w.starts_at = *t.reboot_since;
    w.ends_at = *t.reboot_deadline;
    w.reason = "rebooting after patch deployment " + std::to_string(d.deployment_id);
    STEWARD_ASSIGN_OR_RETURN(t.reboot_window_id, windows.Insert(w, std::nullopt, now));
  }
  if (t.reboot_state == before) return Status::Ok();
  if (t.reboot_state == RebootState::kBack && t.reboot_window_id) {
    STEWARD_RETURN_IF_ERROR(windows.EndAt(*t.reboot_window_id, now));
  }
  if (t.reboot_state == RebootState::kOverdue || before == RebootState::kOverdue) {
    const bool overdue = t.reboot_state == RebootState::kOverdue;
    STEWARD_RETURN_IF_ERROR(alerts_.SetDecidedCondition(
        c, t.device_id, monitoring::Condition::kRebootOverdue, overdue,
        "not back " + std::to_string(kRebootGrace.count()) +
            " minutes after its reboot for patch deployment " + std::to_string(d.deployment_id),
        now));
  }
  return Status::Ok();
}

// A waiting target: its signed action now, or when and why not yet.
Status DeploymentService::Dispatch(const DueTarget& d, Target& t, Timestamp now,
                                   const accounts::Actor& actor, std::optional<int64_t>& command) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  STEWARD_ASSIGN_OR_RETURN(patching::DeviceWindows windows,
                           windows_.ForDevice(actor.principal, t.device_id, now));
  bool online = false;
  if (t.missed_window && t.command_id) {
    STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
      STEWARD_ASSIGN_OR_RETURN(online, DeploymentStore(sc).ConnectedAfter(*t.command_id));
      return Status::Ok();
    }));
  }
  if (d.job && (!d.job_expires_at || now >= *d.job_expires_at)) {
    t.state = TargetState::kFailed;
    t.reason = "the second approval has expired: deploy the change's updates again";
    return Status::Ok();
  }
  SendDecision s = DecideSend({&windows, now, d.missed_window, t.missed_window, online});
  if (!s.send) {
    t.reason = s.reason;
    // A missed window waiting for the device to come back checks every pass.
    const bool watch_for_device = t.missed_window && d.missed_window == MissedWindow::kWhenOnline;
    t.next_attempt_at = watch_for_device ? std::nullopt : s.wait_until;
    if (!s.wait_until && !watch_for_device) t.state = TargetState::kFailed;
    return Status::Ok();
  }
  proto::CommandAction action;
  for (const auto& p : t.packages) action.packages.push_back({p.name, p.version});
  action.reboot = PolicyOf(d.reboot);
  // The agent refuses a command its job's approval no longer covers.
  if (d.job_expires_at && s.expires_at > *d.job_expires_at) s.expires_at = *d.job_expires_at;
  auto queued =
      agents_.QueueAction(actor, t.device_id, action, s.expires_at, kInstallTimeoutSeconds, d.job);
  if (queued.ok()) {
    command = *queued;
    t.command_id = *queued;
    t.state = TargetState::kSent;
    ++t.attempts;
    t.reason = "sent: " + s.reason;
    return Status::Ok();
  }
  const StatusCode code = queued.status().code();
  if (code != StatusCode::kFailedPrecondition && code != StatusCode::kNotFound) {
    return queued.status();
  }
  // No approved agent, or remote commands off: a person has to act.
  t.state = TargetState::kFailed;
  t.reason = queued.status().message();
  return Status::Ok();
}

Status DeploymentService::RunJobs(Timestamp now) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  std::vector<DueTarget> due;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(due, DeploymentStore(sc).Due(now, kTargetsPerPass));
    return Status::Ok();
  }));
  const accounts::Principal system = accounts::Principal::System("patch deployment");
  const accounts::Actor actor{system, ""};
  Status first_error;
  auto note = [&](const Status& s) {
    if (!s.ok() && first_error.ok()) first_error = s;
    return s.ok();
  };
  for (DueTarget& d : due) {
    Target& t = d.target;
    const TargetState before = t.state;
    const RebootState reboot_before = t.reboot_state;
    if (t.reboot_state == RebootState::kRebooting || t.reboot_state == RebootState::kOverdue) {
      if (!note(WatchDevice(t, now)) || t.reboot_state == reboot_before) continue;
    } else if (t.state == TargetState::kSent && t.command_id) {
      bool settled = false;
      if (!note(Settle(t, settled)) || !settled) continue;
    }
    std::optional<int64_t> command;
    if (t.state == TargetState::kWaiting && !note(Dispatch(d, t, now, actor, command))) continue;
    note(storage::TransactScoped(db_, all, [&](ScopedConnection& sc) -> Status {
      DeploymentStore store(sc);
      STEWARD_RETURN_IF_ERROR(SaveRebootWatch(sc.connection(), d, t, reboot_before, now));
      STEWARD_RETURN_IF_ERROR(store.SaveTarget(d.deployment_id, t, now));
      if (t.state != before || command || t.reboot_state != reboot_before) {
        Json details{{"device_id", t.device_id},
                     {"from", TargetStateName(before)},
                     {"to", TargetStateName(t.state)},
                     {"reason", t.reason},
                     {"packages", PackagesJson(t.packages)}};
        if (command) details["command_id"] = *command;
        if (t.reboot_state != reboot_before) {
          details["reboot"] = {{"from", RebootStateName(reboot_before)},
                               {"to", RebootStateName(t.reboot_state)}};
        }
        STEWARD_RETURN_IF_ERROR(
            audit::Record(sc.connection(), now, actor,
                          {"deployment.target", "deployment", std::to_string(d.deployment_id),
                           d.customer_id, details}));
      }
      return store.FinishIfSettled(d.deployment_id, now);
    }));
  }
  return first_error;
}

Result<std::optional<int64_t>> DeploymentService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT customer_id FROM patch_deployments WHERE id = ?", {id}));
    if (row) owner = row->Int("customer_id");
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::deploy
