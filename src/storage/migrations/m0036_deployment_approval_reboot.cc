// Migration 36: a deployment's second approval and its devices' reboots
// (issue 14 item 7, SECURITY.md goal 3).
//
// A deployment to more than 25 devices waits for a second technician:
// approval_* hold why, the decision, who made it and when; job_manifest and
// job_signature are the signed approval every command of the job carries
// (proto/job_approval.h). A rejected deployment keeps status 'done' (the
// status CHECK of migration 35) with approval_decision 'rejected'.
//
// A target whose device reboots after its packages is 'rebooting' from
// reboot_since until it reconnects ('back') or reboot_deadline passes
// ('overdue', with an alert); reboot_window_id is the maintenance window
// that keeps its alerts quiet meanwhile.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0036 = {36,
                                         "deployment second approval and reboots",
                                         R"SQL(
ALTER TABLE patch_deployments ADD COLUMN approval_reason TEXT;
ALTER TABLE patch_deployments ADD COLUMN approval_decision TEXT;
ALTER TABLE patch_deployments ADD COLUMN approval_decided_by BIGINT REFERENCES users(id);
ALTER TABLE patch_deployments ADD COLUMN approval_decided_at BIGINT;
ALTER TABLE patch_deployments ADD COLUMN approval_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE patch_deployments ADD COLUMN approval_expires_at BIGINT;
ALTER TABLE patch_deployments ADD COLUMN job_manifest TEXT;
ALTER TABLE patch_deployments ADD COLUMN job_signature TEXT;
ALTER TABLE patch_deployment_targets ADD COLUMN reboot_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE patch_deployment_targets ADD COLUMN reboot_since BIGINT;
ALTER TABLE patch_deployment_targets ADD COLUMN reboot_deadline BIGINT;
ALTER TABLE patch_deployment_targets ADD COLUMN reboot_window_id BIGINT;
CREATE INDEX patch_deployment_targets_rebooting
  ON patch_deployment_targets (reboot_state, reboot_deadline);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
