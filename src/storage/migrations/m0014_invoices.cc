// Migration 14: invoices (server/billing, SPEC §7). One invoice per contract
// and month (the unique index makes a billing run idempotent), its lines
// (a late fee names the earlier invoice it is charged for), payments, and
// the MSP-wide counter that gives issued invoices gapless numbers: it is
// advanced in the issuing transaction, so a rolled-back issue leaves no gap.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0014 = {14,
                                         "invoices, lines, payments, gapless numbers",
                                         R"SQL(
CREATE TABLE invoices (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  month TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  status TEXT NOT NULL,
  number BIGINT,
  issue_date TEXT,
  due_date TEXT,
  total_cents BIGINT NOT NULL,
  paid_cents BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status IN ('draft','issued','paid')),
  CHECK (paid_cents >= 0)
);
CREATE UNIQUE INDEX invoices_contract_month ON invoices (contract_id, month);
CREATE UNIQUE INDEX invoices_number ON invoices (number);
CREATE INDEX invoices_customer ON invoices (customer_id, month);

CREATE TABLE invoice_lines (
  id @ID@,
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_cents BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  late_fee_of BIGINT REFERENCES invoices(id),
  CHECK (kind IN ('recurring','discount','setup','time','expense','credit','late_fee','damages'))
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);
CREATE INDEX invoice_lines_late_fee_of ON invoice_lines (late_fee_of);

CREATE TABLE invoice_payments (
  id @ID@,
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  amount_cents BIGINT NOT NULL,
  paid_on TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  CHECK (amount_cents > 0)
);
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, id);

CREATE TABLE invoice_numbers (
  id INTEGER PRIMARY KEY,
  next_number BIGINT NOT NULL,
  CHECK (id = 1)
);
INSERT INTO invoice_numbers (id, next_number) VALUES (1, 1);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
