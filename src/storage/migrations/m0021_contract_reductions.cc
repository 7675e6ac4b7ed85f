// Migration 21: contract reductions (issue 13, SPEC §7 "a reduction: N × the
// monthly amount removed"). One row per reduction — devices a line stopped
// covering, a lower quantity, or a whole line ended early — with the
// monthly amount it removed and the liquidated damages, charged once on the
// contract's next invoice (invoice_id; a void gives it back). Its invoice
// line names it (invoice_lines.reduction_id), so a reduction's damages are
// never taken for the termination's.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0021 = {21,
                                         "contract reductions with liquidated damages",
                                         R"SQL(
CREATE TABLE contract_reductions (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  line_id BIGINT NOT NULL REFERENCES contract_lines(id),
  on_date TEXT NOT NULL,
  description TEXT NOT NULL,
  removed_monthly_cents BIGINT NOT NULL,
  damages_cents BIGINT NOT NULL,
  invoice_id BIGINT REFERENCES invoices(id),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  CHECK (removed_monthly_cents >= 0 AND damages_cents >= 0)
);
CREATE INDEX contract_reductions_contract ON contract_reductions (contract_id, id);
CREATE INDEX contract_reductions_invoice ON contract_reductions (invoice_id);
ALTER TABLE invoice_lines ADD COLUMN reduction_id BIGINT;
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
