#include "storage/schema.h"

namespace steward::storage {
namespace {

// Times are BIGINT milliseconds since the epoch (UTC); calendar dates are
// TEXT 'YYYY-MM-DD'; flags are INTEGER 0/1; free-form structures are JSON TEXT.
constexpr std::string_view kInitPortable = R"SQL(
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE customers (
  id @ID@,
  name TEXT NOT NULL,
  code TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  phone TEXT,
  website TEXT,
  notes TEXT,
  sla_policy TEXT NOT NULL DEFAULT 'default',
  calendar_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX customers_name ON customers (name);

CREATE TABLE sites (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  address TEXT,
  city TEXT,
  postal_code TEXT,
  country TEXT,
  phone TEXT,
  notes TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sites_customer ON sites (customer_id);

CREATE TABLE contacts (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  site_id BIGINT REFERENCES sites(id),
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  title TEXT,
  is_primary INTEGER NOT NULL DEFAULT 0,
  notes TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_customer ON contacts (customer_id);
CREATE INDEX contacts_email ON contacts (email);

CREATE TABLE users (
  id @ID@,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  contact_id BIGINT REFERENCES contacts(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  phone TEXT,
  expertise TEXT NOT NULL DEFAULT '[]',
  responsibilities TEXT NOT NULL DEFAULT '[]',
  availability TEXT,
  on_call INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (role IN ('owner','service_manager','technician','change_manager','billing_admin',
                  'account_manager','portal')),
  CHECK ((role = 'portal') = (customer_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip TEXT,
  user_agent TEXT,
  mfa_setup_only INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

CREATE TABLE login_failures (
  id @ID@,
  email TEXT NOT NULL,
  ip TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE audit_log (
  id @ID@,
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  ip TEXT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT,
  customer_id BIGINT,
  details TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE cis (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  site_id BIGINT REFERENCES sites(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  serial_number TEXT,
  make TEXT,
  model TEXT,
  hardware TEXT,
  os_name TEXT,
  os_version TEXT,
  software_config TEXT,
  installed_software TEXT NOT NULL DEFAULT '[]',
  warranty_vendor TEXT,
  warranty_expires TEXT,
  licences TEXT,
  migration_date TEXT,
  criticality TEXT NOT NULL DEFAULT 'medium',
  max_downtime_minutes BIGINT,
  change_window TEXT,
  responsible_user_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'active',
  notes TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX cis_customer ON cis (customer_id, kind);
CREATE INDEX cis_serial ON cis (serial_number);

CREATE TABLE ci_relations (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  from_ci_id BIGINT NOT NULL REFERENCES cis(id),
  to_ci_id BIGINT NOT NULL REFERENCES cis(id),
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (from_ci_id <> to_ci_id)
);
CREATE UNIQUE INDEX ci_relations_unique ON ci_relations (from_ci_id, to_ci_id, kind);
CREATE INDEX ci_relations_to ON ci_relations (to_ci_id);

CREATE TABLE ci_history (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  ci_id BIGINT NOT NULL REFERENCES cis(id),
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  rfc_ref TEXT
);
CREATE INDEX ci_history_ci ON ci_history (ci_id, id);

CREATE TABLE documents (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  uploaded_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX documents_customer ON documents (customer_id);
)SQL";

// Full-text search: one index over every searchable object. `customer_id` is
// 0 for MSP-wide objects (knowledge articles later) so the tenant filter is a
// plain equality in both dialects.
constexpr std::string_view kInitSqlite = R"SQL(
CREATE VIRTUAL TABLE search_index USING fts5(
  object_type UNINDEXED, object_id UNINDEXED, customer_id UNINDEXED, title, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
)SQL";

constexpr std::string_view kInitPostgres = R"SQL(
CREATE TABLE search_index (
  object_type TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED,
  PRIMARY KEY (object_type, object_id)
);
CREATE INDEX search_index_tsv ON search_index USING GIN (tsv);
)SQL";

}  // namespace

// Later migrations live one per file in storage/migrations/, named by version.
extern const Migration kMigration0002;
extern const Migration kMigration0003;
extern const Migration kMigration0004;
extern const Migration kMigration0005;
extern const Migration kMigration0006;
extern const Migration kMigration0007;
extern const Migration kMigration0009;
extern const Migration kMigration0010;
extern const Migration kMigration0011;
extern const Migration kMigration0012;
extern const Migration kMigration0013;
extern const Migration kMigration0014;
extern const Migration kMigration0015;
extern const Migration kMigration0016;
extern const Migration kMigration0017;
extern const Migration kMigration0018;
extern const Migration kMigration0019;
extern const Migration kMigration0020;
extern const Migration kMigration0021;
extern const Migration kMigration0022;
extern const Migration kMigration0023;
extern const Migration kMigration0024;
extern const Migration kMigration0025;
extern const Migration kMigration0026;
extern const Migration kMigration0027;
extern const Migration kMigration0028;
extern const Migration kMigration0029;
extern const Migration kMigration0030;
extern const Migration kMigration0031;
extern const Migration kMigration0032;
extern const Migration kMigration0033;
extern const Migration kMigration0034;
extern const Migration kMigration0035;
extern const Migration kMigration0036;
extern const Migration kMigration0037;

const std::vector<Migration>& SchemaMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "customer data repository, accounts and audit", kInitPortable, kInitSqlite,
       kInitPostgres},
      kMigration0002,
      kMigration0003,
      kMigration0004,
      kMigration0005,
      kMigration0006,
      kMigration0007,
      kMigration0009,
      kMigration0010,
      kMigration0011,
      kMigration0012,
      kMigration0013,
      kMigration0014,
      kMigration0015,
      kMigration0016,
      kMigration0017,
      kMigration0018,
      kMigration0019,
      kMigration0020,
      kMigration0021,
      kMigration0022,
      kMigration0023,
      kMigration0024,
      kMigration0025,
      kMigration0026,
      kMigration0027,
      kMigration0028,
      kMigration0029,
      kMigration0030,
      kMigration0031,
      kMigration0032,
      kMigration0033,
      kMigration0034,
      kMigration0035,
      kMigration0036,
      kMigration0037,
  };
  return kMigrations;
}

}  // namespace steward::storage
