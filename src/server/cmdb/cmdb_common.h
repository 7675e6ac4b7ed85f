// Helpers shared by the CMDB's store files: scope-filtered existence checks,
// reference checks, paging and LIKE patterns. Internal to server/cmdb.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "server/cmdb/cmdb_service.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::cmdb::internal {

// ISO 8601 text of a stored millisecond timestamp.
std::string IsoTime(int64_t millis);

// InvalidArgument unless 1 <= limit <= 500 and offset >= 0.
Status CheckPage(const Page& page);

// {"<key>": items, "total", "limit", "offset"}.
Json PagedList(const char* key, Json items, int64_t total, const Page& page);

// "%<lower-cased, LIKE-escaped q>%", for `LOWER(col) LIKE ? ESCAPE '\'`.
std::string ContainsPattern(std::string_view q);

// NotFound("customer") unless the customer exists and `scope` allows it.
Status RequireVisibleCustomer(storage::Connection& c, const storage::TenantScope& scope,
                              int64_t customer_id);

// InvalidArgument (field `field`) unless `site_id` is a site of `customer_id`.
Status RequireSiteOfCustomer(storage::Connection& c, int64_t site_id, int64_t customer_id,
                             const char* field = "site_id");

// InvalidArgument (field `field`) unless `user_id` is an enabled staff user.
Status RequireActiveStaff(storage::Connection& c, int64_t user_id, const char* field);

// The optional "rfc_ref" of a CI write: the change it belongs to, as
// "RFC-42" (or "42"). CheckRfcRef checks the form; RecordCiChanges checks
// that the change exists, is the CI's customer's and was approved.
std::optional<std::string> ReadRfcRef(ObjectReader& reader);
Status CheckRfcRef(const std::optional<std::string>& rfc_ref);
// 42 for "RFC-42", "rfc-42" or "42"; none for anything else.
std::optional<int64_t> RfcIdOf(std::string_view rfc_ref);

// Names of the fields whose value differs between `before` and `after`
// (only keys present in `after` are compared).
Json ChangedFieldNames(const Json& before, const Json& after);

// One page of a customer-owned table for `scope`, optionally narrowed to one
// (visible) customer: {"<key>": [...], "total", "limit", "offset"}.
// `count_from` is "SELECT COUNT(*) AS n FROM <table>", `select` the table's
// column list ending in "FROM <table>", `order_by` " ORDER BY ..." — all
// compile-time constants of the calling store file.
struct CustomerOwnedList {
  std::string_view count_from;
  std::string_view select;
  std::string_view order_by;
  const char* key;
  Json (*render)(const storage::Row&);
};
Result<Json> ListCustomerOwned(storage::Database& db, const storage::TenantScope& scope,
                               std::optional<int64_t> customer_id, const Page& page,
                               const CustomerOwnedList& list);

// PermissionDenied unless the principal sees every customer (staff).
Status RequireStaffScope(const storage::TenantScope& scope, std::string_view what);

}  // namespace steward::cmdb::internal
