// The change history of configuration items (SPEC §1: "every change to a CI
// is recorded: who, when, what changed, and under which RFC"). One row per
// changed field with its old and new value as text (JSON text for structured
// fields), the actor's label and user id, the time and an optional RFC
// reference. Rows are only ever appended, inside the transaction that makes
// the change, so the history cannot miss a committed change.
//
// CmdbService records history for API edits, imports and relations; other
// writers of CIs (inventory ingest) call RecordCiChanges the same way, inside
// their own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::cmdb {

struct CiChange {
  std::string field;  // a CI field name, or "created" / "relation"
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

// The id of the change `ref` ("RFC-42") names: InvalidArgument naming
// "rfc_ref" unless it is `customer_id`'s and went ahead (approved,
// scheduled, implemented, or closed after it ran).
Result<int64_t> ResolveRfcRef(storage::Connection& c, int64_t customer_id, const std::string& ref);

// Appends one history row per change inside the caller's transaction.
// `customer_id` must be the CI's customer. `rfc_ref` must name a change of
// that customer that went ahead (InvalidArgument naming "rfc_ref"); the row
// links it by id.
Status RecordCiChanges(storage::Connection& c, Timestamp now, const accounts::Actor& actor,
                       int64_t customer_id, int64_t ci_id, const std::vector<CiChange>& changes,
                       const std::optional<std::string>& rfc_ref);

// The field-level differences from `before` to `after` (records of
// CiFields(); only keys present in `after` are compared).
std::vector<CiChange> DiffCiFields(const Json& before, const Json& after);

// Newest first: [{"id","at","actor","actor_user_id","field","old_value","new_value","rfc_ref",
// "rfc_id"}].
// Only rows of CIs `scope` allows.
Result<Json> ListCiHistory(storage::Connection& c, const storage::TenantScope& scope, int64_t ci_id,
                           int64_t limit);

}  // namespace steward::cmdb
