// CmdbService construction, search and owner lookups; each kind of object
// has its own file (customer_store.cc, ci_service.cc, document_store.cc, ...).
#include "server/cmdb/cmdb_service.h"

#include "server/cmdb/search_index.h"

namespace steward::cmdb {

using storage::Connection;

CmdbService::CmdbService(storage::Database& db, const Clock& clock, std::string data_dir)
    : db_(db), clock_(clock), files_(std::move(data_dir) + "/documents") {}

Result<Json> CmdbService::Search(const accounts::Principal& viewer, std::string_view q, int limit) {
  if (q.size() > 200) return Status::InvalidArgument("longer than 200 bytes", "q");
  if (limit < 1 || limit > 50) return Status::InvalidArgument("must be 1..50", "limit");
  Json results;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(results, search::Query(c, viewer.scope(), q, limit));
    return Status::Ok();
  }));
  return Json{{"results", std::move(results)}};
}

Result<std::optional<int64_t>> CmdbService::OwnerOf(ObjectKind kind, int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // Constant statements per kind: table names never come from data.
    const char* sql = nullptr;
    switch (kind) {
      case ObjectKind::kCustomer:
        sql = "SELECT id AS owner FROM customers WHERE id = ?";
        break;
      case ObjectKind::kSite:
        sql = "SELECT customer_id AS owner FROM sites WHERE id = ?";
        break;
      case ObjectKind::kContact:
        sql = "SELECT customer_id AS owner FROM contacts WHERE id = ?";
        break;
      case ObjectKind::kCi:
        sql = "SELECT customer_id AS owner FROM cis WHERE id = ?";
        break;
      case ObjectKind::kDocument:
        sql = "SELECT customer_id AS owner FROM documents WHERE id = ?";
        break;
      case ObjectKind::kStaff:
        // Staff belong to the MSP, not to a customer: owner 0.
        sql = "SELECT 0 AS owner FROM users WHERE id = ? AND role <> 'portal'";
        break;
    }
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, {id}));
    if (row) owner = row->Int("owner");
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::cmdb
