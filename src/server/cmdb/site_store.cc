// Sites: a customer's locations (offices, branches, data rooms).
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace {

constexpr std::string_view kSiteSelect =
    "SELECT id, customer_id, name, address, city, postal_code, country, phone, notes,"
    " created_at, updated_at FROM sites";

Json SiteJson(const Row& r) {
  Json j = FieldsFromRow(r, SiteFields());
  j["id"] = r.Int("id");
  j["created_at"] = internal::IsoTime(r.Int("created_at"));
  j["updated_at"] = internal::IsoTime(r.Int("updated_at"));
  return j;
}

// The site if `scope` allows its customer.
Result<std::optional<Row>> FindSite(Connection& c, const storage::TenantScope& scope, int64_t id) {
  std::string sql = std::string(kSiteSelect) + " WHERE id = ?";
  Params params{id};
  scope.AppendFilter(sql, params, "customer_id");
  return c.QueryOptional(sql, params);
}

}  // namespace

Result<Json> CmdbService::CreateSite(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  STEWARD_ASSIGN_OR_RETURN(Json fields, ParseFields(r, body, SiteFields(), ParseMode::kCreate));
  int64_t customer_id = fields["customer_id"].get<int64_t>();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    Timestamp now = clock_.Now();
    Params params;
    BindFields(fields, SiteFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(ToMillis(now));
    STEWARD_ASSIGN_OR_RETURN(
        Row inserted,
        c.QueryOne("INSERT INTO sites (customer_id, name, address, city, postal_code, country,"
                   " phone, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " RETURNING id",
                   params));
    int64_t id = inserted.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row row, c.QueryOne(std::string(kSiteSelect) + " WHERE id = ?", {id}));
    out = SiteJson(row);
    return audit::Record(
        c, now, actor,
        {"site.create", "site", std::to_string(id), customer_id, {{"name", out["name"]}}});
  }));
  return out;
}

Result<Json> CmdbService::GetSite(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindSite(c, viewer.scope(), id));
    if (!row) return Status::NotFound("site", std::to_string(id));
    out = SiteJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::ListSites(const accounts::Principal& viewer,
                                    std::optional<int64_t> customer_id, Page page) {
  return internal::ListCustomerOwned(db_, viewer.scope(), customer_id, page,
                                     {"SELECT COUNT(*) AS n FROM sites", kSiteSelect,
                                      " ORDER BY customer_id, name, id", "sites", SiteJson});
}

Result<Json> CmdbService::UpdateSite(const accounts::Actor& actor, int64_t id, const Json& patch) {
  ObjectReader r(patch);
  STEWARD_ASSIGN_OR_RETURN(Json changes, ParseFields(r, patch, SiteFields(), ParseMode::kPatch));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindSite(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("site", std::to_string(id));
    Json before = FieldsFromRow(*row, SiteFields());
    Json changed = internal::ChangedFieldNames(before, changes);
    if (changed.empty()) {
      out = SiteJson(*row);
      return Status::Ok();
    }
    Json merged = before;
    merged.update(changes);
    Timestamp now = clock_.Now();
    Params params;
    BindFields(merged, SiteFields(), params);
    params.emplace_back(ToMillis(now));
    params.emplace_back(id);
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE sites SET customer_id = ?, name = ?, address = ?, city = ?,"
                  " postal_code = ?, country = ?, phone = ?, notes = ?, updated_at = ?"
                  " WHERE id = ?",
                  params)
            .status());
    STEWARD_ASSIGN_OR_RETURN(Row updated,
                             c.QueryOne(std::string(kSiteSelect) + " WHERE id = ?", {id}));
    out = SiteJson(updated);
    return audit::Record(c, now, actor,
                         {"site.update",
                          "site",
                          std::to_string(id),
                          row->Int("customer_id"),
                          {{"fields", changed}}});
  }));
  return out;
}

Status CmdbService::DeleteSite(const accounts::Actor& actor, int64_t id) {
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, FindSite(c, actor.principal.scope(), id));
    if (!row) return Status::NotFound("site", std::to_string(id));
    STEWARD_ASSIGN_OR_RETURN(
        Row refs, c.QueryOne("SELECT (SELECT COUNT(*) FROM contacts WHERE site_id = ?) AS contacts,"
                             " (SELECT COUNT(*) FROM cis WHERE site_id = ?) AS cis",
                             {id, id}));
    if (refs.Int("contacts") > 0 || refs.Int("cis") > 0) {
      return Status::FailedPrecondition("the site is still referenced by " +
                                        std::to_string(refs.Int("contacts")) + " contact(s) and " +
                                        std::to_string(refs.Int("cis")) +
                                        " configuration item(s); move or remove them first");
    }
    STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM sites WHERE id = ?", {id}).status());
    return audit::Record(c, clock_.Now(), actor,
                         {"site.delete",
                          "site",
                          std::to_string(id),
                          row->Int("customer_id"),
                          {{"name", row->Text("name")}}});
  });
}

}  // namespace steward::cmdb
