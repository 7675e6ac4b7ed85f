// Customers: the MSP's client organisations.
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/search_index.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

constexpr std::string_view kCustomerSelect =
    "SELECT id, name, code, status, phone, website, notes, sla_policy, calendar_id, created_at,"
    " updated_at FROM customers";

Json CustomerJson(const Row& r) {
  Json j = FieldsFromRow(r, CustomerFields());
  j["id"] = r.Int("id");
  j["created_at"] = internal::IsoTime(r.Int("created_at"));
  j["updated_at"] = internal::IsoTime(r.Int("updated_at"));
  return j;
}

// A customer row is its own tenant: the scope filters on its id.
Result<std::optional<Row>> FindCustomer(Connection& c, const storage::TenantScope& scope,
                                        int64_t id) {
  std::string sql = std::string(kCustomerSelect) + " WHERE id = ?";
  Params params{id};
  scope.AppendFilter(sql, params, "id");
  return c.QueryOptional(sql, params);
}

// Names are unique ignoring ASCII case: "ACME Ltd" and "Acme Ltd" are one
// customer typed twice, not two.
Status CheckNameFree(Connection& c, const std::string& name, int64_t except_id) {
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT id FROM customers WHERE LOWER(name) = LOWER(?) AND id <> ?",
                                {name, except_id}));
  if (row) return Status::AlreadyExists("a customer with this name exists", "name");
  return Status::Ok();
}

Status IndexCustomer(Connection& c, const Json& customer) {
  auto text = [&](const char* key) {
    const Json& v = customer.at(key);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  int64_t id = customer.at("id").get<int64_t>();
  return search::Upsert(
      c, {search::ObjectType::kCustomer, id, id, text("name"),
          search::BodyText({text("code"), text("phone"), text("website"), text("notes")})});
}

}  // namespace

Result<Json> CmdbService::CreateCustomer(const accounts::Actor& actor, const Json& body) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaffScope(actor.principal.scope(), "add customers"));
  ObjectReader r(body);
  STEWARD_ASSIGN_OR_RETURN(Json fields, ParseFields(r, body, CustomerFields(), ParseMode::kCreate));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(CheckNameFree(c, fields["name"].get<std::string>(), 0));
    Timestamp now = clock_.Now();
    Params params;
    BindFields(fields, CustomerFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(ToMillis(now));
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO customers (name, code, status, phone, website, notes, sla_policy,"
                   " calendar_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " RETURNING id",
                   params));
    int64_t id = inserted.Int("id");
    STEWARD_ASSIGN_OR_RETURN(
        auto row,
        FindCustomer(c, storage::TenantScope::CrossTenant(storage::CrossTenantReason::kWriteBack),
                     id));
    if (!row) return Status::Internal("customer vanished after insert");
    out = CustomerJson(*row);
    STEWARD_RETURN_IF_ERROR(IndexCustomer(c, out));
    return audit::Record(
        c, now, actor,
        {"customer.create", "customer", std::to_string(id), id, {{"name", out["name"]}}});
  }));
  return out;
}

Result<Json> CmdbService::GetCustomer(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindCustomer(c, viewer.scope(), id));
    if (!row) return Status::NotFound("customer", std::to_string(id));
    out = CustomerJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::ListCustomers(const accounts::Principal& viewer,
                                        const CustomerQuery& query) {
  STEWARD_RETURN_IF_ERROR(internal::CheckPage(query.page));
  if (query.q && query.q->size() > 200) return Status::InvalidArgument("too long", "q");
  std::string where = " WHERE 1 = 1";
  Params params;
  viewer.scope().AppendFilter(where, params, "id");
  if (query.q && !query.q->empty()) {
    where += " AND LOWER(name) LIKE ? ESCAPE '\\'";
    params.emplace_back(internal::ContainsPattern(*query.q));
  }
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row count,
                             c.QueryOne("SELECT COUNT(*) AS n FROM customers" + where, params));
    Params page_params = params;
    page_params.emplace_back(query.page.limit);
    page_params.emplace_back(query.page.offset);
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(std::string(kCustomerSelect) + where +
                                                             " ORDER BY name, id LIMIT ? OFFSET ?",
                                                         page_params));
    Json items = Json::array();
    for (const Row& r : rows) items.push_back(CustomerJson(r));
    out = internal::PagedList("customers", std::move(items), count.Int("n"), query.page);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::UpdateCustomer(const accounts::Actor& actor, int64_t id,
                                         const Json& patch) {
  ObjectReader r(patch);
  STEWARD_ASSIGN_OR_RETURN(Json changes,
                           ParseFields(r, patch, CustomerFields(), ParseMode::kPatch));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindCustomer(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("customer", std::to_string(id));
    Json before = FieldsFromRow(*row, CustomerFields());
    Json changed = internal::ChangedFieldNames(before, changes);
    if (changed.empty()) {
      out = CustomerJson(*row);
      return Status::Ok();
    }
    Json merged = before;
    merged.update(changes);
    if (changes.contains("name")) {
      STEWARD_RETURN_IF_ERROR(CheckNameFree(c, merged["name"].get<std::string>(), id));
    }
    Timestamp now = clock_.Now();
    Params params;
    BindFields(merged, CustomerFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(id);
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE customers SET name = ?, code = ?, status = ?, phone = ?, website = ?,"
                  " notes = ?, sla_policy = ?, calendar_id = ?, updated_at = ? WHERE id = ?",
                  params)
            .status());
    STEWARD_ASSIGN_OR_RETURN(
        auto updated,
        FindCustomer(c, storage::TenantScope::CrossTenant(storage::CrossTenantReason::kWriteBack),
                     id));
    if (!updated) return Status::Internal("customer vanished during update");
    out = CustomerJson(*updated);
    STEWARD_RETURN_IF_ERROR(IndexCustomer(c, out));
    return audit::Record(
        c, now, actor,
        {"customer.update", "customer", std::to_string(id), id, {{"fields", changed}}});
  }));
  return out;
}

}  // namespace steward::cmdb
