#include "server/api/token_scopes.h"

#include <string>

namespace steward::api {

using accounts::TokenScope;

namespace {

struct Area {
  std::string_view prefix;  // a pattern prefix, matched on whole segments
  bool session_only;        // for writes (GET stays "read") unless `all_methods`
  bool all_methods;         // the rule applies to GET too
  TokenScope write_scope;
};

// First match wins, so the narrower prefixes come first.
constexpr Area kAreas[] = {
    // Token management: a token can neither see, mint nor revoke tokens.
    {"/api/v1/tokens", true, true, TokenScope::kAdmin},
    // Password, TOTP and logout need the person, not a script.
    {"/api/v1/auth", true, false, TokenScope::kAdmin},
    {"/api/v1/ingest", false, false, TokenScope::kIngest},
    // Remote execution and the scripts it runs.
    {"/api/v1/devices/{id}/commands", false, false, TokenScope::kCommands},
    {"/api/v1/device-groups/{id}/commands", false, false, TokenScope::kCommands},
    {"/api/v1/commands", false, false, TokenScope::kCommands},
    {"/api/v1/scripts", false, false, TokenScope::kCommands},
    // Agent identity.
    {"/api/v1/enrollment-tokens", false, false, TokenScope::kAgents},
    {"/api/v1/agents", false, false, TokenScope::kAgents},
    // Deciding on an update is monitoring's work, not a data push.
    {"/api/v1/devices/{id}/updates/{update_id}/approval", false, false, TokenScope::kMonitoring},
    {"/api/v1/update-approval-policy", false, false, TokenScope::kMonitoring},
    // A device's scan report is data pushed in, like samples.
    {"/api/v1/devices/{id}/updates", false, false, TokenScope::kIngest},
    {"/api/v1/devices/{id}/change-windows", false, false, TokenScope::kMonitoring},
    {"/api/v1/change-windows", false, false, TokenScope::kMonitoring},
    // A vote on a change is a person's decision: a leaked token cannot
    // approve what it then runs.
    {"/api/v1/changes/{id}/approvals", true, false, TokenScope::kAdmin},
    // Deploying updates runs code on the devices: a person's session only.
    {"/api/v1/changes/{id}/deployments", true, false, TokenScope::kCommands},
    // A release installs on the test group: the same.
    {"/api/v1/changes/{id}/releases", true, false, TokenScope::kCommands},
    {"/api/v1/releases", false, false, TokenScope::kCommands},
    // The second approval of a large deployment is a person's decision too.
    {"/api/v1/deployments/{id}/approvals", true, false, TokenScope::kCommands},
    {"/api/v1/deployments", false, false, TokenScope::kCommands},
    {"/api/v1/changes", false, false, TokenScope::kServiceDesk},
    {"/api/v1/customers/{id}/change-success", false, false, TokenScope::kServiceDesk},
    {"/api/v1/change-freezes", false, false, TokenScope::kServiceDesk},
    {"/api/v1/change-calendar", false, false, TokenScope::kServiceDesk},
    // Monitoring.
    {"/api/v1/devices", false, false, TokenScope::kMonitoring},
    {"/api/v1/alerts", false, false, TokenScope::kMonitoring},
    {"/api/v1/monitoring", false, false, TokenScope::kMonitoring},
    {"/api/v1/maintenance-windows", false, false, TokenScope::kMonitoring},
    {"/api/v1/device-groups", false, false, TokenScope::kMonitoring},
    // Service desk.
    {"/api/v1/tickets", false, false, TokenScope::kServiceDesk},
    {"/api/v1/calendars", false, false, TokenScope::kServiceDesk},
    {"/api/v1/kb", false, false, TokenScope::kServiceDesk},
    {"/api/v1/problems", false, false, TokenScope::kServiceDesk},
    {"/api/v1/mail", false, false, TokenScope::kServiceDesk},
    // A customer's hours are billing's, before the CMDB's customers prefix.
    {"/api/v1/customers/{id}/hours", false, false, TokenScope::kBilling},
    {"/api/v1/customers/{id}/flex", false, false, TokenScope::kBilling},
    {"/api/v1/customers/{id}/billing-profile", false, false, TokenScope::kBilling},
    // Patch policy is monitoring's, like alert policies.
    {"/api/v1/customers/{id}/update-class-overrides", false, false, TokenScope::kMonitoring},
    {"/api/v1/customers/{id}/change-windows", false, false, TokenScope::kMonitoring},
    // The CMDB.
    {"/api/v1/customers", false, false, TokenScope::kCmdb},
    {"/api/v1/sites", false, false, TokenScope::kCmdb},
    {"/api/v1/contacts", false, false, TokenScope::kCmdb},
    {"/api/v1/cis", false, false, TokenScope::kCmdb},
    {"/api/v1/documents", false, false, TokenScope::kCmdb},
    {"/api/v1/staff", false, false, TokenScope::kCmdb},
    {"/api/v1/search", false, false, TokenScope::kCmdb},
    // Billing.
    {"/api/v1/plans", false, false, TokenScope::kBilling},
    {"/api/v1/contracts", false, false, TokenScope::kBilling},
    {"/api/v1/invoices", false, false, TokenScope::kBilling},
    {"/api/v1/billing", false, false, TokenScope::kBilling},
    {"/api/v1/expenses", false, false, TokenScope::kBilling},
    // Administration.
    {"/api/v1/users", false, false, TokenScope::kAdmin},
    {"/api/v1/webhooks", false, false, TokenScope::kAdmin},
    {"/api/v1/settings", false, false, TokenScope::kAdmin},
    {"/api/v1/audit", false, false, TokenScope::kAdmin},
    {"/api/v1/test", false, false, TokenScope::kAdmin},
};

bool UnderPrefix(std::string_view pattern, std::string_view prefix) {
  if (pattern.substr(0, prefix.size()) != prefix) return false;
  return pattern.size() == prefix.size() || pattern[prefix.size()] == '/';
}

}  // namespace

TokenRule TokenRuleFor(std::string_view method, std::string_view pattern) {
  for (const Area& a : kAreas) {
    if (!UnderPrefix(pattern, a.prefix)) continue;
    if (method == "GET" && !a.all_methods) return {false, TokenScope::kRead};
    return {a.session_only, a.write_scope};
  }
  // Unknown area: the most restrictive scope, for reads too.
  return {false, TokenScope::kAdmin};
}

Status CheckTokenScope(const accounts::TokenScopeSet& scopes, const Route& route) {
  TokenRule rule = TokenRuleFor(route.method, route.pattern);
  if (rule.session_only) {
    return Status(StatusCode::kPermissionDenied,
                  "an API token cannot do this; log in (token management, password and "
                  "two-factor changes need a session)",
                  "scopes");
  }
  if (!scopes.Contains(rule.scope)) {
    return Status(
        StatusCode::kPermissionDenied,
        "this API token lacks the \"" + std::string(TokenScopeName(rule.scope)) + "\" scope",
        "scopes");
  }
  return Status::Ok();
}

accounts::TokenScopeSet ScopesUsableBy(accounts::Role role, const RouteTable& routes) {
  accounts::TokenScopeSet out;
  for (const Route& r : routes.routes()) {
    if (r.access != Access::kAuthenticated || !r.roles.Contains(role)) continue;
    TokenRule rule = TokenRuleFor(r.method, r.pattern);
    if (!rule.session_only) out.Add(rule.scope);
  }
  return out;
}

}  // namespace steward::api
