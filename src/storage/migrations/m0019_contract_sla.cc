// Migration 19: a contract's own SLA terms (issue 13: "tickets take their
// clocks from the customer's active contract; the existing policies become
// defaults"). contracts.sla_json holds the targets per priority and the
// escalation levels (billing/sla_terms_json.h); tickets.sla_terms_json is
// the copy a ticket took when it was opened, so changing a contract later
// never moves the clocks of tickets already running. NULL: the customer's
// built-in policy (customers.sla_policy).
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0019 = {19,
                                         "SLA terms of contracts and of the tickets they cover",
                                         R"SQL(
ALTER TABLE contracts ADD COLUMN sla_json TEXT;
ALTER TABLE tickets ADD COLUMN sla_terms_json TEXT;
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
