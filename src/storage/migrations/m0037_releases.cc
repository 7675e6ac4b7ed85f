// Migration 37: releases (issue 14 item 6). A release is an RFC's updates
// tried on the customer's test group first: its test deployment, then a
// soak with no new incident on the test devices; only a release that
// passed lets the RFC be approved for the rest. A change may have several
// (a failed one is followed by a new one); the newest decides.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0037 = {37,
                                         "releases",
                                         R"SQL(
CREATE TABLE releases (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  test_group_id BIGINT NOT NULL REFERENCES device_groups(id),
  deployment_id BIGINT NOT NULL REFERENCES patch_deployments(id),
  packages_json TEXT NOT NULL,
  soak_hours INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  soak_started_at BIGINT,
  soak_ends_at BIGINT,
  decided_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('testing','soaking','passed','failed'))
);
CREATE INDEX releases_change ON releases (change_id, id);
CREATE INDEX releases_status ON releases (status);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
