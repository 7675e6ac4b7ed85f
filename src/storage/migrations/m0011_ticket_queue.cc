// Migration 11: indexes in the exact order of the ticket queues
// (servicedesk/store/ticket_store.cc TicketStore::List): priority, then the next due time
// (response until the first response, then resolution; none last), then id.
// With them a queue reads its first page straight from an index; without
// them the database sorted every open ticket of the MSP on each request.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0011 = {11,
                                         "ticket queue indexes",
                                         R"SQL(
DROP INDEX IF EXISTS tickets_queue;
CREATE INDEX tickets_status_queue ON tickets (status, priority_rank,
  (COALESCE(CASE WHEN first_response_at IS NULL THEN response_due ELSE resolution_due END,
            9223372036854775807)), id);
CREATE INDEX tickets_active_queue ON tickets ((CASE WHEN status = 'closed' THEN 0 ELSE 1 END),
  priority_rank,
  (COALESCE(CASE WHEN first_response_at IS NULL THEN response_due ELSE resolution_due END,
            9223372036854775807)), id);
CREATE INDEX tickets_customer_queue ON tickets (customer_id,
  (CASE WHEN status = 'closed' THEN 0 ELSE 1 END), priority_rank,
  (COALESCE(CASE WHEN first_response_at IS NULL THEN response_due ELSE resolution_due END,
            9223372036854775807)), id);
CREATE INDEX tickets_assignee_queue ON tickets (assignee_id,
  (CASE WHEN status = 'closed' THEN 0 ELSE 1 END), priority_rank,
  (COALESCE(CASE WHEN first_response_at IS NULL THEN response_due ELSE resolution_due END,
            9223372036854775807)), id);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
