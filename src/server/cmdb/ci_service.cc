// Configuration items: create, read, list, edit and retire, each write with
// its field-level history, search entry and audit record in one transaction.
#include "server/audit/audit_log.h"
#include "server/cmdb/ci_history.h"
#include "server/cmdb/ci_store.h"
#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/cmdb_service.h"
#include "server/cmdb/search_index.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Params;
using storage::Row;

namespace internal {

Json CiJson(const Row& r) {
  Json j = FieldsFromRow(r, CiFields());
  j["id"] = r.Int("id");
  j["created_at"] = IsoTime(r.Int("created_at"));
  j["updated_at"] = IsoTime(r.Int("updated_at"));
  return j;
}

Result<std::optional<Row>> FindCi(Connection& c, const storage::TenantScope& scope, int64_t id) {
  std::string sql = std::string(kCiSelect) + " WHERE id = ?";
  Params params{id};
  scope.AppendFilter(sql, params, "customer_id");
  return c.QueryOptional(sql, params);
}

std::string CiLabel(const Row& row) {
  return "CI " + std::to_string(row.Int("id")) + " (" + row.Text("name") + ")";
}

}  // namespace internal

namespace {

// Installed software names go into the search body, so "which machines run
// AutoCAD" is a search; capped so one huge inventory cannot bloat the index.
constexpr size_t kMaxIndexedSoftware = 300;

Status IndexCi(Connection& c, const Json& ci) {
  auto text = [&](const char* key) {
    const Json& v = ci.at(key);
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  std::string software;
  size_t n = 0;
  for (const Json& item : ci.at("installed_software")) {
    if (n++ == kMaxIndexedSoftware) break;
    if (item.contains("name") && item["name"].is_string()) {
      software += item["name"].get<std::string>();
      software += '\n';
    }
  }
  return search::Upsert(c, {search::ObjectType::kCi, ci.at("id").get<int64_t>(),
                            ci.at("customer_id").get<int64_t>(), text("name"),
                            search::BodyText({text("kind"), text("serial_number"), text("make"),
                                              text("model"), text("os_name"), text("os_version"),
                                              text("warranty_vendor"), text("notes"), software})});
}

// Checks the references in `fields` (a full record or the changed part of
// one) against the CI's customer.
Status CheckCiReferences(Connection& c, const Json& fields, int64_t customer_id) {
  auto site = fields.find("site_id");
  if (site != fields.end() && site->is_number_integer()) {
    STEWARD_RETURN_IF_ERROR(internal::RequireSiteOfCustomer(c, site->get<int64_t>(), customer_id));
  }
  auto user = fields.find("responsible_user_id");
  if (user != fields.end() && user->is_number_integer()) {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireActiveStaff(c, user->get<int64_t>(), "responsible_user_id"));
  }
  return Status::Ok();
}

constexpr std::string_view kCiInsert =
    "INSERT INTO cis (customer_id, site_id, kind, name, serial_number, make, model, hardware,"
    " os_name, os_version, software_config, installed_software, warranty_vendor,"
    " warranty_expires, licences, migration_date, criticality, max_downtime_minutes,"
    " responsible_user_id, status, notes, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

constexpr std::string_view kCiUpdate =
    "UPDATE cis SET customer_id = ?, site_id = ?, kind = ?, name = ?, serial_number = ?,"
    " make = ?, model = ?, hardware = ?, os_name = ?, os_version = ?, software_config = ?,"
    " installed_software = ?, warranty_vendor = ?, warranty_expires = ?, licences = ?,"
    " migration_date = ?, criticality = ?, max_downtime_minutes = ?,"
    " responsible_user_id = ?, status = ?, notes = ?, updated_at = ? WHERE id = ?";

// When the CI was retired (billing stops covering it from that day): set
// on the change to "retired", kept while it stays retired, cleared when it
// is active again.
constexpr std::string_view kCiRetiredAt =
    "UPDATE cis SET retired_at = CASE WHEN status = 'retired' THEN COALESCE(retired_at, ?)"
    " ELSE NULL END WHERE id = ?";

// Reads a CI patch body: the CI fields plus an optional rfc_ref.
Status ReadCiPatch(const Json& patch, Json* changes, std::optional<std::string>* rfc_ref) {
  ObjectReader r(patch);
  *rfc_ref = internal::ReadRfcRef(r);
  STEWARD_ASSIGN_OR_RETURN(*changes, ParseFields(r, patch, CiFields(), ParseMode::kPatch));
  return internal::CheckRfcRef(*rfc_ref);
}

}  // namespace

