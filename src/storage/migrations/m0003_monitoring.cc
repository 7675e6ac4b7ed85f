// Migration 3: monitoring (server/monitoring). Raw samples and their 5-minute
// and hourly rollups, the last check-in of every device, device groups,
// threshold policies, the evaluator's persisted window state, alerts with
// their event history, maintenance windows.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0003 = {3,
                                         "monitoring: samples, rollups, policies, alerts",
                                         R"SQL(
CREATE TABLE metric_samples (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  metric TEXT NOT NULL,
  series_key TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  ts BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL
);
CREATE INDEX metric_samples_series ON metric_samples (device_id, metric, ts);
CREATE INDEX metric_samples_ts ON metric_samples (ts);

CREATE TABLE metric_rollups (
  device_id BIGINT NOT NULL REFERENCES cis(id),
  metric TEXT NOT NULL,
  series_key TEXT NOT NULL,
  resolution_ms BIGINT NOT NULL,
  bucket_start BIGINT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  labels_json TEXT NOT NULL,
  min_value DOUBLE PRECISION NOT NULL,
  max_value DOUBLE PRECISION NOT NULL,
  sum_value DOUBLE PRECISION NOT NULL,
  sample_count BIGINT NOT NULL,
  PRIMARY KEY (device_id, metric, series_key, resolution_ms, bucket_start)
);
CREATE INDEX metric_rollups_age ON metric_rollups (resolution_ms, bucket_start);

CREATE TABLE device_checkins (
  device_id BIGINT PRIMARY KEY REFERENCES cis(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

CREATE TABLE device_groups (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX device_groups_name ON device_groups (customer_id, name);

CREATE TABLE device_group_members (
  group_id BIGINT NOT NULL REFERENCES device_groups(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  PRIMARY KEY (group_id, device_id)
);
CREATE INDEX device_group_members_device ON device_group_members (device_id);

CREATE TABLE monitoring_policies (
  id @ID@,
  scope TEXT NOT NULL,
  scope_id BIGINT NOT NULL,
  customer_id BIGINT REFERENCES customers(id),
  settings_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (scope IN ('global','customer','group','device'))
);
CREATE UNIQUE INDEX monitoring_policies_scope ON monitoring_policies (scope, scope_id);

CREATE TABLE alert_windows (
  device_id BIGINT NOT NULL REFERENCES cis(id),
  condition_name TEXT NOT NULL,
  series_key TEXT NOT NULL,
  state_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, condition_name, series_key)
);

CREATE TABLE alerts (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT NOT NULL REFERENCES cis(id),
  condition_name TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  last_event_at BIGINT NOT NULL,
  repeat_count BIGINT NOT NULL DEFAULT 0,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT REFERENCES users(id),
  resolved_at BIGINT,
  ticket_id BIGINT,
  CHECK (status IN ('open','resolved'))
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (device_id, condition_name) WHERE status = 'open';
CREATE INDEX alerts_customer ON alerts (customer_id, status);
CREATE INDEX alerts_device ON alerts (device_id, opened_at);

CREATE TABLE alert_events (
  id @ID@,
  alert_id BIGINT NOT NULL REFERENCES alerts(id),
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  actor_user_id BIGINT
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TABLE maintenance_windows (
  id @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  device_id BIGINT REFERENCES cis(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_customer ON maintenance_windows (customer_id, ends_at);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
