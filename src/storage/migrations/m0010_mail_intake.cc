// Migration 10 (written as 8; renumbered because 9 shipped first and the
// migrator applies only versions above the newest applied): the service desk's e-mail intake
// (server/servicedesk with server/mail). Customer e-mail domains (a sender whose domain matches
// opens tickets for that customer); every message taken from the intake mailbox, once per
// Message-ID (the unique index is the duplicate guard, written in the same transaction as the
// ticket), with what became of it — including the triage queue of mail from unknown senders; ticket
// attachments (bytes in the data directory, like documents); and the requester address of a ticket
// opened by mail from a sender who is not a known contact.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0010 = {10,
                                         "mail intake: messages, triage, attachments",
                                         R"SQL(
CREATE TABLE customer_email_domains (
  domain TEXT PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX customer_email_domains_customer ON customer_email_domains (customer_id);

CREATE TABLE mail_messages (
  id @ID@,
  message_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  customer_id BIGINT REFERENCES customers(id),
  ticket_id BIGINT REFERENCES tickets(id),
  reply_id BIGINT REFERENCES ticket_replies(id),
  received_at BIGINT NOT NULL,
  triaged_at BIGINT,
  triaged_by BIGINT REFERENCES users(id),
  CHECK (outcome IN ('ticket','reply','confirmation','triage','ignored'))
);
CREATE UNIQUE INDEX mail_messages_message_id ON mail_messages (message_id);
CREATE INDEX mail_messages_outcome ON mail_messages (outcome, id);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id);

CREATE TABLE ticket_attachments (
  id @ID@,
  ticket_id BIGINT REFERENCES tickets(id),
  customer_id BIGINT REFERENCES customers(id),
  mail_message_id BIGINT REFERENCES mail_messages(id),
  reply_id BIGINT REFERENCES ticket_replies(id),
  internal INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_size BIGINT NOT NULL,
  truncated INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  source TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);
CREATE INDEX ticket_attachments_message ON ticket_attachments (mail_message_id);

ALTER TABLE tickets ADD COLUMN requester_email TEXT;
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
