// The customer data repository's routes (SPEC §1): customers, sites,
// contacts, the staff directory, CIs with history and relations, CSV
// import/export, documents and search. Handlers stay thin: they parse the
// request, call CmdbService (which applies the caller's tenant scope) and
// wrap the result. Roles here decide who may act; the service decides what
// each caller can see.
#include <algorithm>
#include <limits>

#include "server/api/routes.h"
#include "server/api/ticket_json.h"
#include "server/cmdb/cmdb_service.h"
#include "server/servicedesk/servicedesk_service.h"
#include "server/servicedesk/ticket_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using cmdb::CmdbService;
using cmdb::ObjectKind;

namespace {

// A CI body may carry a full software inventory from an import tool.
constexpr size_t kCiBody = 2 * 1024 * 1024;

OwnerLookup OwnerOf(CmdbService& cmdb, ObjectKind kind) {
  return [&cmdb, kind](int64_t id) { return cmdb.OwnerOf(kind, id); };
}

Result<cmdb::Page> ReadPage(const RequestContext& ctx) {
  STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 500));
  STEWARD_ASSIGN_OR_RETURN(auto offset, ctx.QueryInt("offset", 0, 1'000'000'000));
  return cmdb::Page{limit.value_or(50), offset.value_or(0)};
}

// A text query parameter: UTF-8, at most `max_len` bytes.
Result<std::optional<std::string>> QueryText(const RequestContext& ctx, std::string_view name,
                                             size_t max_len) {
  auto v = ctx.request().QueryParam(name);
  if (!v) return std::optional<std::string>();
  if (v->size() > max_len) {
    return Status::InvalidArgument("longer than " + std::to_string(max_len) + " bytes",
                                   std::string(name));
  }
  if (!IsValidUtf8(*v)) return Status::InvalidArgument("must be UTF-8", std::string(name));
  return std::optional<std::string>(std::move(*v));
}

Result<std::string> RequiredQueryText(const RequestContext& ctx, std::string_view name,
                                      size_t max_len) {
  STEWARD_ASSIGN_OR_RETURN(auto v, QueryText(ctx, name, max_len));
  if (!v) return Status::InvalidArgument("is required", std::string(name));
  return *v;
}

Result<int64_t> RequiredQueryId(const RequestContext& ctx, std::string_view name) {
  STEWARD_ASSIGN_OR_RETURN(auto v, ctx.QueryInt(name, 1, kMaxId));
  if (!v) return Status::InvalidArgument("is required", std::string(name));
  return *v;
}

ApiResponse Attachment(std::string content_type, std::string bytes, std::string_view file_name) {
  ApiResponse r = ApiResponse::Raw(std::move(content_type), std::move(bytes));
  r.headers.emplace_back("Content-Disposition", cmdb::AttachmentDisposition(file_name));
  return r;
}

Json PagedSchema(const char* key) {
  return ObjectSchema(
      {{key, "array"}, {"total", "integer"}, {"limit", "integer"}, {"offset", "integer"}});
}

Json CustomerSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"name", "string"},
                       {"code", "string"},
                       {"status", "string"},
                       {"phone", "string"},
                       {"website", "string"},
                       {"notes", "string"},
                       {"sla_policy", "string"},
                       {"calendar_id", "integer"},
                       {"created_at", "string"},
                       {"updated_at", "string"}});
}

Json SiteSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"name", "string"},
                       {"address", "string"},
                       {"city", "string"},
                       {"postal_code", "string"},
                       {"country", "string"},
                       {"phone", "string"},
                       {"notes", "string"}});
}

Json ContactSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"site_id", "integer"},
                       {"name", "string"},
                       {"email", "string"},
                       {"phone", "string"},
                       {"title", "string"},
                       {"is_primary", "boolean"},
                       {"notes", "string"}});
}

