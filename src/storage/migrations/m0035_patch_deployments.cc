// Migration 35: patch deployments (issue 14 item 7). A deployment is an
// approved change's updates going out; each device is a target with the
// packages (and versions) it installs, its state and the signed command
// now out for it. The package results are the command's (migration 34).
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0035 = {35,
                                         "patch deployments",
                                         R"SQL(
CREATE TABLE patch_deployments (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  packages_json TEXT NOT NULL,
  reboot TEXT NOT NULL,
  missed_window TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('awaiting_approval','active','done'))
);
CREATE INDEX patch_deployments_change ON patch_deployments (change_id);

CREATE TABLE patch_deployment_targets (
  deployment_id BIGINT NOT NULL REFERENCES patch_deployments(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  packages_json TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  command_id BIGINT REFERENCES agent_commands(id),
  attempts INTEGER NOT NULL DEFAULT 0,
  missed_window INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (deployment_id, device_id)
);
CREATE INDEX patch_deployment_targets_due ON patch_deployment_targets (state, next_attempt_at);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
