#include "server/api/openapi.h"

#include <cctype>

#include "core/strings.h"
#include "server/api/errors.h"

namespace steward::api {
namespace {

std::string RolesText(const Route& r) {
  if (r.access == Access::kPublic) return "public";
  std::string out;
  for (auto role : accounts::AllRoles()) {
    if (!r.roles.Contains(role)) continue;
    if (!out.empty()) out += ", ";
    out += accounts::RoleName(role);
  }
  return out.empty() ? "nobody" : out;
}

}  // namespace

Json BuildOpenApi(const RouteTable& routes) {
  Json error_schema = {{"type", "object"},
                       {"properties",
                        {{"error",
                          {{"type", "object"},
                           {"properties",
                            {{"code", {{"type", "string"}}},
                             {"message", {{"type", "string"}}},
                             {"field", {{"type", "string"}, {"nullable", true}}}}}}}}}};
  Json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Steward API"},
        {"version", "1"},
        {"description",
         "Every write made with the session cookie must carry the X-CSRF-Token header returned "
         "by login. Errors always have the shape {\"error\":{\"code\",\"message\",\"field\"}}. "
         "Objects of another customer answer 404."}}},
      {"components",
       {{"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "steward_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas", {{"Error", error_schema}}}}},
      {"paths", Json::object()}};
  for (const Route& r : routes.routes()) {
    if (r.hidden_from_openapi) continue;
    Json op = {{"summary", r.doc.summary},
               {"tags", Json::array({r.doc.tag})},
               {"operationId", AsciiLower(r.method) + r.pattern},
               {"x-roles", RolesText(r)}};
    Json params = Json::array();
    size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      size_t end = r.pattern.find('}', pos);
      params.push_back({{"name", r.pattern.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "integer"}}}});
      pos = end;
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.doc.request_schema.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", r.doc.request_schema}}}}}};
    }
    Json success = {{"description", "success"}};
    if (!r.doc.response_schema.is_null()) {
      success["content"] = {{"application/json", {{"schema", r.doc.response_schema}}}};
    }
    Json responses = {{std::to_string(r.doc.success_status), success}};
    Json error_ref = {
        {"description", "error"},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    responses["400"] = error_ref;
    if (r.access == Access::kAuthenticated) {
      responses["401"] = error_ref;
      responses["403"] = error_ref;
      op["security"] = Json::array({{{"session", Json::array()}}, {{"bearer", Json::array()}}});
    }
    if (!params.empty()) responses["404"] = error_ref;
    op["responses"] = responses;
    doc["paths"][r.pattern][AsciiLower(r.method)] = op;
  }
  return doc;
}

}  // namespace steward::api
