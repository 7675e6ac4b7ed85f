// Migration 34: what an "install_updates" action asked for and what the
// agent says became of each package (issue 14 item 7). The action's JSON
// stays beside the command (the results are checked against it); each
// package's outcome is a row; the device says whether it needs a reboot.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0034 = {34,
                                         "package results of update actions",
                                         R"SQL(
ALTER TABLE agent_commands ADD COLUMN action_json TEXT;
ALTER TABLE agent_commands ADD COLUMN reboot_required INTEGER;
ALTER TABLE agent_commands ADD COLUMN reboot_scheduled INTEGER;
CREATE TABLE agent_command_packages (
  command_id BIGINT NOT NULL REFERENCES agent_commands(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  outcome TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  dpkg_state TEXT NOT NULL DEFAULT '',
  exit_code INTEGER,
  log_tail TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (command_id, name),
  CHECK (outcome IN ('installed','failed','held'))
);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