Json CiSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"site_id", "integer"},
                       {"kind", "string"},
                       {"name", "string"},
                       {"serial_number", "string"},
                       {"make", "string"},
                       {"model", "string"},
                       {"hardware", "object"},
                       {"os_name", "string"},
                       {"os_version", "string"},
                       {"software_config", "string"},
                       {"installed_software", "array"},
                       {"warranty_vendor", "string"},
                       {"warranty_expires", "string"},
                       {"licences", "string"},
                       {"migration_date", "string"},
                       {"criticality", "string"},
                       {"max_downtime_minutes", "integer"},
                       {"responsible_user_id", "integer"},
                       {"status", "string"},
                       {"notes", "string"},
                       {"rfc_ref", "string"}});
}

Json DocumentSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"kind", "string"},
                       {"title", "string"},
                       {"file_name", "string"},
                       {"content_type", "string"},
                       {"size_bytes", "integer"},
                       {"sha256", "string"},
                       {"uploaded_by", "integer"},
                       {"created_at", "string"}});
}

// calendar_id names a service desk calendar: refuse one that does not exist.
Status CheckCalendarId(servicedesk::ServiceDesk& sd, const Json& body) {
  if (!body.is_object() || !body.contains("calendar_id")) return Status::Ok();
  const Json& v = body["calendar_id"];
  if (!v.is_number_integer() || v.get<int64_t>() < 1) return Status::Ok();  // cmdb refuses it
  return sd.CheckCalendarExists(v.get<int64_t>());
}

void AddCustomerRoutes(RouteTable& routes, CmdbService& cmdb, servicedesk::ServiceDesk& sd,
                       RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(cmdb::Page page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(auto q, QueryText(ctx, "q", 200));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListCustomers(ctx.principal(), {q, page}));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"List customers (a portal user sees only their own). Query: q (name contains), "
              "limit, offset.",
              "cmdb", nullptr, PagedSchema("customers")},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/customers",
      .roles = writers,
      .handler = [&cmdb, &sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_RETURN_IF_ERROR(CheckCalendarId(sd, body));
        STEWARD_ASSIGN_OR_RETURN(Json customer, cmdb.CreateCustomer(ctx.actor(), body));
        return ApiResponse::Created(std::move(customer));
      },
      .doc = {"Create a customer. The name is unique.", "cmdb", CustomerSchema(), CustomerSchema(),
              201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json customer, cmdb.GetCustomer(ctx.principal(), id));
        return ApiResponse::Ok(std::move(customer));
      },
      .doc = {"A customer.", "cmdb", nullptr, CustomerSchema()},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCustomer),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/customers/{id}",
      .roles = writers,
      .handler = [&cmdb, &sd](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_RETURN_IF_ERROR(CheckCalendarId(sd, body));
        STEWARD_ASSIGN_OR_RETURN(Json customer, cmdb.UpdateCustomer(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(customer));
      },
      .doc = {"Change any subset of a customer's fields.", "cmdb", CustomerSchema(),
              CustomerSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCustomer),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/sites",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(cmdb::Page page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListSites(ctx.principal(), id, page));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"A customer's sites.", "cmdb", nullptr, PagedSchema("sites")},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCustomer),
  });
}

void AddSiteRoutes(RouteTable& routes, CmdbService& cmdb, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/sites",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(cmdb::Page page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListSites(ctx.principal(), customer, page));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"List sites. Query: customer_id, limit, offset.", "cmdb", nullptr,
              PagedSchema("sites")},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/sites",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json site, cmdb.CreateSite(ctx.actor(), body));
        return ApiResponse::Created(std::move(site));
      },
      .doc = {"Create a site of a customer.", "cmdb", SiteSchema(), SiteSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/sites/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json site, cmdb.GetSite(ctx.principal(), id));
        return ApiResponse::Ok(std::move(site));
      },
      .doc = {"A site.", "cmdb", nullptr, SiteSchema()},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kSite),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/sites/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json site, cmdb.UpdateSite(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(site));
      },
      .doc = {"Change a site (its customer is fixed).", "cmdb", SiteSchema(), SiteSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kSite),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/sites/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(cmdb.DeleteSite(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete a site no contact or CI refers to (409 otherwise).", "cmdb", nullptr, nullptr,
              204},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kSite),
  });
}

