// Row-level helpers for configuration items, shared by the CI, relation and
// CSV files of the CMDB service. Internal to server/cmdb.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/json.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::cmdb::internal {

// Every CI column, for FindCi and the queries that list CIs.
inline constexpr std::string_view kCiSelect =
    "SELECT id, customer_id, site_id, kind, name, serial_number, make, model, hardware, os_name,"
    " os_version, software_config, installed_software, warranty_vendor, warranty_expires,"
    " licences, migration_date, criticality, max_downtime_minutes,"
    " responsible_user_id, status, notes, created_at, updated_at FROM cis";

// The API shape of a CI row: every field, id and times.
Json CiJson(const storage::Row& row);

// The CI if `scope` allows it.
Result<std::optional<storage::Row>> FindCi(storage::Connection& c,
                                           const storage::TenantScope& scope, int64_t id);

// "CI 12 (esx-01)": how history entries name another CI.
std::string CiLabel(const storage::Row& row);

}  // namespace steward::cmdb::internal
