// Migration 20: expenses with receipts (issue 13, SPEC §7: the invoice for
// month M bills M−1's "billable time and expenses"). An expense is money
// the MSP spent for a customer (a part, a licence, travel), optionally on a
// ticket, with its receipt stored in the database beside it (every node
// reads it; the backup holds it). invoice_id is set by the billing run that
// charged it; a void gives it back to the next run. Money in cents, dates
// ISO 'YYYY-MM-DD'.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0020 = {20,
                                         "expenses with receipts",
                                         R"SQL(
CREATE TABLE expenses (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  ticket_id BIGINT REFERENCES tickets(id),
  incurred_on TEXT NOT NULL,
  description TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  billable INTEGER NOT NULL,
  receipt_name TEXT,
  receipt_type TEXT,
  receipt @BLOB@,
  invoice_id BIGINT REFERENCES invoices(id),
  invoiced_at BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (amount_cents > 0)
);
CREATE INDEX expenses_customer ON expenses (customer_id, incurred_on);
CREATE INDEX expenses_invoice ON expenses (invoice_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