void AddContactRoutes(RouteTable& routes, CmdbService& cmdb, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/contacts",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(cmdb::Page page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListContacts(ctx.principal(), customer, page));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"List contacts, primary first. Query: customer_id, limit, offset.", "cmdb", nullptr,
              PagedSchema("contacts")},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contacts",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json contact, cmdb.CreateContact(ctx.actor(), body));
        return ApiResponse::Created(std::move(contact));
      },
      .doc = {"Create a contact; is_primary moves the customer's primary flag to it.", "cmdb",
              ContactSchema(), ContactSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/contacts/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json contact, cmdb.GetContact(ctx.principal(), id));
        return ApiResponse::Ok(std::move(contact));
      },
      .doc = {"A contact.", "cmdb", nullptr, ContactSchema()},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kContact),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/contacts/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json contact, cmdb.UpdateContact(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(contact));
      },
      .doc = {"Change a contact (its customer is fixed).", "cmdb", ContactSchema(),
              ContactSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kContact),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/contacts/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(cmdb.DeleteContact(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete a contact no portal user is linked to (409 otherwise).", "cmdb", nullptr,
              nullptr, 204},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kContact),
  });
}

void AddStaffRoutes(RouteTable& routes, CmdbService& cmdb) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/staff",
      .roles = RoleSet::AllStaff(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json staff, cmdb.ListStaff(ctx.principal()));
        return ApiResponse::Ok(std::move(staff));
      },
      .doc = {"The staff directory: expertise, responsibilities, contact data, availability, "
              "on-call and the CIs each person looks after. Edit people via /api/v1/users.",
              "cmdb", nullptr, ObjectSchema({{"staff", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/staff/{id}",
      .roles = RoleSet::AllStaff(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json member, cmdb.GetStaff(ctx.principal(), id));
        return ApiResponse::Ok(std::move(member));
      },
      .doc = {"One staff member with the CIs they look after.", "cmdb", nullptr,
              ObjectSchema({{"id", "integer"},
                            {"name", "string"},
                            {"email", "string"},
                            {"role", "string"},
                            {"expertise", "array"},
                            {"responsibilities", "array"},
                            {"on_call", "boolean"},
                            {"cis", "array"}})},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kStaff),
  });
}

void AddCiRoutes(RouteTable& routes, CmdbService& cmdb, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/cis",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        cmdb::CiQuery query;
        STEWARD_ASSIGN_OR_RETURN(query.page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(query.customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(query.kind, QueryText(ctx, "kind", 32));
        STEWARD_ASSIGN_OR_RETURN(query.status, QueryText(ctx, "status", 32));
        STEWARD_ASSIGN_OR_RETURN(query.q, QueryText(ctx, "q", 200));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListCis(ctx.principal(), query));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"List CIs (without installed_software; GET one CI for it). Query: customer_id, "
              "kind, status, q (name, serial, make or model contains), limit, offset.",
              "cmdb", nullptr, PagedSchema("cis")},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/cis",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json ci, cmdb.CreateCi(ctx.actor(), body));
        return ApiResponse::Created(std::move(ci));
      },
      .doc = {"Create a CI (customer_id, kind and name required; optional rfc_ref).", "cmdb",
              CiSchema(), CiSchema(), 201},
      .max_body_bytes = kCiBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/cis/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json ci, cmdb.GetCi(ctx.principal(), id));
        return ApiResponse::Ok(std::move(ci));
      },
      .doc = {"A CI with every field.", "cmdb", nullptr, CiSchema()},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/cis/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json ci, cmdb.UpdateCi(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(ci));
      },
      .doc = {"Change any subset of a CI's fields; \"rfc_ref\" names the change it belongs "
              "to. Every changed field is recorded in the history.",
              "cmdb", CiSchema(), CiSchema()},
      .max_body_bytes = kCiBody,
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/cis/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto rfc_ref, QueryText(ctx, "rfc_ref", 64));
        STEWARD_RETURN_IF_ERROR(cmdb.RetireCi(ctx.actor(), id, rfc_ref).status());
        return ApiResponse::NoContent();
      },
      .doc = {"Retire a CI (status \"retired\"; it and its history are kept). Query: rfc_ref.",
              "cmdb", nullptr, nullptr, 204},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/cis/{id}/history",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 5000));
        STEWARD_ASSIGN_OR_RETURN(Json history,
                                 cmdb.CiHistory(ctx.principal(), id, limit.value_or(500)));
        return ApiResponse::Ok(std::move(history));
      },
      .doc = {"Every change to the CI, newest first: at, actor, field, old_value, new_value, "
              "rfc_ref.",
              "cmdb", nullptr, ObjectSchema({{"history", "array"}})},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/cis/{id}/relations",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json relations, cmdb.ListRelations(ctx.principal(), id));
        return ApiResponse::Ok(std::move(relations));
      },
      .doc = {"The CI's relations in both directions, each with the other CI's id, name and "
              "kind.",
              "cmdb", nullptr, ObjectSchema({{"outgoing", "array"}, {"incoming", "array"}})},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/cis/{id}/relations",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json relation, cmdb.AddRelation(ctx.actor(), id, body));
        return ApiResponse::Created(std::move(relation));
      },
      .doc = {"Relate this CI to another of the same customer: runs_on, depends_on or "
              "connected_to.",
              "cmdb",
              ObjectSchema({{"to_ci_id", "integer"}, {"kind", "string"}, {"rfc_ref", "string"}},
                           {"to_ci_id", "kind"}),
              ObjectSchema({{"id", "integer"},
                            {"from_ci_id", "integer"},
                            {"to_ci_id", "integer"},
                            {"kind", "string"}}),
              201},
      .max_body_bytes = 4096,
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/cis/{id}/relations/{relation_id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t relation_id, ctx.PathId("relation_id"));
        STEWARD_RETURN_IF_ERROR(cmdb.DeleteRelation(ctx.actor(), id, relation_id));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove a relation of this CI (either end).", "cmdb", nullptr, nullptr, 204},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kCi),
  });
}

