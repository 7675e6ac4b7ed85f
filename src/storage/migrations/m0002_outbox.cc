// Migration 2: the e-mail outbox (server/notify). Rows are written in the same
// transaction as the change that causes the mail; the delivery job sends them.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0002 = {2,
                                         "e-mail outbox",
                                         R"SQL(
CREATE TABLE outbox_emails (
  id @ID@,
  customer_id BIGINT REFERENCES customers(id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  headers_json TEXT NOT NULL,
  message_id TEXT NOT NULL,
  related_type TEXT,
  related_id BIGINT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_emails_due ON outbox_emails (status, next_attempt_at);
CREATE UNIQUE INDEX outbox_emails_message_id ON outbox_emails (message_id);
CREATE INDEX outbox_emails_related ON outbox_emails (related_type, related_id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
