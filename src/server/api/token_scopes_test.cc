#include "server/api/token_scopes.h"

#include <gtest/gtest.h>

namespace steward::api {
namespace {

using accounts::Role;
using accounts::TokenScope;

TokenScope ScopeOf(const char* method, const char* pattern) {
  TokenRule rule = TokenRuleFor(method, pattern);
  EXPECT_FALSE(rule.session_only) << method << " " << pattern;
  return rule.scope;
}

TEST(TokenScopesTest, ReadsNeedReadAndWritesTheirArea) {
  EXPECT_EQ(ScopeOf("GET", "/api/v1/tickets/{id}"), TokenScope::kRead);
  EXPECT_EQ(ScopeOf("GET", "/api/v1/users"), TokenScope::kRead);
  EXPECT_EQ(ScopeOf("PATCH", "/api/v1/tickets/{id}"), TokenScope::kServiceDesk);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/kb/articles"), TokenScope::kServiceDesk);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/alerts/{id}/ack"), TokenScope::kMonitoring);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/device-groups"), TokenScope::kMonitoring);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/ingest"), TokenScope::kIngest);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/cis/import"), TokenScope::kCmdb);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/contracts/{id}/lines"), TokenScope::kBilling);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/billing/runs"), TokenScope::kBilling);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/invoices/{id}/payments"), TokenScope::kBilling);
  // Issue 13: voiding writes in the billing scope; aging, the export and a
  // credit note are reads like the invoices they come from.
  EXPECT_EQ(ScopeOf("POST", "/api/v1/invoices/{id}/void"), TokenScope::kBilling);
  EXPECT_EQ(ScopeOf("GET", "/api/v1/invoices/{id}/credit-note"), TokenScope::kRead);
  EXPECT_EQ(ScopeOf("GET", "/api/v1/billing/aging"), TokenScope::kRead);
  EXPECT_EQ(ScopeOf("GET", "/api/v1/billing/export"), TokenScope::kRead);
  // The invoice PDF is a read like the invoice itself.
  EXPECT_EQ(ScopeOf("GET", "/api/v1/invoices/{id}/pdf"), TokenScope::kRead);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/users"), TokenScope::kAdmin);
  EXPECT_EQ(ScopeOf("PATCH", "/api/v1/settings"), TokenScope::kAdmin);
}

TEST(TokenScopesTest, RemoteExecutionAndAgentsAreTheirOwnScopes) {
  EXPECT_EQ(ScopeOf("POST", "/api/v1/devices/{id}/commands"), TokenScope::kCommands);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/device-groups/{id}/commands"), TokenScope::kCommands);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/scripts"), TokenScope::kCommands);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/enrollment-tokens"), TokenScope::kAgents);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/agents/{id}/approve"), TokenScope::kAgents);
  // Prefixes match whole segments only.
  EXPECT_EQ(ScopeOf("POST", "/api/v1/agentsx"), TokenScope::kAdmin);
}

TEST(TokenScopesTest, AnUnmappedRouteNeedsAdminEvenToRead) {
  EXPECT_EQ(ScopeOf("GET", "/api/v1/brand-new"), TokenScope::kAdmin);
  EXPECT_EQ(ScopeOf("POST", "/api/v1/brand-new/{id}"), TokenScope::kAdmin);
}

TEST(TokenScopesTest, TokenManagementAndCredentialsAreSessionOnly) {
  for (const char* m : {"GET", "POST", "DELETE"}) {
    EXPECT_TRUE(TokenRuleFor(m, "/api/v1/tokens").session_only) << m;
    EXPECT_TRUE(TokenRuleFor(m, "/api/v1/tokens/{id}").session_only) << m;
  }
  EXPECT_TRUE(TokenRuleFor("POST", "/api/v1/auth/password").session_only);
  EXPECT_TRUE(TokenRuleFor("POST", "/api/v1/auth/totp/disable").session_only);
  EXPECT_EQ(ScopeOf("GET", "/api/v1/auth/me"), TokenScope::kRead);
}

TEST(TokenScopesTest, CheckNamesTheMissingScope) {
  Route r;
  r.method = "POST";
  r.pattern = "/api/v1/devices/{id}/commands";
  accounts::TokenScopeSet scopes;
  scopes.Add(TokenScope::kRead);
  scopes.Add(TokenScope::kAdmin);
  Status s = CheckTokenScope(scopes, r);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.field(), "scopes");
  EXPECT_NE(s.message().find("commands"), std::string::npos);
  scopes.Add(TokenScope::kCommands);
  EXPECT_TRUE(CheckTokenScope(scopes, r).ok());
}

TEST(TokenScopesTest, UsableScopesFollowTheRoles) {
  RouteTable t;
  auto add = [&](const char* method, const char* pattern, accounts::RoleSet roles) {
    Route r;
    r.method = method;
    r.pattern = pattern;
    r.roles = roles;
    r.handler = [](RequestContext&) -> Result<ApiResponse> { return ApiResponse::NoContent(); };
    t.Add(std::move(r));
  };
  add("GET", "/api/v1/cis", accounts::RoleSet::AllStaff());
  add("POST", "/api/v1/devices/{id}/commands", {Role::kOwner, Role::kTechnician});
  add("POST", "/api/v1/contracts", {Role::kOwner, Role::kBillingAdmin});
  add("POST", "/api/v1/tokens", accounts::RoleSet::AllStaff());
  auto billing = ScopesUsableBy(Role::kBillingAdmin, t);
  EXPECT_TRUE(billing.Contains(TokenScope::kRead));
  EXPECT_TRUE(billing.Contains(TokenScope::kBilling));
  EXPECT_FALSE(billing.Contains(TokenScope::kCommands));
  EXPECT_FALSE(billing.Contains(TokenScope::kAdmin));  // tokens are session-only
  auto tech = ScopesUsableBy(Role::kTechnician, t);
  EXPECT_TRUE(tech.Contains(TokenScope::kCommands));
  EXPECT_FALSE(tech.Contains(TokenScope::kBilling));
}

TEST(TokenScopesTest, StoredScopesNeverGrowOnBadText) {
  EXPECT_TRUE(accounts::TokenScopeSet::FromJsonText("not json").empty());
  EXPECT_TRUE(accounts::TokenScopeSet::FromJsonText(R"(["read","root"])").empty());
  EXPECT_TRUE(accounts::TokenScopeSet::FromJsonText(R"({"read":1})").empty());
  auto s = accounts::TokenScopeSet::FromJsonText(R"(["read","ingest"])");
  EXPECT_EQ(s.Names(), (std::vector<std::string>{"read", "ingest"}));
  EXPECT_EQ(s.ToJsonText(), R"(["read","ingest"])");
}

}  // namespace
}  // namespace steward::api
