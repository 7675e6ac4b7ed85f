// Migration 4: agents (server/agentlink). Enrolment tokens (stored hashed,
// expiring, count-limited), the agent credential and trust state of every
// enrolled device with the last batch sequence it committed (the dedup key of
// the channel), remote commands with their signed envelopes and results, and
// the script library.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0004 = {4,
                                         "agents: enrolment, credentials, commands",
                                         R"SQL(
CREATE TABLE enrollment_tokens (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  site_id BIGINT REFERENCES sites(id),
  token_hash TEXT NOT NULL,
  label TEXT NOT NULL,
  auto_approve INTEGER NOT NULL,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX enrollment_tokens_hash ON enrollment_tokens (token_hash);

CREATE TABLE agents (
  device_id BIGINT PRIMARY KEY REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  credential_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  machine_id TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  commands_enabled INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  enrollment_token_id BIGINT REFERENCES enrollment_tokens(id),
  enrolled_at BIGINT NOT NULL,
  approved_at BIGINT,
  approved_by BIGINT,
  revoked_at BIGINT,
  last_connected_at BIGINT,
  last_inventory_at BIGINT,
  remote_ip TEXT
);
CREATE UNIQUE INDEX agents_credential ON agents (credential_hash);
CREATE INDEX agents_customer ON agents (customer_id, status);
CREATE INDEX agents_machine ON agents (customer_id, machine_id);

CREATE TABLE scripts (
  id @ID@,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  interpreter TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX scripts_name ON scripts (name);

CREATE TABLE agent_commands (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  script_id BIGINT REFERENCES scripts(id),
  interpreter TEXT NOT NULL,
  script TEXT NOT NULL,
  args_json TEXT NOT NULL,
  timeout_seconds INTEGER NOT NULL,
  envelope TEXT NOT NULL,
  signature TEXT NOT NULL,
  status TEXT NOT NULL,
  refusal TEXT,
  exit_code INTEGER,
  stdout_text TEXT,
  stderr_text TEXT,
  requested_by BIGINT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  delivered_at BIGINT,
  completed_at BIGINT
);
CREATE INDEX agent_commands_device ON agent_commands (device_id, status);
CREATE INDEX agent_commands_customer ON agent_commands (customer_id, created_at);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
