// Migration 12: recent samples as write-ahead batch records
// (server/monitoring/sample_batches): one row per acknowledged batch of a
// device instead of a row per sample, compacted into metric_chunks once the
// batch's two-hour windows close. metric_samples stays for the rows written
// before this migration; compaction drains it.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0012 = {12,
                                         "write-ahead sample batch records",
                                         R"SQL(
CREATE TABLE metric_batches (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  min_ts BIGINT NOT NULL,
  max_ts BIGINT NOT NULL,
  sample_count INTEGER NOT NULL,
  data @BLOB@ NOT NULL
);
CREATE INDEX metric_batches_device ON metric_batches (device_id, max_ts);
CREATE INDEX metric_batches_min_ts ON metric_batches (min_ts);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
