// The authorisation matrix, generated from the route table (SECURITY.md §4):
//  1. a portal user of customer A, sent to every authenticated route with
//     customer B's objects in the path (or B's id in the query/body), gets
//     404 on every object route and never a byte of B's data anywhere;
//  2. every staff role, sent to every route its role may not use (with its
//     own tenant's objects), gets 403.
// A route added without a policy, or with one that leaks, fails here.
#include <map>
#include <regex>

#include "server/api/token_scopes.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

using accounts::Role;

constexpr char kMarkerB[] = "ZEBRAB";  // appears in every name of customer B

struct Tenant {
  int64_t customer = 0, site = 0, contact = 0, ci = 0, ci2 = 0, relation = 0, document = 0,
          portal_user = 0, alert = 0, window = 0, change_window = 0, group = 0, policy = 0,
          deployment = 0, release = 0, ticket = 0, agent = 0, enrollment_token = 0, command = 0,
          webhook = 0, calendar = 0, article = 0, problem = 0, contract = 0, invoice = 0,
          expense = 0, change = 0, freeze = 0;
};

class AuthorizationMatrixTest : public ServerTest {
 protected:
  int64_t Id(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }

  Tenant Seed(HttpClient& owner, const std::string& tag) {
    Tenant t;
    t.customer = Id(owner.Post("/api/v1/customers", {{"name", "Customer " + tag}}));
    t.site =
        Id(owner.Post("/api/v1/sites", {{"customer_id", t.customer}, {"name", "Site " + tag}}));
    t.contact = Id(owner.Post("/api/v1/contacts", {{"customer_id", t.customer},
                                                   {"name", "Contact " + tag},
                                                   {"email", "c-" + tag + "@cust.example"}}));
    t.ci = Id(owner.Post("/api/v1/cis", {{"customer_id", t.customer},
                                         {"kind", "server"},
                                         {"name", "srv-" + tag},
                                         {"serial_number", "SN-" + tag},
                                         {"make", "Dell"},
                                         {"model", "R650"}}));
    t.ci2 = Id(owner.Post(
        "/api/v1/cis", {{"customer_id", t.customer}, {"kind", "service"}, {"name", "app-" + tag}}));
    auto rel = owner.Post("/api/v1/cis/" + std::to_string(t.ci2) + "/relations",
                          {{"to_ci_id", t.ci}, {"kind", "runs_on"}});
    t.relation = Id(rel);
    auto doc = owner.Send("POST",
                          "/api/v1/documents?customer_id=" + std::to_string(t.customer) +
                              "&kind=sla&title=SLA%20" + tag + "&file_name=sla-" + tag + ".txt",
                          "SLA text " + tag, "text/plain");
    t.document = Id(doc);
    t.portal_user = AddUser("portal-" + tag + "@cust.example", Role::kPortal, t.customer);
    SeedMonitoring(owner, t);
    SeedAgent(owner, t, tag);
    t.webhook = Id(owner.Post("/api/v1/webhooks", {{"customer_id", t.customer},
                                                   {"url", "https://hooks.example.com/" + tag},
                                                   {"events", {"alert.opened"}}}));
    SeedKnowledge(owner, t, tag);
    SeedContract(owner, t);
    return t;
  }

  // An enrolled agent with remote commands enabled and one command.
  void SeedAgent(HttpClient& owner, Tenant& t, const std::string& tag) {
    auto token = owner.Post("/api/v1/enrollment-tokens",
                            {{"customer_id", t.customer}, {"auto_approve", true}});
    t.enrollment_token = Id(token);
    auto enrolled =
        Client().Post("/api/v1/agent/enroll", {{"token", token.json().value("token", "")},
                                               {"hostname", "agent-" + tag},
                                               {"machine_id", "machine-" + tag + "-0000"},
                                               {"agent_version", "0.1.0"}});
    EXPECT_EQ(enrolled.status, 201) << enrolled.body;
    t.agent = enrolled.json().value("device_id", int64_t{0});
    std::string agent = "/api/v1/agents/" + std::to_string(t.agent);
    EXPECT_EQ(owner.Patch(agent, {{"commands_enabled", true}}).status, 200);
    t.command = Id(owner.Post("/api/v1/devices/" + std::to_string(t.agent) + "/commands",
                              {{"script", "uptime"}}));
  }

