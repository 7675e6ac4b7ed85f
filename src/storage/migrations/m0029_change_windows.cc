// Migration 29: change windows (issue 14 item 5) as recurring rules in the
// customer's time zone, per customer, device group or device. `rrule` is
// canonical RRULE text, `start_local` "YYYY-MM-DDTHH:MM" in the customer's
// zone (the recurrence's anchor and every occurrence's time of day).
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0029 = {29,
                                         "change windows",
                                         R"SQL(
CREATE TABLE change_windows (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  level TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  rrule TEXT NOT NULL,
  start_local TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX change_windows_target ON change_windows (customer_id, level, target_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
