#include "server/deploy/release_service.h"

#include "core/json.h"
#include "server/audit/audit_log.h"
#include "server/deploy/rules/release_verdict.h"
#include "server/deploy/store/deployment_store.h"
#include "server/deploy/store/release_store.h"
#include "storage/scoped_connection.h"

namespace steward::deploy {

using storage::ScopedConnection;

namespace {

constexpr int kReleasesPerPass = 100;

Json ReleaseAudit(const Release& r) {
  return {{"change_id", r.change_id},
          {"test_group_id", r.test_group_id},
          {"deployment_id", r.deployment_id},
          {"status", ReleaseStatusName(r.status)},
          {"reason", r.reason}};
}

}  // namespace

Result<Release> ReleaseService::Create(const accounts::Actor& actor, const NewRelease& request,
                                       Reboot reboot) {
  if (request.soak_hours < 1 || request.soak_hours > kMaxSoakHours) {
    return Status::InvalidArgument("must be 1 to 336 hours", "soak_hours");
  }
  const Timestamp now = clock_.Now();
  int64_t id = 0;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        ReleaseStore releases(sc);
        STEWARD_ASSIGN_OR_RETURN(ChangeFacts change, DeploymentStore(sc).Change(request.change_id));
        if (change.status != "draft" && change.status != "submitted") {
          return Status::Conflict(
              "the change is " + change.status + ": a release tests a change before it is approved",
              "change");
        }
        STEWARD_ASSIGN_OR_RETURN(std::optional<Release> newest, releases.Newest(request.change_id));
        if (newest && (newest->status == ReleaseStatus::kTesting ||
                       newest->status == ReleaseStatus::kSoaking)) {
          return Status::Conflict("release " + std::to_string(newest->id) +
                                      " of this change is still " +
                                      std::string(ReleaseStatusName(newest->status)),
                                  "change");
        }
        auto group = releases.Group(request.test_group_id);
        if (!group.ok() || group->customer_id != change.customer_id) {
          return Status::InvalidArgument("must be a device group of the change's customer",
                                         "test_group_id");
        }
        if (group->device_ids.empty() || group->device_ids.size() > kMaxTestDevices) {
          return Status::InvalidArgument("must hold 1 to 25 servers or workstations (it has " +
                                             std::to_string(group->device_ids.size()) + ")",
                                         "test_group_id");
        }
        NewDeployment test;
        test.change_id = request.change_id;
        test.device_ids = group->device_ids;
        test.packages = request.packages;
        test.reboot = reboot;
        test.missed_window = MissedWindow::kWhenOnline;
        STEWARD_ASSIGN_OR_RETURN(int64_t deployment,
                                 deployments_.CreateReleaseTest(sc, actor, test, now));
        STEWARD_ASSIGN_OR_RETURN(Deployment d, DeploymentStore(sc).Get(deployment));
        bool any = false;
        for (const Target& t : d.targets) any = any || t.state != TargetState::kSkipped;
        if (!any) {
          return Status::InvalidArgument(
              "none of the test group's devices has these packages pending", "packages");
        }
        Release r;
        r.customer_id = change.customer_id;
        r.change_id = request.change_id;
        r.test_group_id = request.test_group_id;
        r.deployment_id = deployment;
        r.packages = request.packages;
        r.soak_hours = request.soak_hours;
        r.status = ReleaseStatus::kTesting;
        r.reason = "installing on the test group " + group->name;
        if (actor.principal.user_id > 0) r.created_by = actor.principal.user_id;
        r.created_at = now;
        STEWARD_ASSIGN_OR_RETURN(id, releases.Insert(r));
        r.id = id;
        return audit::Record(
            sc.connection(), now, actor,
            {"release.create", "release", std::to_string(id), change.customer_id, ReleaseAudit(r)});
      }));
  return Get(actor.principal, id);
}

Result<Release> ReleaseService::Get(const accounts::Principal& viewer, int64_t id) {
  Release out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, ReleaseStore(sc).Get(id));
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<Release>> ReleaseService::ForChange(const accounts::Principal& viewer,
                                                       int64_t change_id) {
  std::vector<Release> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_RETURN_IF_ERROR(DeploymentStore(sc).Change(change_id).status());
        STEWARD_ASSIGN_OR_RETURN(out, ReleaseStore(sc).ForChange(change_id));
        return Status::Ok();
      }));
  return out;
}

// Moves one release on by what its test deployment and test devices show.
Status ReleaseService::Advance(Release& r, Timestamp now) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  const accounts::Principal system = accounts::Principal::System("release soak");
  const accounts::Actor actor{system, ""};
  return storage::TransactScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    ReleaseStore releases(sc);
    STEWARD_ASSIGN_OR_RETURN(Deployment d, DeploymentStore(sc).Get(r.deployment_id));
    ReleaseFacts facts;
    facts.status = r.status;
    facts.soak_hours = r.soak_hours;
    facts.soak_ends_at = r.soak_ends_at;
    facts.deployment_done = d.status == DeploymentStatus::kDone;
    std::vector<int64_t> devices;
    for (const Target& t : d.targets) {
      if (t.state == TargetState::kSkipped) continue;
      facts.targets.push_back(t);
      devices.push_back(t.device_id);
    }
    if (r.status == ReleaseStatus::kSoaking && r.soak_started_at) {
      STEWARD_ASSIGN_OR_RETURN(facts.incidents,
                               releases.IncidentsSince(r.customer_id, devices, *r.soak_started_at));
    }
    const ReleaseStep step = JudgeRelease(facts, now);
    if (step.status == r.status) return Status::Ok();
    r.status = step.status;
    r.reason = step.reason;
    if (step.soak_started_at) r.soak_started_at = step.soak_started_at;
    r.soak_ends_at = step.soak_ends_at;
    if (r.status == ReleaseStatus::kPassed || r.status == ReleaseStatus::kFailed) {
      r.decided_at = now;
    }
    r.updated_at = now;
    STEWARD_RETURN_IF_ERROR(releases.Save(r));
    return audit::Record(
        sc.connection(), now, actor,
        {"release.status", "release", std::to_string(r.id), r.customer_id, ReleaseAudit(r)});
  });
}

Status ReleaseService::RunJobs(Timestamp now) {
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  std::vector<Release> running;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(running, ReleaseStore(sc).Running(kReleasesPerPass));
    return Status::Ok();
  }));
  Status first_error;
  for (Release& r : running) {
    Status s = Advance(r, now);
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

Result<std::optional<int64_t>> ReleaseService::Owner(int64_t id) {
  std::optional<int64_t> owner;
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kOwnerProbe);
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](ScopedConnection& sc) -> Status {
    auto r = ReleaseStore(sc).Get(id);
    if (r.ok()) owner = r->customer_id;
    return r.ok() || r.status().code() == StatusCode::kNotFound ? Status::Ok() : r.status();
  }));
  return owner;
}

Result<std::string> ReleaseService::HoldReason(const storage::ScopedConnection& sc,
                                               int64_t change_id) {
  STEWARD_ASSIGN_OR_RETURN(std::optional<Release> newest, ReleaseStore(sc).Newest(change_id));
  return ApprovalHold(newest);
}

}  // namespace steward::deploy
