// Migration 6: webhooks (server/notify). Endpoints per customer or MSP-wide
// with the event types they want and the secret their signatures use, and a
// delivery log: one row per event and endpoint with its attempts, the last
// HTTP status, error and duration.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0006 = {6,
                                         "webhooks and their delivery log",
                                         R"SQL(
CREATE TABLE webhooks (
  id @ID@,
  customer_id BIGINT REFERENCES customers(id),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events_json TEXT NOT NULL,
  description TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_customer ON webhooks (customer_id, active);

CREATE TABLE webhook_deliveries (
  id @ID@,
  webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
  customer_id BIGINT REFERENCES customers(id),
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_status_code INTEGER,
  last_error TEXT,
  last_duration_ms BIGINT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
