#include "server/api/api_server.h"

#include "core/crypto.h"
#include "core/log.h"
#include "server/accounts/account_service.h"
#include "server/api/errors.h"
#include "server/api/token_scopes.h"

namespace steward::api {

namespace {

bool IsSafeMethod(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// "https://host:8080" → "host:8080"
std::string_view OriginHost(std::string_view origin) {
  size_t scheme = origin.find("://");
  if (scheme != std::string_view::npos) origin.remove_prefix(scheme + 3);
  return origin.substr(0, origin.find('/'));
}

}  // namespace

ApiServer::ApiServer(ApiDeps deps, std::unique_ptr<RouteTable> routes)
    : deps_(std::move(deps)), routes_(std::move(routes)) {}

net::HttpResponse ApiServer::Handle(net::HttpRequest& request) {
  RouteMatch match = routes_->Match(request.method, request.path);
  net::Headers extra;
  Result<ApiResponse> result = Status::Internal("unset");
  if (!match.route) {
    request.route = "(unmatched)";
    if (match.path_matched) {
      result = Status(StatusCode::kInvalidArgument,
                      "method " + request.method + " is not allowed on this path");
      net::HttpResponse r = Render(request, std::move(result), {});
      r.status = 405;
      return r;
    }
    result = Status::NotFound("route", request.path.substr(0, 200));
  } else {
    request.route = match.route->pattern;
    result = Dispatch(request, match, extra);
  }
  return Render(request, std::move(result), std::move(extra));
}

Result<ApiResponse> ApiServer::Dispatch(net::HttpRequest& request, const RouteMatch& match,
                                        net::Headers& extra_headers) {
  const Route& route = *match.route;

  // 1. Authenticate. A bearer token wins over a cookie; an invalid credential
  // on a protected route is 401, on a public one it is ignored.
  accounts::Principal principal;
  Status auth_error;
  if (auto auth = request.Header("Authorization")) {
    if (auth->substr(0, 7) == "Bearer ") {
      auto p = deps_.accounts.AuthenticateToken(std::string(auth->substr(7)));
      if (p.ok()) {
        principal = *p;
      } else {
        auth_error = p.status();
      }
    } else {
      auth_error = Status::Unauthenticated("unsupported Authorization scheme; use Bearer");
    }
  } else if (auto cookie = request.Cookie(kSessionCookie)) {
    auto p = deps_.accounts.AuthenticateSession(*cookie);
    if (p.ok()) {
      principal = *p;
    } else {
      auth_error = p.status();
    }
  }
  if (route.access == Access::kAuthenticated && !principal.authenticated()) {
    return auth_error.ok() ? Status::Unauthenticated("log in or send a bearer token") : auth_error;
  }

  // 2. A staff member who must enrol TOTP may only do that (and log out).
  if (principal.mfa_setup_only && !route.allowed_in_mfa_setup) {
    return Status(StatusCode::kPermissionDenied,
                  "two-factor authentication must be set up first (POST /api/v1/auth/totp/setup)",
                  "mfa_setup_required");
  }

  // 3. CSRF: a cookie-authenticated write must echo the session's token in a
  // header a cross-site form cannot set; and a browser Origin must be ours
  // ("null" — a sandboxed frame, a data: page, a cross-site redirect — never is).
  if (!IsSafeMethod(request.method)) {
    if (auto origin = request.Header("Origin")) {
      auto host = request.Header("Host");
      if (!host || OriginHost(*origin) != *host) {
        return Status::PermissionDenied("cross-origin request refused");
      }
    }
    if (principal.method == accounts::AuthMethod::kSession && !route.csrf_exempt) {
      auto token = request.Header("X-CSRF-Token");
      if (!token || !ConstantTimeEquals(*token, principal.csrf_token)) {
        return Status::PermissionDenied("missing or wrong X-CSRF-Token header");
      }
    }
  }

  RequestContext ctx(request, match.params, principal, deps_.clock.Now());

  // 4. Role. Deny by default; for an object outside the caller's scope the
  // answer is 404 whatever the role, so foreign ids cannot be probed.
  if (route.access == Access::kAuthenticated && !route.roles.Contains(principal.role)) {
    if (route.owner_lookup && match.params.count("id")) {
      auto id = ctx.PathId();
      if (!id.ok()) return id.status();
      STEWARD_ASSIGN_OR_RETURN(std::optional<int64_t> owner, route.owner_lookup(*id));
      bool visible = owner.has_value() && (principal.scope().is_all() ||
                                           (*owner != 0 && principal.scope().Allows(*owner)));
      if (!visible) return Status::NotFound("object", std::to_string(*id));
    }
    return Status::PermissionDenied(
        "your role (" + std::string(accounts::RoleName(principal.role)) + ") may not do this");
  }

  // 5. Token scope. A bearer token needs, on top of its user's role, the
  // scope the route requires (server/api/token_scopes.h decides which).
  if (route.access == Access::kAuthenticated &&
      principal.method == accounts::AuthMethod::kApiToken) {
    STEWARD_RETURN_IF_ERROR(CheckTokenScope(principal.scopes, route));
  }

  auto result = route.handler(ctx);
  for (auto& h : ctx.extra_headers()) extra_headers.push_back(std::move(h));
  return result;
}

net::HttpResponse ApiServer::Render(const net::HttpRequest& request, Result<ApiResponse> result,
                                    net::Headers extra_headers) {
  net::HttpResponse out;
  if (result.ok()) {
    ApiResponse& r = *result;
    out.status = r.status;
    out.content_type = r.content_type;
    if (r.raw_body) {
      out.body = std::move(*r.raw_body);
    } else {
      out.body = r.body.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    for (auto& h : r.headers) out.headers.push_back(std::move(h));
  } else {
    const Status& s = result.status();
    if (s.code() == StatusCode::kInternal || s.code() == StatusCode::kDataLoss) {
      LogError("{} {}: {}", request.method, request.path, s.ToString());
    }
    out.status = HttpStatusFor(s.code());
    out.body = ErrorBody(s).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.code() == StatusCode::kResourceExhausted) out.SetHeader("Retry-After", "900");
  }
  for (auto& h : extra_headers) out.headers.push_back(std::move(h));
  out.SetHeader("X-Content-Type-Options", "nosniff");
  out.SetHeader("X-Frame-Options", "DENY");
  out.SetHeader("Referrer-Policy", "no-referrer");
  out.SetHeader("Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                "form-action 'self'; frame-ancestors 'none'");
  out.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (request.path.rfind("/api/", 0) == 0) out.SetHeader("Cache-Control", "no-store");
  if (request.tls) {
    out.SetHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  return out;
}

}  // namespace steward::api
