// Migration 27: the approval of pending updates (issue 14 item 3). Rules per
// update class at four levels (global, customer, group, device): automatic
// (after an optional delay in days), manual or reject; and on each update
// record the decision in force — by the policy, re-applied with each scan,
// or by a person, which stays.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0027 = {27,
                                         "update approval policy and decisions",
                                         R"SQL(
CREATE TABLE update_approval_rules (
  id @ID@,
  level TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  update_class TEXT NOT NULL,
  mode TEXT NOT NULL,
  delay_days BIGINT NOT NULL,
  CHECK (level IN ('global', 'customer', 'group', 'device')),
  CHECK (mode IN ('automatic', 'manual', 'reject')),
  CHECK (delay_days >= 0 AND delay_days <= 365),
  UNIQUE (level, target_id, update_class)
);
ALTER TABLE device_updates ADD COLUMN approval TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE device_updates ADD COLUMN approval_at BIGINT;
ALTER TABLE device_updates ADD COLUMN approved_by BIGINT REFERENCES users(id);
ALTER TABLE device_updates ADD COLUMN approval_by_person INTEGER NOT NULL DEFAULT 0;
ALTER TABLE device_updates ADD COLUMN approval_note TEXT NOT NULL DEFAULT '';
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
