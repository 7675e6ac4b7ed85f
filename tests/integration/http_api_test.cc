// The HTTP layer as a client sees it: health, errors, limits, headers,
// metrics, the OpenAPI document, static files, audit and the fake clock.
#include <set>

#include "server/api/route_table.h"
#include "server_fixture.h"

namespace steward::testing {
namespace {

class HttpApiTest : public ServerTest {};

void ExpectErrorShape(const HttpResult& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  Json j = r.json();
  ASSERT_TRUE(j.is_object()) << r.body;
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_TRUE(j["error"]["code"].is_string());
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_TRUE(j["error"].contains("field"));
}

TEST_P(HttpApiTest, HealthzAnswers) {
  auto r = Client().Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
}

TEST_P(HttpApiTest, MalformedBodiesGetClear400sAndWriteNothing) {
  HttpClient c = Owner();
  auto count_users = [&] { return c.Get("/api/v1/users").json()["users"].size(); };
  size_t before = count_users();
  struct Case {
    std::string body;
    std::string field;
  } cases[] = {
      {"{", ""},
      {"[]", ""},
      {R"({"email":"a@b.example","password":"correct-horse-battery","role":"technician","role":"owner"})",
       ""},
      {"{\"email\":\"a\xff@b.example\",\"password\":\"correct-horse-battery\",\"role\":"
       "\"technician\"}",
       ""},
      {R"({"email":42,"password":"correct-horse-battery","role":"technician"})", "email"},
      {R"({"email":"a@b.example","password":"correct-horse-battery","role":"technician","admin":true})",
       "admin"},
      {R"({"email":"a@b.example","password":"correct-horse-battery","role":"wizard"})", "role"},
      {R"({"email":")" + std::string(300, 'x') +
           R"(@b.example","password":"correct-horse-battery","role":"technician"})",
       "email"},
      {R"({"password":"correct-horse-battery","role":"technician"})", "email"},
  };
  for (const auto& tc : cases) {
    auto r = c.Send("POST", "/api/v1/users", tc.body);
    ExpectErrorShape(r, 400);
    if (!tc.field.empty()) {
      EXPECT_EQ(r.json()["error"]["field"], tc.field) << tc.body;
    }
  }
  auto wrong_type = c.Send("POST", "/api/v1/users", "email=a", "application/x-www-form-urlencoded");
  ExpectErrorShape(wrong_type, 400);
  EXPECT_EQ(count_users(), before);
}

TEST_P(HttpApiTest, OversizedBodiesAre413) {
  HttpClient c = Owner();
  std::string big = R"({"name":")" + std::string(100 * 1024, 'x') + R"("})";
  auto r = c.Send("POST", "/api/v1/tokens", big);
  ExpectErrorShape(r, 413);
  EXPECT_EQ(r.json()["error"]["code"], "payload_too_large");
}

TEST_P(HttpApiTest, UnknownRoutesAndMethods) {
  HttpClient c = Owner();
  ExpectErrorShape(c.Get("/api/v1/nope"), 404);
  ExpectErrorShape(c.Get("/api/v2/users"), 404);
  ExpectErrorShape(c.Send("PUT", "/api/v1/users", "{}"), 405);
  ExpectErrorShape(c.Get("/api/v1/users/abc"), 404);
  ExpectErrorShape(c.Get("/api/v1/users/99999"), 404);
}

TEST_P(HttpApiTest, ProtectedRoutesNeedAuthentication) {
  HttpClient anon = Client();
  ExpectErrorShape(anon.Get("/api/v1/users"), 401);
  ExpectErrorShape(anon.Get("/metrics"), 401);
  ExpectErrorShape(anon.Post("/api/v1/tokens", {{"name", "x"}}), 401);
  HttpClient bad = Client();
  bad.cookies()["steward_session"] = std::string(64, 'b');
  ExpectErrorShape(bad.Get("/api/v1/users"), 401);
}

TEST_P(HttpApiTest, SecurityHeadersOnEveryResponse) {
  for (const auto& r :
       {Client().Get("/healthz"), Client().Get("/api/v1/users"), Client().Get("/")}) {
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
    auto csp = r.Header("Content-Security-Policy");
    ASSERT_TRUE(csp);
    EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(csp->find("default-src 'self'"), std::string::npos);
    EXPECT_FALSE(r.Header("Strict-Transport-Security"));  // plain HTTP: no HSTS
  }
}

