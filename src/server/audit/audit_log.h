// The audit trail: one append-only record per write (who, when, from where,
// what, on which object) plus every login attempt. Records are written in the
// same transaction as the change they describe, so a change without its
// record (or the reverse) cannot exist. Each record carries the SHA-256 of
// its predecessor's hash and its own content, so editing, deleting or
// reordering a record breaks the chain and VerifyAuditChain finds it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "storage/database.h"

namespace steward::audit {

struct AuditEvent {
  std::string action;       // "customer.create", "auth.login_failed", ...
  std::string object_type;  // "customer"
  std::string object_id;    // "42" (may be empty)
  std::optional<int64_t> customer_id;
  Json details = Json::object();  // what changed; never secrets
};

// Appends `event` inside the caller's transaction.
Status Record(storage::Connection& c, Timestamp now, const accounts::Actor& actor,
              const AuditEvent& event);

struct AuditQuery {
  std::optional<Timestamp> since;
  std::optional<std::string> action_prefix;
  int64_t before_id = 0;  // 0 = newest
  int limit = 100;
};

// Newest first.
Result<Json> List(storage::Connection& c, const AuditQuery& query);

// OK if every record's hash matches its content and predecessor; DataLoss
// naming the first record that does not.
Status VerifyChain(storage::Connection& c);

}  // namespace steward::audit
