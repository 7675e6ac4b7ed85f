// Migration 28: who a customer's invoices are addressed to (issue 13): the
// billing contact and a postal address, both optional (an invoice falls
// back to the primary contact and the first site's address). The contact is
// not a foreign key: removing the contact must not be blocked by it, and a
// profile naming a contact that is gone falls back the same way.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0028 = {28,
                                         "customer billing profiles",
                                         R"SQL(
CREATE TABLE customer_billing_profiles (
  customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
  contact_id BIGINT,
  address_lines TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  postal_code TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
