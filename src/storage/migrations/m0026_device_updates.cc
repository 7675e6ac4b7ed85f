// Migration 26: pending updates as records (issue 14 item 1). One row per
// device and package while the device reports it, with the time it was
// first seen (kept while newer candidates replace each other), its class
// and deadline; closed as installed when a scan no longer lists it and kept
// as history. A partial unique index allows one pending row per device and
// package beside any number of closed ones. Each device's last scan says
// whether its patch state is known at all; customers override the class of
// packages by name or glob.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0026 = {26,
                                         "pending updates as records",
                                         R"SQL(
CREATE TABLE device_updates (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  package TEXT NOT NULL,
  installed_version TEXT NOT NULL,
  candidate_version TEXT NOT NULL,
  origin TEXT NOT NULL,
  severity TEXT NOT NULL,
  cves TEXT NOT NULL,
  advisories TEXT NOT NULL,
  reboot_suggested INTEGER NOT NULL,
  update_class TEXT NOT NULL,
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  resolved_at BIGINT,
  CHECK (status IN ('pending', 'installed'))
);
CREATE UNIQUE INDEX device_updates_pending ON device_updates (device_id, package)
  WHERE status = 'pending';
CREATE INDEX device_updates_customer ON device_updates (customer_id, status, device_id);
CREATE TABLE device_update_scans (
  device_id BIGINT PRIMARY KEY REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  package_family TEXT NOT NULL,
  scanned_at BIGINT NOT NULL,
  pending_count BIGINT NOT NULL
);
CREATE TABLE update_class_overrides (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  pattern TEXT NOT NULL,
  update_class TEXT NOT NULL,
  UNIQUE (customer_id, pattern)
);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
