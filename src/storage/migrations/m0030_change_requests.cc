// Migration 30: change requests become a real module (issue 14 item 4). The
// desk's stub row gains the RFC's fields, its CIs and reviewers, votes, a
// status history, and freezes join the change calendar. The stubs the desk
// opened so far held only a title, so they become drafts to be filled.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0030 = {30,
                                         "change requests",
                                         R"SQL(
ALTER TABLE change_requests ADD COLUMN type TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE change_requests ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN components TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN risk TEXT;
ALTER TABLE change_requests ADD COLUMN impact TEXT;
ALTER TABLE change_requests ADD COLUMN backout_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN test_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN cost_estimate_cents BIGINT;
ALTER TABLE change_requests ADD COLUMN planned_start BIGINT;
ALTER TABLE change_requests ADD COLUMN planned_end BIGINT;
ALTER TABLE change_requests ADD COLUMN quorum INTEGER NOT NULL DEFAULT 1;
ALTER TABLE change_requests ADD COLUMN customer_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE change_requests ADD COLUMN outcome TEXT;
ALTER TABLE change_requests ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE change_requests ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE change_requests SET status = 'draft', updated_at = created_at;
CREATE INDEX change_requests_planned ON change_requests (customer_id, status, planned_start);

CREATE TABLE change_request_cis (
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  ci_id BIGINT NOT NULL REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  PRIMARY KEY (change_id, ci_id)
);
CREATE INDEX change_request_cis_ci ON change_request_cis (ci_id);

CREATE TABLE change_request_reviewers (
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  PRIMARY KEY (change_id, user_id)
);

CREATE TABLE change_approvals (
  id @ID@,
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  user_id BIGINT REFERENCES users(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  decision TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX change_approvals_change ON change_approvals (change_id, id);

CREATE TABLE change_request_events (
  id @ID@,
  change_id BIGINT NOT NULL REFERENCES change_requests(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_request_events_change ON change_request_events (change_id, id);

CREATE TABLE change_freezes (
  id @ID@,
  customer_id BIGINT REFERENCES customers(id),
  name TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX change_freezes_time ON change_freezes (starts_at, ends_at);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