  // A business calendar, a staff-only knowledge article and a problem over
  // the tenant's incident ticket.
  void SeedKnowledge(HttpClient& owner, Tenant& t, const std::string& tag) {
    t.calendar =
        Id(owner.Post("/api/v1/calendars",
                      {{"name", "Calendar " + tag}, {"time_zone", "UTC"}, {"hours", "24x7"}}));
    t.article = Id(owner.Post(
        "/api/v1/kb/articles",
        {{"title", "Article " + tag}, {"body", "Internal " + tag}, {"status", "published"}}));
    t.problem = Id(owner.Post(
        "/api/v1/problems",
        {{"title", "Problem " + tag}, {"customer_id", t.customer}, {"ticket_ids", {t.ticket}}}));
  }

  // A contract covering the tenant's server with the seed's Bronze plan.
  void SeedContract(HttpClient& owner, Tenant& t) {
    t.contract = Id(owner.Post(
        "/api/v1/contracts",
        {{"customer_id", t.customer}, {"start_date", "2026-11-01"}, {"term_months", 12}}));
    int64_t bronze = 0;
    for (const Json& p : owner.Get("/api/v1/plans").json()) {
      if (p["name"] == "Bronze") bronze = p["id"];
    }
    EXPECT_GT(bronze, 0);
    EXPECT_EQ(owner
                  .Post("/api/v1/contracts/" + std::to_string(t.contract) + "/lines",
                        {{"plan_id", bronze}, {"ci_ids", {t.ci}}})
                  .status,
              201);
    // November's run drafts this tenant's invoice (the other tenant's is done).
    auto run = owner.Post("/api/v1/billing/runs", {{"month", "2026-11"}});
    EXPECT_EQ(run.status, 201) << run.body;
    if (run.json()["invoice_ids"].size() == 1) t.invoice = run.json()["invoice_ids"][0];
    EXPECT_GT(t.invoice, 0);
    EXPECT_EQ(owner.Post("/api/v1/invoices/" + std::to_string(t.invoice) + "/issue", Json{}).status,
              200);
    t.expense = Id(owner.Post("/api/v1/expenses", {{"customer_id", t.customer},
                                                   {"incurred_on", "2026-11-20"},
                                                   {"description", "Replacement SSD"},
                                                   {"amount_cents", 18999}}));
  }

  // An alert, a maintenance window, a device group and a policy of the tenant.
  void SeedMonitoring(HttpClient& owner, Tenant& t) {
    Json sample = {{"device_id", t.ci},
                   {"metric", "memory.used_percent"},
                   {"ts", FormatIso8601(clock().Now())},
                   {"value", 99}};
    EXPECT_EQ(owner.Post("/api/v1/ingest", {{"samples", {sample}}}).status, 202);
    Json alerts = owner.Get("/api/v1/alerts?device_id=" + std::to_string(t.ci)).json()["alerts"];
    EXPECT_EQ(alerts.size(), 1u);
    if (!alerts.empty()) t.alert = alerts[0]["id"];
    // The service desk opened an incident ticket for the alert.
    if (!alerts.empty() && alerts[0]["ticket_id"].is_number_integer()) {
      t.ticket = alerts[0]["ticket_id"];
    }
    EXPECT_GT(t.ticket, 0);
    t.window = Id(owner.Post("/api/v1/maintenance-windows",
                             {{"customer_id", t.customer},
                              {"starts_at", FormatIso8601(clock().Now())},
                              {"ends_at", FormatIso8601(clock().Now() + std::chrono::hours(1))},
                              {"reason", "patching"}}));
    t.group = Id(owner.Post("/api/v1/device-groups", {{"customer_id", t.customer}, {"name", "g"}}));
    t.change = Id(owner.Post(
        "/api/v1/changes",
        {{"customer_id", t.customer}, {"title", "Patch the server"}, {"ci_ids", {t.ci}}}));
    // A deployment row of the change (creating one needs an approved change
    // and pending updates; the matrix only needs the object to exist).
    EXPECT_TRUE(app_->services()
                    .db()
                    .Transact([&](storage::Connection& c) -> Status {
                      STEWARD_ASSIGN_OR_RETURN(
                          storage::Row row,
                          c.QueryOne("INSERT INTO patch_deployments (customer_id, change_id,"
                                     " packages_json, reboot, missed_window, status, created_at,"
                                     " updated_at) VALUES (?, ?, '[\"openssl\"]', 'never',"
                                     " 'next_window', 'active', 0, 0) RETURNING id",
                                     {t.customer, t.change}));
                      t.deployment = row.Int("id");
                      // And a release testing it on the customer's group.
                      STEWARD_ASSIGN_OR_RETURN(
                          row, c.QueryOne("INSERT INTO releases (customer_id, change_id,"
                                          " test_group_id, deployment_id, packages_json,"
                                          " soak_hours, status, created_at, updated_at) VALUES"
                                          " (?, ?, ?, ?, '[\"openssl\"]', 24, 'testing', 0, 0)"
                                          " RETURNING id",
                                          {t.customer, t.change, t.group, t.deployment}));
                      t.release = row.Int("id");
                      return Status::Ok();
                    })
                    .ok());
    t.freeze = Id(owner.Post("/api/v1/change-freezes",
                             {{"customer_id", t.customer},
                              {"name", "Stocktake"},
                              {"starts_at", FormatIso8601(clock().Now() + std::chrono::hours(24))},
                              {"ends_at", FormatIso8601(clock().Now() + std::chrono::hours(48))}}));
    t.change_window = Id(owner.Post("/api/v1/change-windows", {{"customer_id", t.customer},
                                                               {"name", "Saturday night"},
                                                               {"rrule", "FREQ=WEEKLY;BYDAY=SA"},
                                                               {"start", "2026-11-28T22:00"},
                                                               {"duration_minutes", 240}}));
    auto policy = owner.Post(
        "/api/v1/monitoring/policies",
        {{"scope", "customer"}, {"scope_id", t.customer}, {"settings", {{"cpu_percent", 95}}}});
    EXPECT_EQ(policy.status, 200) << policy.body;
    t.policy = policy.json().value("id", int64_t{0});
  }

