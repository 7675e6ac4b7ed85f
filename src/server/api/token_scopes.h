// The one place that decides which token scope each route needs (issue 17
// item 1). A request authenticated by an API token must pass both its user's
// role (Route::roles) and this rule. The rule comes from the route's method
// and the area its pattern belongs to: GET in a known area needs "read", a
// write needs the area's scope. A pattern in no known area needs "admin" for
// every method — a new route is out of reach of ordinary tokens until it is
// given an area here — and token management, password and TOTP changes are
// never reachable by a token at all.
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/accounts/principal.h"
#include "server/api/route_table.h"

namespace steward::api {

struct TokenRule {
  bool session_only = false;  // no token may call it, whatever its scopes
  accounts::TokenScope scope = accounts::TokenScope::kAdmin;
};

TokenRule TokenRuleFor(std::string_view method, std::string_view pattern);

// Ok if a token with `scopes` may call the route; PermissionDenied naming
// the missing scope (field "scopes") otherwise.
Status CheckTokenScope(const accounts::TokenScopeSet& scopes, const Route& route);

// The scopes a user of `role` can use on at least one route: a token's scopes
// must be a subset, so a token never names a right its creator lacks.
accounts::TokenScopeSet ScopesUsableBy(accounts::Role role, const RouteTable& routes);

}  // namespace steward::api
