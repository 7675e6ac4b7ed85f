// Migration 18: attachments of outbound mail (issue 13: an invoice's PDF
// e-mailed to the billing contact). The files are stored in the database
// with their outbox row, written in the same transaction, so every node can
// send the message and a restart between enqueueing and sending loses
// nothing.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0018 = {18,
                                         "attachments of outbound mail",
                                         R"SQL(
CREATE TABLE outbox_attachments (
  id @ID@,
  email_id BIGINT NOT NULL REFERENCES outbox_emails(id),
  position INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content @BLOB@ NOT NULL
);
CREATE UNIQUE INDEX outbox_attachments_email ON outbox_attachments (email_id, position);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
