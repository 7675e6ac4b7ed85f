// Migration 25: what each agent last said it gave up on (issue 17, item 5).
// An agent reports the running total of batches its spool dropped, per
// reason; the server keeps the last total so that a growth, and only a
// growth, raises an alert on the device.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0025 = {25,
                                         "agent spool drop totals",
                                         R"SQL(
CREATE TABLE agent_spool_drops (
  device_id BIGINT NOT NULL REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  reason TEXT NOT NULL,
  total BIGINT NOT NULL,
  reported_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, reason)
);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
