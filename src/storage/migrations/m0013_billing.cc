// Migration 13: contracts and billing (server/billing, SPEC §7). Service
// plans — the seed's Bronze, Silver and Gold server plans are created here as
// editable records, so every data directory has them after `init` or an
// upgrade —; contracts per customer with their term, fees and payment terms;
// contract lines of a plan by quantity or covering devices of the CMDB, each
// device effective-dated so a device added or retired mid-month is prorated.
// Dates are ISO 'YYYY-MM-DD' text (they compare as text); money is integer
// cents.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0013 = {13,
                                         "contracts and billing: plans, contracts, lines",
                                         R"SQL(
CREATE TABLE plans (
  id @ID@,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  price_cents BIGINT NOT NULL,
  tiers_json TEXT NOT NULL DEFAULT '[]',
  included_support_minutes BIGINT NOT NULL,
  flex_minutes BIGINT NOT NULL,
  discountable INTEGER NOT NULL,
  emergency_onsite_hourly_cents BIGINT NOT NULL,
  covers TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (unit IN ('server','desktop','device','user','mailbox','site')),
  CHECK (price_cents >= 0 AND included_support_minutes >= 0 AND flex_minutes >= 0
         AND emergency_onsite_hourly_cents >= 0)
);
CREATE UNIQUE INDEX plans_name ON plans (name);

INSERT INTO plans (name, unit, price_cents, included_support_minutes, flex_minutes, discountable,
                   emergency_onsite_hourly_cents, covers, active, created_at, updated_at)
VALUES
 ('Bronze', 'server', 50000, 60, 60, 1, 18500,
  'Monitoring, reporting, patching, anti-virus verification, backup verification, event-log analysis, on-call support with 3-hour response, 1 h technical support and 1 h flex time per server per month.',
  1, 0, 0),
 ('Silver', 'server', 75000, 60, 60, 1, 18500,
  'Everything in Bronze, plus future operating-system upgrades (design, research and deployment).',
  1, 0, 0),
 ('Gold', 'server', 100000, 60, 60, 1, 0,
  'Everything in Silver, plus 24x7 emergency support and on-site support at no extra charge.',
  1, 0, 0);

CREATE TABLE contracts (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  start_date TEXT NOT NULL,
  term_months INTEGER NOT NULL,
  setup_fee_cents BIGINT NOT NULL,
  payment_days INTEGER NOT NULL,
  damages_months INTEGER NOT NULL,
  notice_days INTEGER NOT NULL,
  auto_renew INTEGER NOT NULL,
  status TEXT NOT NULL,
  terminated_on TEXT,
  damages_cents BIGINT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (term_months IN (12, 24, 36)),
  CHECK (damages_months BETWEEN 2 AND 3),
  CHECK (setup_fee_cents >= 0 AND payment_days >= 0 AND notice_days >= 0),
  CHECK (status IN ('active','terminated','ended'))
);
CREATE INDEX contracts_customer ON contracts (customer_id, id);

CREATE TABLE contract_lines (
  id @ID@,
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  quantity BIGINT,
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  created_at BIGINT NOT NULL,
  CHECK (quantity IS NULL OR quantity > 0)
);
CREATE INDEX contract_lines_contract ON contract_lines (contract_id, id);

CREATE TABLE contract_line_devices (
  id @ID@,
  line_id BIGINT NOT NULL REFERENCES contract_lines(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  ci_id BIGINT NOT NULL REFERENCES cis(id),
  from_date TEXT NOT NULL,
  to_date TEXT
);
CREATE INDEX contract_line_devices_line ON contract_line_devices (line_id, ci_id);
CREATE INDEX contract_line_devices_ci ON contract_line_devices (ci_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
