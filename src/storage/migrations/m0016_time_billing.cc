// Migration 16: support time as billing sees it (issue 13, SPEC §7). A time
// entry gets the day the work was done (work_date, the MSP's local date;
// entries logged before this migration take the UTC date they were logged),
// the `emergency_onsite` work type, and what the invoice that billed it drew
// from the month's included hours. Hourly rates per work type are MSP-wide
// records (the plan's emergency on-site rate overrides its row), and flex
// hours are an append-only ledger per customer and flex year. The scheduled
// billing run records each month it completed, so it catches up from there.
#include "storage/schema.h"

namespace steward::storage {

namespace {

// SQLite cannot change a CHECK constraint: the table is rebuilt.
constexpr std::string_view kSqlite = R"SQL(
CREATE TABLE ticket_time_entries_v16 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  work_date TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  work_type TEXT NOT NULL,
  billable INTEGER NOT NULL,
  note TEXT,
  invoiced_at BIGINT,
  invoice_id BIGINT REFERENCES invoices(id),
  included_minutes INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (minutes > 0 AND minutes % 15 = 0),
  CHECK (work_type IN ('remote','phone','on_site','after_hours','emergency','emergency_onsite'))
);
INSERT INTO ticket_time_entries_v16 (id, ticket_id, customer_id, user_id, work_date, minutes,
  work_type, billable, note, invoiced_at, created_at, updated_at)
SELECT id, ticket_id, customer_id, user_id, date(created_at / 1000, 'unixepoch'), minutes,
  work_type, billable, note, invoiced_at, created_at, updated_at FROM ticket_time_entries;
DROP TABLE ticket_time_entries;
ALTER TABLE ticket_time_entries_v16 RENAME TO ticket_time_entries;
CREATE INDEX ticket_time_entries_ticket ON ticket_time_entries (ticket_id);
CREATE INDEX ticket_time_entries_billing ON ticket_time_entries (customer_id, work_date);
)SQL";

constexpr std::string_view kPostgres = R"SQL(
ALTER TABLE ticket_time_entries ADD COLUMN work_date TEXT;
UPDATE ticket_time_entries
   SET work_date = to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
ALTER TABLE ticket_time_entries ALTER COLUMN work_date SET NOT NULL;
ALTER TABLE ticket_time_entries ADD COLUMN invoice_id BIGINT REFERENCES invoices(id);
ALTER TABLE ticket_time_entries ADD COLUMN included_minutes INTEGER;
ALTER TABLE ticket_time_entries DROP CONSTRAINT ticket_time_entries_work_type_check;
ALTER TABLE ticket_time_entries ADD CONSTRAINT ticket_time_entries_work_type_check
  CHECK (work_type IN ('remote','phone','on_site','after_hours','emergency','emergency_onsite'));
CREATE INDEX ticket_time_entries_billing ON ticket_time_entries (customer_id, work_date);
)SQL";

}  // namespace

extern const Migration kMigration0016 = {16,
                                         "time entries for billing, work-type rates, flex ledger",
                                         R"SQL(
CREATE TABLE work_type_rates (
  work_type TEXT PRIMARY KEY,
  hourly_cents BIGINT NOT NULL,
  draws_included INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (hourly_cents >= 0)
);
INSERT INTO work_type_rates (work_type, hourly_cents, draws_included, updated_at) VALUES
  ('remote', 15000, 1, 0),
  ('phone', 15000, 1, 0),
  ('on_site', 15000, 1, 0),
  ('after_hours', 22500, 0, 0),
  ('emergency', 25000, 0, 0),
  ('emergency_onsite', 18500, 0, 0);

CREATE TABLE flex_ledger (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  flex_year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  earned_month TEXT,
  ticket_id BIGINT REFERENCES tickets(id),
  note TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  CHECK (kind IN ('earn','draw')),
  CHECK ((kind = 'earn' AND minutes >= 0 AND earned_month IS NOT NULL)
      OR (kind = 'draw' AND minutes < 0 AND earned_month IS NULL))
);
CREATE INDEX flex_ledger_customer ON flex_ledger (customer_id, flex_year);
CREATE UNIQUE INDEX flex_ledger_earned ON flex_ledger (customer_id, earned_month);

CREATE TABLE billing_runs (
  month TEXT PRIMARY KEY,
  invoices INTEGER NOT NULL,
  ran_at BIGINT NOT NULL
);
)SQL",
                                         kSqlite, kPostgres};

}  // namespace steward::storage