void AddCsvRoutes(RouteTable& routes, CmdbService& cmdb, RoleSet importers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/cis/export.csv",
      .roles = RoleSet::AllStaff(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(std::string csv, cmdb.ExportCisCsv(ctx.principal(), customer));
        std::string name =
            customer ? "cis-customer-" + std::to_string(*customer) + ".csv" : "cis.csv";
        return Attachment("text/csv; charset=utf-8", std::move(csv), name);
      },
      .doc = {"CIs as CSV (RFC 4180, header row, formula cells defused). Query: customer_id.",
              "cmdb", nullptr, nullptr},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/cis/import",
      .roles = importers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t customer, RequiredQueryId(ctx, "customer_id"));
        STEWARD_ASSIGN_OR_RETURN(auto rfc_ref, QueryText(ctx, "rfc_ref", 64));
        STEWARD_ASSIGN_OR_RETURN(
            Json report, cmdb.ImportCisCsv(ctx.actor(), customer, ctx.request().body, rfc_ref));
        return ApiResponse::Ok(std::move(report));
      },
      .doc = {"Import CIs from a CSV body (text/csv, header row with CI field names). Rows "
              "whose serial_number matches a CI of the customer update it; others create. "
              "Query: customer_id (required), rfc_ref.",
              "cmdb", nullptr,
              ObjectSchema({{"created", "integer"}, {"updated", "integer"}, {"errors", "array"}})},
      .max_body_bytes = cmdb::kMaxImportBytes,
  });
}