  // The path of `route` with its parameters bound to `t`'s objects.
  std::string Bind(const std::string& pattern, const Tenant& t, int64_t other_id) {
    std::string path = pattern;
    auto id_for = [&]() -> int64_t {
      if (pattern.rfind("/api/v1/customers/", 0) == 0) return t.customer;
      if (pattern.rfind("/api/v1/sites/", 0) == 0) return t.site;
      if (pattern.rfind("/api/v1/contacts/", 0) == 0) return t.contact;
      if (pattern.rfind("/api/v1/cis/", 0) == 0)
        return pattern.find("relations/{relation_id}") != std::string::npos ? t.ci2 : t.ci;
      if (pattern.rfind("/api/v1/documents/", 0) == 0) return t.document;
      if (pattern.rfind("/api/v1/users/", 0) == 0) return t.portal_user;
      if (pattern.rfind("/api/v1/devices/{id}/commands", 0) == 0) return t.agent;
      if (pattern.rfind("/api/v1/devices/", 0) == 0) return t.ci;
      if (pattern.rfind("/api/v1/agents/", 0) == 0) return t.agent;
      if (pattern.rfind("/api/v1/commands/", 0) == 0) return t.command;
      if (pattern.rfind("/api/v1/enrollment-tokens/", 0) == 0) return t.enrollment_token;
      if (pattern.rfind("/api/v1/alerts/", 0) == 0) return t.alert;
      if (pattern.rfind("/api/v1/maintenance-windows/", 0) == 0) return t.window;
      if (pattern.rfind("/api/v1/change-windows/", 0) == 0) return t.change_window;
      if (pattern.rfind("/api/v1/changes/", 0) == 0) return t.change;
      if (pattern.rfind("/api/v1/deployments/", 0) == 0) return t.deployment;
      if (pattern.rfind("/api/v1/releases/", 0) == 0) return t.release;
      if (pattern.rfind("/api/v1/change-freezes/", 0) == 0) return t.freeze;
      if (pattern.rfind("/api/v1/device-groups/", 0) == 0) return t.group;
      if (pattern.rfind("/api/v1/monitoring/policies/", 0) == 0) return t.policy;
      if (pattern.rfind("/api/v1/tickets/", 0) == 0) return t.ticket;
      if (pattern.rfind("/api/v1/webhooks/", 0) == 0) return t.webhook;
      if (pattern.rfind("/api/v1/calendars/", 0) == 0) return t.calendar;
      if (pattern.rfind("/api/v1/kb/articles/", 0) == 0) return t.article;
      if (pattern.rfind("/api/v1/problems/", 0) == 0) return t.problem;
      if (pattern.rfind("/api/v1/contracts/", 0) == 0) return t.contract;
      if (pattern.rfind("/api/v1/invoices/", 0) == 0) return t.invoice;
      if (pattern.rfind("/api/v1/expenses/", 0) == 0) return t.expense;
      return other_id;  // MSP-wide objects (staff, tokens)
    };
    path = std::regex_replace(path, std::regex(R"(\{relation_id\})"), std::to_string(t.relation));
    path = std::regex_replace(path, std::regex(R"(\{device_id\})"), std::to_string(t.ci));
    path = std::regex_replace(path, std::regex(R"(\{metric\})"), "memory.used_percent");
    path = std::regex_replace(path, std::regex(R"(\{entry_id\})"), "1");
    path = std::regex_replace(path, std::regex(R"(\{attachment_id\})"), "1");
    path = std::regex_replace(path, std::regex(R"(\{update_id\})"), "1");
    path = std::regex_replace(path, std::regex(R"(\{article_id\})"), std::to_string(t.article));
    path = std::regex_replace(path, std::regex(R"(\{ticket_id\})"), std::to_string(t.ticket));
    path = std::regex_replace(path, std::regex(R"(\{id\})"), std::to_string(id_for()));
    // Routes that take the customer in the query get the tenant's customer.
    return path + "?customer_id=" + std::to_string(t.customer);
  }

