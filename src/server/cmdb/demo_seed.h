// Demo data for `steward demo` and screenshots: a believable book of three
// customers (a law firm, a dental practice group with two clinics, a small
// manufacturer) with sites, contacts, about thirty CIs of every kind,
// relations, a few edits (so histories are not empty) and two text documents.
// Deterministic: the same input always yields the same content.
#pragma once

#include <cstdint>
#include <vector>

#include "server/accounts/principal.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::cmdb {

// Creates the demo book through `cmdb` as `actor` (normal validation, history
// and audit). Responsible staff are taken round-robin from `staff_user_ids`
// (none when empty). Appends the new customers' ids to `customer_ids` when it
// is not null. AlreadyExists if the demo customers are already there.
Status SeedCmdbDemo(CmdbService& cmdb, const accounts::Actor& actor,
                    const std::vector<int64_t>& staff_user_ids, std::vector<int64_t>* customer_ids);

}  // namespace steward::cmdb
