// The one table of every HTTP route (SECURITY.md rule 2): method, path
// pattern, who may call it, how big a body it takes, its documentation, and
// its handler. Dispatch, authorisation, CSRF, the OpenAPI document and the
// authorisation-matrix tests all read this table, so a route cannot exist
// without a declared policy; anything not in it is a 404. Deny by default:
// an empty role set admits nobody.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "net/http_types.h"
#include "server/accounts/principal.h"

namespace steward::api {

enum class Access {
  kPublic,         // no login (health, login itself, static files)
  kAuthenticated,  // a session or bearer token whose role is in `roles`
};

// What a handler hands back: JSON by default, or raw bytes (files, CSV, text).
struct ApiResponse {
  int status = 200;
  Json body;
  std::optional<std::string> raw_body;
  std::string content_type = "application/json";
  net::Headers headers;

  static ApiResponse Ok(Json body) { return {200, std::move(body), {}, "application/json", {}}; }
  static ApiResponse Created(Json body) {
    return {201, std::move(body), {}, "application/json", {}};
  }
  static ApiResponse NoContent() { return {204, nullptr, std::string(), "text/plain", {}}; }
  static ApiResponse Raw(std::string content_type, std::string bytes) {
    return {200, nullptr, std::move(bytes), std::move(content_type), {}};
  }
};

class RequestContext {
 public:
  RequestContext(net::HttpRequest& request, std::map<std::string, std::string> path_params,
                 accounts::Principal principal, Timestamp now)
      : request_(request),
        path_params_(std::move(path_params)),
        principal_(std::move(principal)),
        actor_{principal_, request.remote_ip},
        now_(now) {}

  const net::HttpRequest& request() const { return request_; }
  const accounts::Principal& principal() const { return principal_; }
  const accounts::Actor& actor() const { return actor_; }
  storage::TenantScope scope() const { return principal_.scope(); }
  Timestamp now() const { return now_; }

  // A numeric path parameter ("{id}"); InvalidArgument naming it if malformed.
  Result<int64_t> PathId(std::string_view name = "id") const;
  std::string PathParam(std::string_view name) const;
  // The body parsed strictly (see core/json.h); InvalidArgument if malformed
  // or not of type application/json.
  Result<Json> JsonBody() const;
  // A query parameter parsed as an integer within [min, max].
  Result<std::optional<int64_t>> QueryInt(std::string_view name, int64_t min, int64_t max) const;

  // Response headers to add (cookies on login/logout).
  net::Headers& extra_headers() { return extra_headers_; }

 private:
  net::HttpRequest& request_;
  std::map<std::string, std::string> path_params_;
  accounts::Principal principal_;
  accounts::Actor actor_;
  Timestamp now_;
  net::Headers extra_headers_;
};

using Handler = std::function<Result<ApiResponse>(RequestContext&)>;
// Maps an object id in the path to its customer, so a role-denied request can
// answer 404 for objects outside the caller's scope and 403 inside it: the
// answer never reveals that another customer's object exists.
using OwnerLookup = std::function<Result<std::optional<int64_t>>(int64_t id)>;

struct RouteDoc {
  std::string summary;
  std::string tag;
  Json request_schema;   // OpenAPI schema of the body, null for none
  Json response_schema;  // schema of the success body, null for none
  int success_status = 200;
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/cis/{id}/history"
  Access access = Access::kAuthenticated;
  accounts::RoleSet roles;
  Handler handler;
  RouteDoc doc;
  size_t max_body_bytes = 64 * 1024;
  bool csrf_exempt = false;           // only login: there is no session yet
  bool allowed_in_mfa_setup = false;  // usable before a required TOTP is set up
  OwnerLookup owner_lookup;           // for routes with {id}
  bool hidden_from_openapi = false;   // static files and the test clock only
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_matched = false;  // some route has this path (for 405)
};

class RouteTable {
 public:
  // Aborts on a duplicate method+pattern: two handlers for one route is a bug.
  void Add(Route route);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }
  // The largest body accepted for this request, before it is read.
  size_t BodyLimit(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace steward::api