  Json BodyFor(const Tenant& t) {
    return {{"customer_id", t.customer}, {"name", "x"}, {"kind", "server"}, {"to_ci_id", t.ci}};
  }
};

TEST_P(AuthorizationMatrixTest, PortalUserOfANeverReachesCustomerB) {
  HttpClient owner = Owner();
  Tenant a = Seed(owner, "alpha");
  Tenant b = Seed(owner, kMarkerB);
  HttpClient portal = LoggedIn("portal-alpha@cust.example");
  int walked = 0;
  for (const auto& route : app_->api().routes().routes()) {
    if (route.access != api::Access::kAuthenticated) continue;
    if (route.pattern == "/api/v1/auth/logout" || route.pattern == "/api/v1/test/clock") continue;
    std::string path = Bind(route.pattern, b, owner_id_);
    std::string body = route.method == "GET" || route.method == "DELETE" ? "" : BodyFor(b).dump();
    auto r = portal.Send(route.method, path, body);
    ++walked;
    SCOPED_TRACE(route.method + " " + path + " -> " + std::to_string(r.status) + " " +
                 r.body.substr(0, 200));
    EXPECT_EQ(r.body.find(kMarkerB), std::string::npos) << "customer B's data leaked";
    if (route.pattern.find('{') != std::string::npos) {
      EXPECT_EQ(r.status, 404);
    } else {
      EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 403 || r.status == 404);
    }
  }
  EXPECT_GT(walked, 30);
  // Search and lists without a customer filter show A only.
  EXPECT_EQ(portal.Get("/api/v1/search?q=" + std::string(kMarkerB)).body.find(kMarkerB),
            std::string::npos);
  EXPECT_NE(portal.Get("/api/v1/cis").body.find("srv-alpha"), std::string::npos);
  // Nothing of B changed or disappeared.
  auto ci = owner.Get("/api/v1/cis/" + std::to_string(b.ci));
  EXPECT_EQ(ci.status, 200);
  EXPECT_EQ(ci.json()["name"], std::string("srv-") + kMarkerB);
  EXPECT_EQ(owner.Get("/api/v1/documents/" + std::to_string(b.document)).status, 200);
  auto contract = owner.Get("/api/v1/contracts/" + std::to_string(b.contract));
  EXPECT_EQ(contract.json()["status"], "active");
  EXPECT_EQ(contract.json()["lines"].size(), 1u);
  EXPECT_EQ(owner.Get("/api/v1/invoices/" + std::to_string(b.invoice)).json()["paid_cents"], 0);
  EXPECT_EQ(owner.Get("/api/v1/cis/" + std::to_string(b.ci) + "/relations").body.find("runs_on") !=
                std::string::npos,
            true);
  (void)a;
}

TEST_P(AuthorizationMatrixTest, EachStaffRoleGets403WhereItHasNoRight) {
  HttpClient owner = Owner();
  Tenant a = Seed(owner, "alpha");
  std::map<Role, std::string> emails;
  for (Role role : accounts::AllRoles()) {
    if (!accounts::IsStaff(role) || role == Role::kOwner) continue;
    std::string email = std::string(accounts::RoleName(role)) + "@msp.example";
    AddUser(email, role);
    emails[role] = email;
  }
  int denied = 0;
  for (const auto& [role, email] : emails) {
    HttpClient c = LoggedIn(email);
    for (const auto& route : app_->api().routes().routes()) {
      if (route.access != api::Access::kAuthenticated || route.roles.Contains(role)) continue;
      std::string path = Bind(route.pattern, a, owner_id_);
      std::string body = route.method == "GET" || route.method == "DELETE" ? "" : BodyFor(a).dump();
      auto r = c.Send(route.method, path, body);
      EXPECT_EQ(r.status, 403) << accounts::RoleName(role) << " " << route.method << " " << path
                               << ": " << r.body.substr(0, 200);
      ++denied;
    }
  }
  EXPECT_GT(denied, 20);
  // The walk wrote nothing: the tenant's objects are all still there.
  EXPECT_EQ(owner.Get("/api/v1/cis/" + std::to_string(a.ci)).status, 200);
  EXPECT_EQ(owner.Get("/api/v1/sites/" + std::to_string(a.site)).status, 200);
  EXPECT_EQ(owner.Get("/api/v1/documents/" + std::to_string(a.document)).status, 200);
  auto contract = owner.Get("/api/v1/contracts/" + std::to_string(a.contract));
  EXPECT_EQ(contract.json()["status"], "active");
  EXPECT_EQ(contract.json()["lines"].size(), 1u);
  EXPECT_EQ(owner.Get("/api/v1/invoices/" + std::to_string(a.invoice)).json()["paid_cents"], 0);
}