void AddDocumentRoutes(RouteTable& routes, CmdbService& cmdb, RoleSet writers) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/documents",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(cmdb::Page page, ReadPage(ctx));
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(Json list, cmdb.ListDocuments(ctx.principal(), customer, page));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"List documents. Query: customer_id, limit, offset.", "cmdb", nullptr,
              PagedSchema("documents")},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/documents",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        cmdb::NewDocument doc;
        STEWARD_ASSIGN_OR_RETURN(doc.customer_id, RequiredQueryId(ctx, "customer_id"));
        STEWARD_ASSIGN_OR_RETURN(doc.kind, RequiredQueryText(ctx, "kind", 64));
        STEWARD_ASSIGN_OR_RETURN(doc.file_name, RequiredQueryText(ctx, "file_name", 1024));
        STEWARD_ASSIGN_OR_RETURN(auto title, QueryText(ctx, "title", 1024));
        doc.title = title.value_or("");
        doc.content = ctx.request().body;
        STEWARD_ASSIGN_OR_RETURN(Json document, cmdb.UploadDocument(ctx.actor(), doc));
        return ApiResponse::Created(std::move(document));
      },
      .doc = {"Upload a document: the raw file is the body (any Content-Type, up to 20 MiB). "
              "Query: customer_id, kind (master_contract, sow, sla, dr_plan, site_survey, "
              "security_requirements, other), title, file_name.",
              "cmdb", nullptr, DocumentSchema(), 201},
      .max_body_bytes = cmdb::kMaxDocumentBytes,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/documents/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json document, cmdb.GetDocument(ctx.principal(), id));
        return ApiResponse::Ok(std::move(document));
      },
      .doc = {"A document's metadata.", "cmdb", nullptr, DocumentSchema()},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kDocument),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/documents/{id}/content",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(cmdb::DocumentContent content,
                                 cmdb.ReadDocument(ctx.principal(), id));
        return Attachment(std::move(content.content_type), std::move(content.bytes),
                          content.file_name);
      },
      .doc = {"Download a document (always as an attachment).", "cmdb", nullptr, nullptr},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kDocument),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/documents/{id}",
      .roles = writers,
      .handler = [&cmdb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(cmdb.DeleteDocument(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete a document and its file.", "cmdb", nullptr, nullptr, 204},
      .owner_lookup = OwnerOf(cmdb, ObjectKind::kDocument),
  });
}

void AddSearchRoute(RouteTable& routes, CmdbService& cmdb, servicedesk::TicketService& tickets) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/search",
      .roles = RoleSet::Everyone(),
      .handler = [&cmdb, &tickets](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(std::string q, RequiredQueryText(ctx, "q", 200));
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 50));
        int n = static_cast<int>(limit.value_or(50));
        STEWARD_ASSIGN_OR_RETURN(Json results, cmdb.Search(ctx.principal(), q, n));
        // Tickets after the records, at most 10 of them: a technician
        // typing "#1234" or a few words of a subject lands on the ticket.
        STEWARD_ASSIGN_OR_RETURN(auto hits, tickets.Search(ctx.principal(), q, std::min(n, 10)));
        for (Json& t : TicketSearchJson(hits)) results["results"].push_back(std::move(t));
        return ApiResponse::Ok(std::move(results));
      },
      .doc = {"Full-text search over customers, contacts, CIs and documents (every word is a "
              "prefix and all must match), then tickets: \"#12\" or \"12\" finds ticket 12, "
              "other words match inside the subject. Query: q, limit (max 50).",
              "cmdb", nullptr, ObjectSchema({{"results", "array"}})},
  });
}

}  // namespace

void AddCmdbRoutes(RouteTable& routes, const ApiDeps& deps) {
  CmdbService& cmdb = deps.cmdb;
  AddCustomerRoutes(routes, cmdb, deps.servicedesk,
                    {Role::kOwner, Role::kServiceManager, Role::kAccountManager});
  AddSiteRoutes(routes, cmdb,
                {Role::kOwner, Role::kServiceManager, Role::kAccountManager, Role::kTechnician});
  AddContactRoutes(routes, cmdb,
                   {Role::kOwner, Role::kServiceManager, Role::kAccountManager, Role::kTechnician});
  AddStaffRoutes(routes, cmdb);
  const RoleSet ci_writers{Role::kOwner, Role::kServiceManager, Role::kTechnician,
                           Role::kChangeManager};
  AddCiRoutes(routes, cmdb, ci_writers);
  AddCsvRoutes(routes, cmdb, ci_writers);
  AddDocumentRoutes(
      routes, cmdb,
      {Role::kOwner, Role::kServiceManager, Role::kAccountManager, Role::kBillingAdmin});
  AddSearchRoute(routes, cmdb, deps.tickets);
}

}  // namespace steward::api
