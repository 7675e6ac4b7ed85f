// Migration 31: a CI's history cites a real change (issue 14 item 4). The
// free-text `rfc_ref` of earlier rows stays as it was written; new rows
// carry the change's id as well. A CI's free-text change window gives way
// to the recurring rules of change_windows (item 5); the text stays in the
// CI's history.
#include "storage/schema.h"

namespace steward::storage {

extern const Migration kMigration0031 = {31,
                                         "CI history linked to changes; no free-text change window",
                                         R"SQL(
ALTER TABLE ci_history ADD COLUMN rfc_id BIGINT REFERENCES change_requests(id);
ALTER TABLE cis DROP COLUMN change_window;
)SQL",
                                         {},
                                         {}};

}  // namespace steward::storage
