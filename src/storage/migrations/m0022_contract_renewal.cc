// Migration 22: the end of a contract and its renewal (issue 13, SPEC §7).
// contracts.ends_on is the first day a contract is no longer in force when
// it will not renew (notice given, signed without auto-renewal, or renewed
// by a successor); renews_contract_id links a renewal to the contract whose
// term it follows, so each term keeps its own terms, invoices and sequence.
// cis.retired_at records when the CMDB retired a device: from that day no
// contract bills it (existing retired CIs take their last change as the
// moment, the best the data knows). invoice_lines_kind finds a contract's
// damages line among all invoice lines without reading them all (the
// billing run asks once per contract).
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0022 = {22,
                                         "contract end and renewal, CI retirement time",
                                         R"SQL(
ALTER TABLE contracts ADD COLUMN ends_on TEXT;
ALTER TABLE contracts ADD COLUMN renews_contract_id BIGINT REFERENCES contracts(id);
CREATE UNIQUE INDEX contracts_renews ON contracts (renews_contract_id);
ALTER TABLE cis ADD COLUMN retired_at BIGINT;
UPDATE cis SET retired_at = updated_at WHERE status = 'retired';
CREATE INDEX invoice_lines_kind ON invoice_lines (kind, invoice_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
