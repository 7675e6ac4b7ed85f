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
#include "server/patching/change_window_service.h"
#include "storage/database.h"

namespace steward::deploy {

// More devices than this in one deployment needs a second technician's
// approval (SECURITY.md rule 3), which is not built yet: refused.
inline constexpr size_t kMaxDevicesWithoutSecondApproval = 25;

class DeploymentService {
 public:
  DeploymentService(storage::Database& db, const Clock& clock, agentlink::AgentService& agents,
                    patching::ChangeWindowService& windows)
      : db_(db), clock_(clock), agents_(agents), windows_(windows) {}

  // The change must be approved or scheduled; devices are its CIs that are
  // managed devices (all when none named); each device gets the named
  // packages it has pending, at its candidate version, and a device with
  // none is skipped with the reason. InvalidArgument naming "packages" or
  // "device_ids"; Conflict naming "change" for a change not approved;
  // FailedPrecondition over kMaxDevicesWithoutSecondApproval devices.
  Result<Deployment> Create(const accounts::Actor& actor, const NewDeployment& request);
  Result<Deployment> Get(const accounts::Principal& viewer, int64_t id);
  // One pass of the job over the targets due.
  Status RunJobs(Timestamp now);

  // The customer of a deployment, any tenant (the router's 404-vs-403).
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  Status Settle(Target& t, bool& settled);
  Status Dispatch(const DueTarget& d, Target& t, Timestamp now, const accounts::Actor& actor,
                  std::optional<int64_t>& command);

  storage::Database& db_;
  const Clock& clock_;
  agentlink::AgentService& agents_;
  patching::ChangeWindowService& windows_;
};

}  // namespace steward::deploy