// Every route, called with a token of an owner that holds every scope but
// the one the route needs (server/api/token_scopes.h), answers 403 naming
// "scopes"; token management answers 403 even to a token with every scope.
// Nothing is written: the audit trail (every write is audited) and the rows
// of the tenant's tables are unchanged.
TEST_P(AuthorizationMatrixTest, EveryRouteRefusesATokenWithoutItsScope) {
  HttpClient owner = Owner();
  Tenant a = Seed(owner, "alpha");
  // Tokens of a second owner with TOTP (privileged scopes need a fresh code).
  AddUser("scopes-owner@msp.example", Role::kOwner);
  HttpClient session = LoggedIn("scopes-owner@msp.example");
  std::string secret = EnableTotp(session);
  std::map<accounts::TokenScope, std::string> all_but;
  Json every = Json::array();
  for (auto scope : accounts::AllTokenScopes()) every.push_back(accounts::TokenScopeName(scope));
  for (auto missing : accounts::AllTokenScopes()) {
    Json scopes = Json::array();
    for (auto s : accounts::AllTokenScopes()) {
      if (s != missing) scopes.push_back(accounts::TokenScopeName(s));
    }
    Advance(std::chrono::seconds(30));  // a fresh one-time code per token
    all_but[missing] = TokenWithScopes(session, scopes, secret);
  }
  Advance(std::chrono::seconds(30));
  std::string full = TokenWithScopes(session, every, secret);

  auto count_rows = [&]() {
    std::map<std::string, int64_t> counts;
    EXPECT_TRUE(app_->services()
                    .db()
                    .Read([&](storage::Connection& c) -> Status {
                      for (const char* sql :
                           {"SELECT COUNT(*) AS n FROM audit_log",
                            "SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL",
                            "SELECT COUNT(*) AS n FROM users WHERE disabled = 0",
                            "SELECT COUNT(*) AS n FROM customers", "SELECT COUNT(*) AS n FROM cis",
                            "SELECT COUNT(*) AS n FROM tickets"}) {
                        STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql));
                        counts[sql] = r.Int("n");
                      }
                      return Status::Ok();
                    })
                    .ok());
    return counts;
  };
  auto before = count_rows();

  int refused = 0;
  for (const auto& route : app_->api().routes().routes()) {
    if (route.access != api::Access::kAuthenticated) continue;
    api::TokenRule rule = api::TokenRuleFor(route.method, route.pattern);
    HttpClient c = Client();
    c.set_bearer(rule.session_only ? full : all_but[rule.scope]);
    std::string path = Bind(route.pattern, a, owner_id_);
    std::string body = route.method == "GET" || route.method == "DELETE" ? "" : BodyFor(a).dump();
    auto r = c.Send(route.method, path, body);
    SCOPED_TRACE(route.method + " " + path + " -> " + std::to_string(r.status) + " " +
                 r.body.substr(0, 200));
    EXPECT_EQ(r.status, 403);
    if (route.roles.Contains(Role::kOwner)) {
      EXPECT_EQ(r.json()["error"]["field"], "scopes");
    }
    ++refused;
  }
  EXPECT_GT(refused, 100);
  EXPECT_EQ(count_rows(), before);
  // The same tokens do work where their scopes reach (the refusals above are
  // the scope's doing): the token lacking only "admin" reads and writes CIs.
  HttpClient ok = Client();
  ok.set_bearer(all_but[accounts::TokenScope::kAdmin]);
  EXPECT_EQ(ok.Get("/api/v1/cis/" + std::to_string(a.ci)).status, 200);
  EXPECT_EQ(ok.Patch("/api/v1/cis/" + std::to_string(a.ci), {{"name", "srv-alpha-2"}}).status, 200);
}

STEWARD_INSTANTIATE_SERVER_TEST(AuthorizationMatrixTest);

}  // namespace
}  // namespace steward::testing
