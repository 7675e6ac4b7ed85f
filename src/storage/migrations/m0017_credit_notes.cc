// Migration 17: credit notes (issue 13). An issued invoice is never edited
// or deleted; it is voided by a credit note: a document of its own with the
// next number of the invoices' gapless sequence (invoice_numbers), the
// original's lines negated, and the reason. One credit note per invoice
// (the unique index makes a second void of the same invoice impossible).
//
// The void itself is stored on the invoice as credit_note_id, not as
// status = 'void': the CHECK on invoices.status cannot be changed in place
// on SQLite, and rebuilding invoices inside the migration's transaction is
// refused by the foreign keys of its lines and payments (SQLite cannot turn
// them off inside a transaction). The stores read an invoice with a credit
// note as status void, and every write that needs an open invoice (payment,
// void, late fees) checks credit_note_id IS NULL in the same UPDATE, so a
// payment and a void racing on one invoice cannot both win.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0017 = {17,
                                         "credit notes: voiding an issued invoice",
                                         R"SQL(
CREATE TABLE credit_notes (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  number BIGINT NOT NULL,
  issue_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  total_cents BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX credit_notes_invoice ON credit_notes (invoice_id);
CREATE UNIQUE INDEX credit_notes_number ON credit_notes (number);
CREATE INDEX credit_notes_issue_date ON credit_notes (issue_date);

CREATE TABLE credit_note_lines (
  id @ID@,
  credit_note_id BIGINT NOT NULL REFERENCES credit_notes(id),
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
CREATE INDEX credit_note_lines_note ON credit_note_lines (credit_note_id, position);

ALTER TABLE invoices ADD COLUMN credit_note_id BIGINT REFERENCES credit_notes(id);
CREATE INDEX invoices_issue_date ON invoices (issue_date);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
