// Migration 33: indexes that answer a customer's patch compliance without
// reading every pending record (issue 14 item 9: 25,000 devices × 200
// pending updates in under 200 ms). The figure needs, per managed device,
// whether anything non-rejected is pending, and the records overdue now per
// class. Overdue depends on the time asked about, so no count can be kept
// up to date by writes alone; but the overdue records are few and sit at
// one end of an index ordered by deadline:
//
// * device_updates_waiting: pending records still waiting for a decision,
//   by customer and deadline. "Overdue now" is the range deadline <= now:
//   the scan reads exactly the overdue records, from the index alone.
// * device_updates_approved: pending approved records by customer and the
//   time the approval takes effect. One approved late (after its deadline)
//   is overdue until then; the range approval_at > now holds only the
//   approvals not in force yet, a handful.
// * device_updates_customer (customer, status, device) gains the approval:
//   "anything left to install" becomes one probe per device that stops at
//   its first entry ('approved' and 'pending' sort before 'rejected'),
//   without reading the table. The old index is a prefix of the new one.
//
// Portable: partial indexes with constant predicates work the same on
// SQLite and PostgreSQL; the queries repeat the predicates literally. The
// partial indexes also carry status and approval: SQLite 3.40 reads the
// table for any column the query names that the index lacks, even one its
// predicate fixes, and the scan would no longer be index-only.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0033 = {33,
                                         "indexes for patch compliance",
                                         R"SQL(
CREATE INDEX device_updates_waiting ON device_updates
  (customer_id, deadline_at, device_id, update_class, status, approval)
  WHERE status = 'pending' AND approval = 'pending';
CREATE INDEX device_updates_approved ON device_updates
  (customer_id, approval_at, deadline_at, device_id, update_class, status, approval)
  WHERE status = 'pending' AND approval = 'approved';
DROP INDEX device_updates_customer;
CREATE INDEX device_updates_customer ON device_updates (customer_id, status, device_id, approval);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
