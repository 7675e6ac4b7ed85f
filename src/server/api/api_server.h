// ApiServer turns an HttpRequest into an HttpResponse: route lookup, then the
// chain of early-return checks every request passes (authenticate → MFA setup
// gate → CSRF and Origin → role, with 404-not-403 for foreign objects → body
// limit), then the handler, then one rendering of results and errors with the
// security headers. Thread-safe; the route table is fixed after construction.
#pragma once

#include <memory>

#include "net/http_types.h"
#include "server/api/api_deps.h"
#include "server/api/route_table.h"

namespace steward::api {

inline constexpr std::string_view kSessionCookie = "steward_session";

class ApiServer {
 public:
  ApiServer(ApiDeps deps, std::unique_ptr<RouteTable> routes);
  net::HttpResponse Handle(net::HttpRequest& request);
  size_t BodyLimit(std::string_view method, std::string_view path) const {
    return routes_->BodyLimit(method, path);
  }
  const RouteTable& routes() const { return *routes_; }

 private:
  Result<ApiResponse> Dispatch(net::HttpRequest& request, const RouteMatch& match,
                               net::Headers& extra_headers);
  net::HttpResponse Render(const net::HttpRequest& request, Result<ApiResponse> result,
                           net::Headers extra_headers);

  ApiDeps deps_;
  // Heap-allocated so its address is stable: the OpenAPI route reads the
  // table it belongs to.
  std::unique_ptr<RouteTable> routes_;
};

// Builds the full route table (every Add*Routes function).
std::unique_ptr<RouteTable> BuildRoutes(const ApiDeps& deps);

}  // namespace steward::api
