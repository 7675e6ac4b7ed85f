// Helpers shared by the agentlink service files.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/json.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::agentlink::internal {

std::string FormatMillis(int64_t millis);

// NotFound unless the customer exists and `scope` may see it.
Status RequireVisibleCustomer(storage::Connection& c, const storage::TenantScope& scope,
                              int64_t customer_id);

// Agent-supplied text for a log line or a CI field: control characters become spaces.
std::string Printable(std::string_view text, size_t max_len);

}  // namespace steward::agentlink::internal
