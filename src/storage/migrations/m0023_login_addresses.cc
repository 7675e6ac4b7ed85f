// Migration 23: the addresses each user logs in from (issue 17, "login
// fairness"). A successful login records its address; for 30 days from the
// last one it counts as the user's usual address, where failures from
// elsewhere at the account cannot lock the user out.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0023 = {23,
                                         "usual login addresses",
                                         R"SQL(
CREATE TABLE login_addresses (
  user_id BIGINT NOT NULL REFERENCES users(id),
  ip TEXT NOT NULL,
  last_login_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, ip)
);
CREATE INDEX login_failures_pair ON login_failures (email, ip, at);
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
