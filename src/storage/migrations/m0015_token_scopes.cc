// Migration 15: API token scopes (issue 17 item 1). A token now carries the
// scopes chosen at its creation, a JSON array of names such as
// ["read","ingest"]. Tokens made before this migration carried their user's
// full rights; they become read-only, the safe reading of "no scopes chosen":
// an integration that writes needs a new token with the scopes it uses.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0015 = {15,
                                         "API token scopes",
                                         R"SQL(
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '["read"]';
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