TEST_P(HttpApiTest, MetricsCountRequestsByRoutePattern) {
  HttpClient c = Owner();
  c.Get("/api/v1/users/" + std::to_string(owner_id_));
  c.Get("/api/v1/users/424242");
  auto r = c.Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Header("Content-Type")->find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("steward_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\","
                        "status=\"200\"} 1"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("route=\"/api/v1/users/{id}\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(r.body.find("steward_http_request_duration_seconds_bucket"), std::string::npos);
  // Raw ids never become labels.
  EXPECT_EQ(r.body.find("424242"), std::string::npos);
}

TEST_P(HttpApiTest, OpenApiDocumentsEveryRoute) {
  auto doc = Client().Get("/api/v1/openapi.json").json();
  ASSERT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      documented.insert(method + " " + path);
      EXPECT_FALSE(op["summary"].get<std::string>().empty()) << method << " " << path;
      EXPECT_TRUE(op.contains("responses"));
    }
  }
  size_t served = 0;
  for (const auto& route : app_->api().routes().routes()) {
    if (route.hidden_from_openapi) continue;
    ++served;
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    EXPECT_TRUE(documented.count(method + " " + route.pattern))
        << "undocumented route " << route.method << " " << route.pattern;
    EXPECT_FALSE(route.doc.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.doc.tag.empty()) << route.pattern;
  }
  EXPECT_EQ(documented.size(), served);
  EXPECT_TRUE(documented.count("post /api/v1/auth/login"));
}

TEST_P(HttpApiTest, EveryRouteDeclaresAPolicy) {
  // Deny by default: an authenticated route must name who may call it, and
  // public routes are an explicit, short list.
  std::set<std::string> public_routes;
  for (const auto& route : app_->api().routes().routes()) {
    if (route.access == api::Access::kPublic) {
      public_routes.insert(route.method + " " + route.pattern);
    } else {
      EXPECT_FALSE(route.roles.empty()) << route.pattern << " admits nobody";
    }
    if (route.pattern.find("{id}") != std::string::npos &&
        route.access == api::Access::kAuthenticated) {
      EXPECT_TRUE(route.owner_lookup)
          << route.method << " " << route.pattern << " needs owner_lookup for 404-vs-403";
    }
  }
  // The agent's enrolment is authenticated by its token and the channel by
  // the agent's credential, inside their handlers (no user session applies).
  EXPECT_EQ(public_routes,
            (std::set<std::string>{"GET /healthz", "POST /api/v1/auth/login",
                                   "GET /api/v1/openapi.json", "GET /{*path}",
                                   "POST /api/v1/agent/enroll", "GET /api/v1/agent/channel"}));
}

TEST_P(HttpApiTest, StaticFilesNeverLeaveTheWebRoot) {
  HttpClient c = Client();
  auto index = c.Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.Header("Content-Type")->find("text/html"), std::string::npos);
  for (const char* evil : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/assets/..%2f..%2f..%2fetc%2fpasswd", "/..%5c..%5cetc%5cpasswd", "/%00",
                           "/index.html%00.png", "/etc/passwd.txt"}) {
    auto r = c.Get(evil);
    // Either refused, or the console's own index page (client-side routes
    // fall back to it) — never a file from outside the web root.
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << evil;
    if (r.status == 200) {
      EXPECT_EQ(r.body, index.body) << evil;
    }
  }
}

TEST_P(HttpApiTest, WritesAreAuditedWithActorAndAddress) {
  HttpClient owner = Owner();
  ASSERT_EQ(
      owner
          .Post("/api/v1/users",
                {{"email", "tech@msp.example"}, {"password", kPassword}, {"role", "technician"}})
          .status,
      201);
  Client().Login(kOwnerEmail, "wrong-password");
  auto events = owner.Get("/api/v1/audit?limit=50").json()["events"];
  bool saw_create = false, saw_failed = false, saw_login = false;
  for (const auto& e : events) {
    if (e["action"] == "user.create" && e["details"]["email"] == "tech@msp.example") {
      saw_create = true;
      EXPECT_EQ(e["actor"], std::string(kOwnerEmail) + " (owner)");
      EXPECT_EQ(e["ip"], "127.0.0.1");
      EXPECT_EQ(e["at"], kStartTime);
    }
    saw_failed |= e["action"] == "auth.login_failed";
    saw_login |= e["action"] == "auth.login";
  }
  EXPECT_TRUE(saw_create);
  EXPECT_TRUE(saw_failed);
  EXPECT_TRUE(saw_login);
  EXPECT_EQ(owner.Get("/api/v1/audit/verify").json()["intact"], true);
}