Result<Json> CmdbService::CreateCiInTransaction(Connection& c, const accounts::Actor& actor,
                                                Json fields,
                                                const std::optional<std::string>& rfc_ref) {
  int64_t customer_id = fields.at("customer_id").get<int64_t>();
  STEWARD_RETURN_IF_ERROR(
      internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
  STEWARD_RETURN_IF_ERROR(CheckCiReferences(c, fields, customer_id));
  Timestamp now = clock_.Now();
  Params params;
  BindFields(fields, CiFields(), params);
  params.emplace_back(ToMillis(now));
  params.emplace_back(ToMillis(now));
  STEWARD_ASSIGN_OR_RETURN(Row inserted, c.QueryOne(kCiInsert, params));
  int64_t id = inserted.Int("id");
  STEWARD_RETURN_IF_ERROR(c.Execute(kCiRetiredAt, {ToMillis(now), id}).status());

  Json initial = fields;
  initial.erase("customer_id");
  STEWARD_RETURN_IF_ERROR(RecordCiChanges(c, now, actor, customer_id, id,
                                          {{"created", std::nullopt, DumpJson(initial)}}, rfc_ref));
  STEWARD_ASSIGN_OR_RETURN(Row row,
                           c.QueryOne(std::string(internal::kCiSelect) + " WHERE id = ?", {id}));
  Json out = internal::CiJson(row);
  STEWARD_RETURN_IF_ERROR(IndexCi(c, out));
  Json details = {{"name", out["name"]}, {"kind", out["kind"]}};
  if (rfc_ref) details["rfc_ref"] = *rfc_ref;
  STEWARD_RETURN_IF_ERROR(audit::Record(
      c, now, actor, {"ci.create", "ci", std::to_string(id), customer_id, std::move(details)}));
  return out;
}

Result<Json> CmdbService::PatchCi(Connection& c, const accounts::Actor& actor, int64_t id,
                                  const Json& changes, const std::optional<std::string>& rfc_ref,
                                  const char* audit_action) {
  STEWARD_ASSIGN_OR_RETURN(auto row, internal::FindCi(c, actor.principal.scope(), id));
  if (!row) return Status::NotFound("ci", std::to_string(id));
  int64_t customer_id = row->Int("customer_id");
  Json before = FieldsFromRow(*row, CiFields());
  std::vector<CiChange> diff = DiffCiFields(before, changes);
  if (diff.empty()) return internal::CiJson(*row);  // nothing changed: nothing to record

  Json changed = Json::object();
  for (const CiChange& d : diff) changed[d.field] = changes.at(d.field);
  // All validation before the first write, so a refused edit never leaves
  // half of itself behind in a caller's transaction (CSV import continues
  // after a refused row).
  STEWARD_RETURN_IF_ERROR(CheckCiReferences(c, changed, customer_id));

  Json merged = before;
  merged.update(changed);
  Timestamp now = clock_.Now();
  Params params;
  BindFields(merged, CiFields(), params);
  params.emplace_back(ToMillis(now));
  params.emplace_back(id);
  STEWARD_RETURN_IF_ERROR(c.Execute(kCiUpdate, params).status());
  STEWARD_RETURN_IF_ERROR(c.Execute(kCiRetiredAt, {ToMillis(now), id}).status());
  STEWARD_RETURN_IF_ERROR(RecordCiChanges(c, now, actor, customer_id, id, diff, rfc_ref));
  STEWARD_ASSIGN_OR_RETURN(Row updated,
                           c.QueryOne(std::string(internal::kCiSelect) + " WHERE id = ?", {id}));
  Json out = internal::CiJson(updated);
  STEWARD_RETURN_IF_ERROR(IndexCi(c, out));
  Json fields = Json::array();
  for (const CiChange& d : diff) fields.push_back(d.field);
  Json details = {{"fields", fields}};
  if (rfc_ref) details["rfc_ref"] = *rfc_ref;
  STEWARD_RETURN_IF_ERROR(audit::Record(
      c, now, actor, {audit_action, "ci", std::to_string(id), customer_id, std::move(details)}));
  return out;
}

Result<Json> CmdbService::CreateCi(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  std::optional<std::string> rfc_ref = internal::ReadRfcRef(r);
  STEWARD_ASSIGN_OR_RETURN(Json fields, ParseFields(r, body, CiFields(), ParseMode::kCreate));
  STEWARD_RETURN_IF_ERROR(internal::CheckRfcRef(rfc_ref));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, CreateCiInTransaction(c, actor, fields, rfc_ref));
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::CreateCiWithin(Connection& c, const accounts::Actor& actor,
                                         const Json& body) {
  ObjectReader r(body);
  STEWARD_ASSIGN_OR_RETURN(Json fields, ParseFields(r, body, CiFields(), ParseMode::kCreate));
  return CreateCiInTransaction(c, actor, fields, std::nullopt);
}

Result<Json> CmdbService::GetCi(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, internal::FindCi(c, viewer.scope(), id));
    if (!row) return Status::NotFound("ci", std::to_string(id));
    out = internal::CiJson(*row);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::ListCis(const accounts::Principal& viewer, const CiQuery& query) {
  STEWARD_RETURN_IF_ERROR(internal::CheckPage(query.page));
  std::string where = " WHERE 1 = 1";
  Params params;
  viewer.scope().AppendFilter(where, params, "customer_id");
  if (query.customer_id) {
    where += " AND customer_id = ?";
    params.emplace_back(*query.customer_id);
  }
  if (query.kind) {
    bool known = false;
    for (auto k : CiKinds()) known = known || k == *query.kind;
    if (!known) return Status::InvalidArgument("not a CI kind", "kind");
    where += " AND kind = ?";
    params.emplace_back(*query.kind);
  }
  if (query.status) {
    if (*query.status != "active" && *query.status != "retired") {
      return Status::InvalidArgument("must be active or retired", "status");
    }
    where += " AND status = ?";
    params.emplace_back(*query.status);
  }
  if (query.q && !query.q->empty()) {
    if (query.q->size() > 200) return Status::InvalidArgument("too long", "q");
    std::string pattern = internal::ContainsPattern(*query.q);
    where +=
        " AND (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(serial_number) LIKE ? ESCAPE '\\'"
        " OR LOWER(make) LIKE ? ESCAPE '\\' OR LOWER(model) LIKE ? ESCAPE '\\')";
    for (int i = 0; i < 4; ++i) params.emplace_back(pattern);
  }
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    if (query.customer_id) {
      STEWARD_RETURN_IF_ERROR(
          internal::RequireVisibleCustomer(c, viewer.scope(), *query.customer_id));
    }
    STEWARD_ASSIGN_OR_RETURN(Row count,
                             c.QueryOne("SELECT COUNT(*) AS n FROM cis" + where, params));
    Params page_params = params;
    page_params.emplace_back(query.page.limit);
    page_params.emplace_back(query.page.offset);
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query(std::string(internal::kCiSelect) + where +
                                         " ORDER BY customer_id, name, id LIMIT ? OFFSET ?",
                                     page_params));
    Json items = Json::array();
    for (const Row& r : rows) {
      Json ci = internal::CiJson(r);
      // A list stays small: the full software inventory is on GET /cis/{id}.
      ci["installed_software_count"] = ci["installed_software"].size();
      ci.erase("installed_software");
      items.push_back(std::move(ci));
    }
    out = internal::PagedList("cis", std::move(items), count.Int("n"), query.page);
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::UpdateCi(const accounts::Actor& actor, int64_t id, const Json& patch) {
  Json changes;
  std::optional<std::string> rfc_ref;
  STEWARD_RETURN_IF_ERROR(ReadCiPatch(patch, &changes, &rfc_ref));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, PatchCi(c, actor, id, changes, rfc_ref, "ci.update"));
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::UpdateCiInTransaction(Connection& c, const accounts::Actor& actor,
                                                int64_t id, const Json& patch) {
  Json changes;
  std::optional<std::string> rfc_ref;
  STEWARD_RETURN_IF_ERROR(ReadCiPatch(patch, &changes, &rfc_ref));
  return PatchCi(c, actor, id, changes, rfc_ref, "ci.update");
}

Result<Json> CmdbService::RetireCi(const accounts::Actor& actor, int64_t id,
                                   const std::optional<std::string>& rfc_ref) {
  STEWARD_RETURN_IF_ERROR(internal::CheckRfcRef(rfc_ref));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        out, PatchCi(c, actor, id, Json{{"status", "retired"}}, rfc_ref, "ci.retire"));
    return Status::Ok();
  }));
  return out;
}

Result<Json> CmdbService::CiHistory(const accounts::Principal& viewer, int64_t ci_id,
                                    int64_t limit) {
  if (limit < 1 || limit > 5000) return Status::InvalidArgument("must be 1..5000", "limit");
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row, internal::FindCi(c, viewer.scope(), ci_id));
    if (!row) return Status::NotFound("ci", std::to_string(ci_id));
    STEWARD_ASSIGN_OR_RETURN(Json history, ListCiHistory(c, viewer.scope(), ci_id, limit));
    out = {{"history", std::move(history)}};
    return Status::Ok();
  }));
  return out;
}

}  // namespace steward::cmdb
