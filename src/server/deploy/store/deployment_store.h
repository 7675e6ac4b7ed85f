// All SQL over patch deployments, behind the caller's tenant scope: another
// customer's deployment is NotFound. What a deployment reads of changes,
// pending updates and commands is read here too, scoped the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "proto/job_approval.h"
#include "server/deploy/model/deployment.h"
#include "server/deploy/rules/deploy_outcome.h"
#include "storage/scoped_connection.h"

namespace steward::deploy {

// What creating a deployment needs of its change.
struct ChangeFacts {
  int64_t customer_id = 0;
  std::string status;
  std::vector<int64_t> device_ids;  // its CIs that are managed devices
};

// A target the job looks at: its deployment's settings with it.
struct DueTarget {
  int64_t deployment_id = 0;
  int64_t customer_id = 0;
  Reboot reboot = Reboot::kIfRequired;
  MissedWindow missed_window = MissedWindow::kNextWindow;
  // The second approval its commands carry, and until when it holds.
  std::optional<proto::JobApproval> job;
  std::optional<Timestamp> job_expires_at;
  Target target;
};

class DeploymentStore {
 public:
  explicit DeploymentStore(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("change") outside the scope.
  Result<ChangeFacts> Change(int64_t change_id);
  // The device's pending candidate version of each named package it has.
  Result<std::vector<PackageVersion>> PendingVersions(int64_t device_id,
                                                      const std::vector<std::string>& names);

  Result<int64_t> Insert(const Deployment& d);
  // NotFound("deployment") outside the scope; with targets and the package
  // results of each target's last command.
  Result<Deployment> Get(int64_t id);
  // A change's deployments, newest first (at most 100).
  Result<std::vector<Deployment>> ForChange(int64_t change_id);
  // Records the second technician's decision: the deployment's new status
  // and, when approved, the signed approval its commands carry.
  Status Decide(int64_t id, const SecondApproval& a, DeploymentStatus status,
                const std::optional<proto::JobApproval>& job, Timestamp now);
  // Every target of a rejected deployment: skipped, with the reason.
  Status SkipAll(int64_t id, const std::string& reason, Timestamp now);
  // Targets of active deployments that are sent, or waiting with their time
  // come, and targets whose device is rebooting or overdue from its reboot
  // (of any deployment), oldest first.
  Result<std::vector<DueTarget>> Due(Timestamp now, int limit);
  Status SaveTarget(int64_t deployment_id, const Target& t, Timestamp now);
  // Done when no target is in flight and no device is rebooting.
  Status FinishIfSettled(int64_t deployment_id, Timestamp now);
  // How the command ended, with its package results.
  Result<CommandReport> Report(int64_t command_id);
  // Whether the command's device connected after the command expired: it
  // is back online after missing its window.
  Result<bool> ConnectedAfter(int64_t command_id);
  // When the device's agent last connected; none when it never did.
  Result<std::optional<Timestamp>> LastConnected(int64_t device_id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::deploy