TEST_P(HttpApiTest, TamperingWithTheAuditTrailIsDetected) {
  HttpClient owner = Owner();
  owner.Post("/api/v1/tokens", {{"name", "a"}});
  owner.Post("/api/v1/tokens", {{"name", "b"}});
  ASSERT_EQ(owner.Get("/api/v1/audit/verify").json()["intact"], true);
  ASSERT_TRUE(app_->services()
                  .db()
                  .Transact([](storage::Connection& c) {
                    return c
                        .Execute("UPDATE audit_log SET actor = ? WHERE action = ?",
                                 {"someone else", "token.create"})
                        .status();
                  })
                  .ok());
  auto verify = owner.Get("/api/v1/audit/verify").json();
  EXPECT_EQ(verify["intact"], false);
  EXPECT_NE(verify["message"].get<std::string>().find("altered"), std::string::npos);
}

// The chain cannot see its newest records cut off; the sink copy can.
TEST_P(HttpApiTest, RecordsCutOffAfterTheSinkExportAreDetected) {
  HttpClient owner = Owner();
  owner.Post("/api/v1/tokens", {{"name", "a"}});
  app_->RunJobsOnceForTest();  // the export job copies the trail to the sink
  auto before = owner.Get("/api/v1/audit/verify").json();
  ASSERT_EQ(before["intact"], true) << before.dump();
  ASSERT_TRUE(
      app_->services()
          .db()
          .Transact([](storage::Connection& c) {
            return c.Execute("DELETE FROM audit_log WHERE action = ?", {"token.create"}).status();
          })
          .ok());
  auto after = owner.Get("/api/v1/audit/verify").json();
  EXPECT_EQ(after["intact"], false) << after.dump();
  EXPECT_EQ(after["chain_intact"], true);  // what the chain alone would have said
  EXPECT_EQ(after["matches_sink"], false);
  EXPECT_NE(after["message"].get<std::string>().find("missing from the database"),
            std::string::npos);
}

TEST_P(HttpApiTest, FakeClockMovesOnlyWhenTold) {
  // A bearer token: moving the clock by hours would idle out a cookie session.
  HttpClient owner = Client();
  owner.set_bearer(FullOwnerToken());  // the test clock is an owner's admin route
  auto r = owner.Post("/api/v1/test/clock", {{"advance_seconds", 3600}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["now"], "2026-11-23T10:00:00Z");
  r = owner.Post("/api/v1/test/clock", {{"set", "2027-01-01T00:00:00Z"}});
  EXPECT_EQ(r.json()["now"], "2027-01-01T00:00:00Z");
  EXPECT_EQ(owner.Post("/api/v1/test/clock", {{"set", "tomorrow"}}).status, 400);
  EXPECT_EQ(owner.Post("/api/v1/test/clock", Json::object()).status, 400);
  AddUser("tech@msp.example", accounts::Role::kTechnician);
  EXPECT_EQ(
      LoggedIn("tech@msp.example").Post("/api/v1/test/clock", {{"advance_seconds", 1}}).status,
      403);
}

class RealClockServerTest : public ServerTest {
  void ModifyConfig(app::ServerConfig& c) override { c.fake_time.reset(); }
};

TEST_P(RealClockServerTest, TestClockRouteDoesNotExistWithoutFakeTime) {
  // The owner is created after start; its session must work on the real clock.
  HttpClient owner = Owner();
  auto r = owner.Post("/api/v1/test/clock", {{"advance_seconds", 60}});
  EXPECT_EQ(r.status, 404);
}

STEWARD_INSTANTIATE_SERVER_TEST(HttpApiTest);
STEWARD_INSTANTIATE_SERVER_TEST(RealClockServerTest);

}  // namespace
}  // namespace steward::testing
