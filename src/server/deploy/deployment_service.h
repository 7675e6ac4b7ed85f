// Patch deployments as typed commands (issue 14 item 7): staff deploy an
// approved change's updates to its devices; the server's job sends each
// device a signed install_updates action in its change window
// (rules/deploy_timing.h), reads back what became of every package and
// retries what failed (rules/deploy_outcome.h). Every write is audited.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/agentlink/agent_service.h"
#include "server/deploy/model/deployment.h"
#include "server/deploy/store/deployment_store.h"
#include "server/monitoring/monitoring_service.h"
#include "server/patching/change_window_service.h"
#include "storage/database.h"

namespace steward::deploy {

// How long a second approval holds: a deployment still waiting for some
// devices' windows after this is deployed again.
inline constexpr std::chrono::hours kSecondApprovalValidity{24 * 30};

// The second technician's decision on a deployment awaiting it.
struct ApprovalRequest {
  ApprovalDecision decision = ApprovalDecision::kApproved;  // approved or rejected
  std::string comment;
};

class DeploymentService {
 public:
  DeploymentService(storage::Database& db, const Clock& clock, agentlink::AgentService& agents,
                    patching::ChangeWindowService& windows, monitoring::MonitoringService& alerts)
      : db_(db), clock_(clock), agents_(agents), windows_(windows), alerts_(alerts) {}

  // The change must be approved or scheduled; devices are its CIs that are
  // managed devices (all when none named); each device gets the named
  // packages it has pending, at its candidate version, and a device with
  // none is skipped with the reason. InvalidArgument naming "packages" or
  // "device_ids"; Conflict naming "change" for a change not approved.
  // More than 25 devices to install on (proto::NeedsSecondApproval) awaits
  // a second technician's approval before anything goes out; such a
  // deployment needs a person as its author (PermissionDenied for a token
  // or the system).
  Result<Deployment> Create(const accounts::Actor& actor, const NewDeployment& request);
  // A release's test deployment (release_service.h), in the caller's
  // transaction: to the test group's devices, whatever the change's state
  // and CIs; the id.
  Result<int64_t> CreateReleaseTest(const storage::ScopedConnection& sc,
                                    const accounts::Actor& actor, const NewDeployment& request,
                                    Timestamp now);
  Result<Deployment> Get(const accounts::Principal& viewer, int64_t id);
  // A change's deployments, newest first, with each target's state.
  Result<std::vector<Deployment>> ForChange(const accounts::Principal& viewer, int64_t change_id);
  // The second technician approves or rejects a deployment awaiting it.
  // PermissionDenied for its author or a caller who is not a person;
  // Conflict naming "decision" when it is not awaiting approval. Approved,
  // its commands carry the approval signed for the agents to check
  // (proto/job_approval.h); rejected, every device is skipped.
  Result<Deployment> Decide(const accounts::Actor& actor, int64_t id,
                            const ApprovalRequest& request);
  // One pass of the job over the targets due.
  Status RunJobs(Timestamp now);

  // The customer of a deployment, any tenant (the router's 404-vs-403).
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  // The deployment's rows and audit record once its devices are chosen.
  Result<int64_t> Insert(const storage::ScopedConnection& sc, const accounts::Actor& actor,
                         const ChangeFacts& change, const std::vector<int64_t>& devices,
                         const NewDeployment& request, Timestamp now);
  Status Settle(Target& t, bool& settled);
  // A rebooting or overdue target's device: back, still rebooting, overdue.
  Status WatchDevice(Target& t, Timestamp now);
  // The writes of a target's reboot watch in the job's transaction: the
  // maintenance window when it starts, the alert when it is overdue, both
  // ended when the device is back.
  Status SaveRebootWatch(storage::Connection& c, const DueTarget& d, Target& t, RebootState before,
                         Timestamp now);
  Status Dispatch(const DueTarget& d, Target& t, Timestamp now, const accounts::Actor& actor,
                  std::optional<int64_t>& command);

  storage::Database& db_;
  const Clock& clock_;
  agentlink::AgentService& agents_;
  patching::ChangeWindowService& windows_;
  monitoring::MonitoringService& alerts_;
};

}  // namespace steward::deploy
