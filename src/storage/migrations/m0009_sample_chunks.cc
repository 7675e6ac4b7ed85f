// Migration 9: compacted sample history (server/monitoring/sample_chunks).
// One row per series and closed two-hour window (sometimes two, when late
// samples arrive after compaction) holding a Gorilla-compressed chunk.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0009 = {9,
                                         "compressed sample chunks",
                                         R"SQL(
CREATE TABLE metric_chunks (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  metric TEXT NOT NULL,
  series_key TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  start_ts BIGINT NOT NULL,
  end_ts BIGINT NOT NULL,
  sample_count INTEGER NOT NULL,
  data @BLOB@ NOT NULL
);
CREATE INDEX metric_chunks_series ON metric_chunks (device_id, metric, end_ts);
CREATE INDEX metric_chunks_end ON metric_chunks (end_ts);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
