// Migration 32: the watch after a change (issue 14 item 8). When a change is
// implemented its CIs are watched for 72 hours: the row keeps the baseline
// (incidents on those CIs in the 28 days before), what the watch has seen so
// far, and the problem it opened when the incidents spiked. A problem keeps
// the change it was opened for.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0032 = {32,
                                         "the incident watch after a change",
                                         R"SQL(
CREATE TABLE change_watches (
  change_id BIGINT PRIMARY KEY REFERENCES change_requests(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  baseline_incidents BIGINT NOT NULL,
  observed_incidents BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'watching',
  problem_id BIGINT REFERENCES problems(id),
  checked_at BIGINT,
  CHECK (ends_at > starts_at),
  CHECK (state IN ('watching','quiet','spike'))
);
CREATE INDEX change_watches_state ON change_watches (state, ends_at);
ALTER TABLE problems ADD COLUMN change_id BIGINT REFERENCES change_requests(id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
