#include "server/cmdb/cmdb_common.h"

#include "core/time_format.h"
#include "server/cmdb/record_fields.h"

namespace steward::cmdb::internal {

std::string IsoTime(int64_t millis) { return FormatIso8601(FromMillis(millis)); }

Status CheckPage(const Page& page) {
  if (page.limit < 1 || page.limit > 500) {
    return Status::InvalidArgument("must be between 1 and 500", "limit");
  }
  if (page.offset < 0) return Status::InvalidArgument("must not be negative", "offset");
  return Status::Ok();
}

Json PagedList(const char* key, Json items, int64_t total, const Page& page) {
  return {
      {key, std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

std::string ContainsPattern(std::string_view q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out += '%';
  return out;
}

Status RequireVisibleCustomer(storage::Connection& c, const storage::TenantScope& scope,
                              int64_t customer_id) {
  std::string sql = "SELECT id FROM customers WHERE id = ?";
  storage::Params params{customer_id};
  scope.AppendFilter(sql, params, "id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("customer", std::to_string(customer_id));
  return Status::Ok();
}

Status RequireSiteOfCustomer(storage::Connection& c, int64_t site_id, int64_t customer_id,
                             const char* field) {
  STEWARD_ASSIGN_OR_RETURN(auto row,
                           c.QueryOptional("SELECT id FROM sites WHERE id = ? AND customer_id = ?",
                                           {site_id, customer_id}));
  if (!row) return Status::InvalidArgument("no such site of this customer", field);
  return Status::Ok();
}

Status RequireActiveStaff(storage::Connection& c, int64_t user_id, const char* field) {
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT role, disabled FROM users WHERE id = ?", {user_id}));
  if (!row || row->Text("role") == "portal" || row->Bool("disabled")) {
    return Status::InvalidArgument("must be an active MSP staff user", field);
  }
  return Status::Ok();
}

std::optional<std::string> ReadRfcRef(ObjectReader& reader) {
  return reader.OptionalString("rfc_ref", 64);
}

Status CheckRfcRef(const std::optional<std::string>& rfc_ref) {
  if (rfc_ref && !RfcIdOf(*rfc_ref)) {
    return Status::InvalidArgument("must name a change, as RFC-<number>", "rfc_ref");
  }
  return Status::Ok();
}

std::optional<int64_t> RfcIdOf(std::string_view rfc_ref) {
  if (rfc_ref.size() > 4 && (rfc_ref.substr(0, 4) == "RFC-" || rfc_ref.substr(0, 4) == "rfc-")) {
    rfc_ref.remove_prefix(4);
  }
  if (rfc_ref.empty() || rfc_ref.size() > 18) return std::nullopt;
  int64_t id = 0;
  for (char ch : rfc_ref) {
    if (ch < '0' || ch > '9') return std::nullopt;
    id = id * 10 + (ch - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

Json ChangedFieldNames(const Json& before, const Json& after) {
  Json names = Json::array();
  for (auto it = after.begin(); it != after.end(); ++it) {
    auto old = before.find(it.key());
    if (old == before.end() || *old != it.value()) names.push_back(it.key());
  }
  return names;
}

Status RequireStaffScope(const storage::TenantScope& scope, std::string_view what) {
  if (!scope.is_all()) {
    return Status::PermissionDenied("customer accounts may not " + std::string(what));
  }
  return Status::Ok();
}

Result<Json> ListCustomerOwned(storage::Database& db, const storage::TenantScope& scope,
                               std::optional<int64_t> customer_id, const Page& page,
                               const CustomerOwnedList& list) {
  STEWARD_RETURN_IF_ERROR(CheckPage(page));
  std::string where = " WHERE 1 = 1";
  storage::Params params;
  scope.AppendFilter(where, params, "customer_id");
  if (customer_id) {
    where += " AND customer_id = ?";
    params.emplace_back(*customer_id);
  }
  Json out;
  STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
    if (customer_id) STEWARD_RETURN_IF_ERROR(RequireVisibleCustomer(c, scope, *customer_id));
    // sql-check: allow: count_from is a constant of the calling store file
    std::string count_sql = std::string(list.count_from) + where;
    STEWARD_ASSIGN_OR_RETURN(storage::Row count, c.QueryOne(count_sql, params));
    storage::Params page_params = params;
    page_params.emplace_back(page.limit);
    page_params.emplace_back(page.offset);
    // sql-check: allow: select and order_by are constants of the calling store file
    std::string sql =
        std::string(list.select) + where + std::string(list.order_by) + " LIMIT ? OFFSET ?";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, page_params));
    Json items = Json::array();
    for (const storage::Row& r : rows) items.push_back(list.render(r));
    out = PagedList(list.key, std::move(items), count.Int("n"), page);
    return Status::Ok();
  }));
  return out;
}

}  // namespace steward::cmdb::internal
