// Accounts and sessions over real HTTP: login, cookies, CSRF, bearer tokens,
// throttling, session expiry, TOTP, mandatory MFA and role changes.
#include "server_fixture.h"
#include "testing/totp.h"

namespace steward::testing {
namespace {

using accounts::Role;

class AuthApiTest : public ServerTest {};

TEST_P(AuthApiTest, LoginSetsAHardenedCookieAndReturnsCsrfToken) {
  HttpClient c = Client();
  auto r = c.Login(kOwnerEmail, kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["user"]["email"], kOwnerEmail);
  EXPECT_EQ(r.json()["user"]["role"], "owner");
  EXPECT_EQ(r.json()["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_FALSE(r.json()["user"].contains("password_hash"));
  auto cookie = r.Header("Set-Cookie");
  ASSERT_TRUE(cookie);
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie->find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie->find("Path=/"), std::string::npos);
  auto me = c.Get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["user"]["id"], owner_id_);
}

TEST_P(AuthApiTest, WrongPasswordAndUnknownUserLookAlike) {
  HttpClient c = Client();
  auto wrong = c.Login(kOwnerEmail, "not-the-password");
  auto unknown = c.Login("nobody@msp.example", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json()["error"]["message"], unknown.json()["error"]["message"]);
  EXPECT_EQ(wrong.json()["error"]["code"], "unauthenticated");
  EXPECT_TRUE(c.cookies().empty());
}

TEST_P(AuthApiTest, SessionIdRotatesAtLogin) {
  HttpClient c = Client();
  c.cookies()["steward_session"] = std::string(64, 'a');  // a planted (fixated) id
  ASSERT_EQ(c.Login(kOwnerEmail, kPassword).status, 200);
  std::string first = c.cookies()["steward_session"];
  EXPECT_NE(first, std::string(64, 'a'));
  ASSERT_EQ(c.Login(kOwnerEmail, kPassword).status, 200);
  EXPECT_NE(c.cookies()["steward_session"], first);
}

TEST_P(AuthApiTest, CookieWritesNeedTheCsrfHeader) {
  HttpClient c = Owner();
  Json user = {{"email", "tech@msp.example"}, {"password", kPassword}, {"role", "technician"}};
  c.set_send_csrf(false);
  auto missing = c.Post("/api/v1/users", user);
  EXPECT_EQ(missing.status, 403);
  auto wrong = c.Send("POST", "/api/v1/users", user.dump(), "application/json",
                      {{"X-CSRF-Token", std::string(64, '0')}});
  EXPECT_EQ(wrong.status, 403);
  c.set_send_csrf(true);
  EXPECT_EQ(c.Post("/api/v1/users", user).status, 201);
  // Nothing was written by the refused attempts: exactly one such user.
  auto users = c.Get("/api/v1/users").json()["users"];
  int n = 0;
  for (const auto& u : users) n += u["email"] == "tech@msp.example";
  EXPECT_EQ(n, 1);
}

TEST_P(AuthApiTest, CrossOriginWritesAreRefused) {
  HttpClient c = Owner();
  auto r = c.Send("POST", "/api/v1/tokens", Json{{"name", "x"}}.dump(), "application/json",
                  {{"Origin", "https://evil.example"}});
  EXPECT_EQ(r.status, 403);
  // "null" is what a sandboxed iframe, a data: page or a cross-site redirect
  // sends: never our console, so a write from it is refused too.
  auto opaque = c.Send("POST", "/api/v1/tokens", Json{{"name", "y"}}.dump(), "application/json",
                       {{"Origin", "null"}});
  EXPECT_EQ(opaque.status, 403) << opaque.body;
  // Nothing was written by either.
  EXPECT_TRUE(c.Get("/api/v1/tokens").json()["tokens"].empty());
}

TEST_P(AuthApiTest, BearerTokensWorkWithoutCsrfAndCanBeRevoked) {
  // Creating users is the admin scope: granted with a fresh one-time code by
  // an owner with TOTP (a second owner, so owner@ keeps its password login).
  AddUser("second-owner@msp.example", Role::kOwner);
  HttpClient owner = LoggedIn("second-owner@msp.example");
  std::string secret = EnableTotp(owner);
  auto created = owner.Post("/api/v1/tokens", {{"name", "ci script"},
                                               {"scopes", {"read", "admin"}},
                                               {"totp", TotpCode(secret, clock().Now(), 1)}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = created.json()["token"];
  EXPECT_EQ(token.rfind("stw_", 0), 0u);

  HttpClient api = Client();
  api.set_bearer(token);
  EXPECT_EQ(api.Get("/api/v1/users").status, 200);
  EXPECT_EQ(api.Post("/api/v1/users",
                     {{"email", "t2@msp.example"}, {"password", kPassword}, {"role", "technician"}})
                .status,
            201);
  // The secret is never listed again.
  auto listed = owner.Get("/api/v1/tokens").json()["tokens"];
  EXPECT_EQ(listed.dump().find(token), std::string::npos);

  int64_t id = created.json()["id"];
  EXPECT_EQ(owner.Delete("/api/v1/tokens/" + std::to_string(id)).status, 204);
  EXPECT_EQ(api.Get("/api/v1/users").status, 401);
  HttpClient bogus = Client();
  bogus.set_bearer("stw_" + std::string(64, 'f'));
  EXPECT_EQ(bogus.Get("/api/v1/users").status, 401);
}

TEST_P(AuthApiTest, TokensExpire) {
  HttpClient owner = Owner();
  auto created = owner.Post("/api/v1/tokens", {{"name", "short"}, {"expires_in_days", 1}});
  ASSERT_EQ(created.status, 201);
  HttpClient api = Client();
  api.set_bearer(created.json()["token"]);
  EXPECT_EQ(api.Get("/api/v1/users").status, 200);
  Advance(std::chrono::hours(25));
  EXPECT_EQ(api.Get("/api/v1/users").status, 401);
  owner = Owner();  // the cookie session idled out meanwhile
  EXPECT_EQ(owner.Post("/api/v1/tokens", {{"name", "long"}, {"expires_in_days", 365}}).status, 400);
}

TEST_P(AuthApiTest, RepeatedFailuresSlowDownTheAddress) {
  HttpClient c = Client();
  // Five free guesses, then a wait that doubles with each further failure.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login(kOwnerEmail, "wrong-password").status, 401);
  auto throttled = c.Login(kOwnerEmail, kPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.json()["error"]["code"], "resource_exhausted");
  EXPECT_NE(throttled.json()["error"]["message"].get<std::string>().find("30 seconds"),
            std::string::npos)
      << throttled.body;
  EXPECT_TRUE(throttled.Header("Retry-After"));
  Advance(std::chrono::seconds(31));
  EXPECT_EQ(c.Login(kOwnerEmail, "wrong-password").status, 401);
  EXPECT_EQ(c.Login(kOwnerEmail, kPassword).status, 429);  // now 60 s
  Advance(std::chrono::seconds(61));
  EXPECT_EQ(c.Login(kOwnerEmail, kPassword).status, 200);
}

TEST_P(AuthApiTest, StaffSessionsEndAfter30IdleMinutes) {
  HttpClient c = Owner();
  Advance(std::chrono::minutes(29));
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);  // use resets the idle clock
  Advance(std::chrono::minutes(29));
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);
  Advance(std::chrono::minutes(31));
  auto r = c.Get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("expired"), std::string::npos);
}

TEST_P(AuthApiTest, SessionsEndAfter12HoursWhateverTheActivity) {
  HttpClient c = Owner();
  for (int i = 0; i < 35; ++i) {  // 35 × 20 min = 11 h 40 min
    Advance(std::chrono::minutes(20));
    ASSERT_EQ(c.Get("/api/v1/auth/me").status, 200) << i;
  }
  Advance(std::chrono::minutes(21));
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
}

TEST_P(AuthApiTest, LogoutEndsTheSession) {
  HttpClient c = Owner();
  std::string cookie = c.cookies()["steward_session"];
  EXPECT_EQ(c.Post("/api/v1/auth/logout", Json::object()).status, 204);
  HttpClient replay = Client();
  replay.cookies()["steward_session"] = cookie;
  EXPECT_EQ(replay.Get("/api/v1/auth/me").status, 401);
}

TEST_P(AuthApiTest, DisablingAUserEndsTheirSessionsAtOnce) {
  int64_t tech = AddUser("tech@msp.example", Role::kTechnician);
  HttpClient t = LoggedIn("tech@msp.example");
  EXPECT_EQ(t.Get("/api/v1/auth/me").status, 200);
  HttpClient owner = Owner();
  EXPECT_EQ(owner.Patch("/api/v1/users/" + std::to_string(tech), {{"disabled", true}}).status, 200);
  EXPECT_EQ(t.Get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(Client().Login("tech@msp.example", kPassword).status, 401);
}

TEST_P(AuthApiTest, RoleChangeEndsSessionsAndNewRoleApplies) {
  int64_t id = AddUser("sm@msp.example", Role::kServiceManager);
  HttpClient sm = LoggedIn("sm@msp.example");
  EXPECT_EQ(sm.Get("/api/v1/users").status, 200);
  HttpClient owner = Owner();
  EXPECT_EQ(owner.Patch("/api/v1/users/" + std::to_string(id), {{"role", "technician"}}).status,
            200);
  EXPECT_EQ(sm.Get("/api/v1/users").status, 401);
  HttpClient again = LoggedIn("sm@msp.example");
  EXPECT_EQ(again.Get("/api/v1/users").status, 403);
}

TEST_P(AuthApiTest, RolesWithoutTheRightGet403) {
  AddUser("tech@msp.example", Role::kTechnician);
  HttpClient t = LoggedIn("tech@msp.example");
  auto r = t.Post("/api/v1/users",
                  {{"email", "x@msp.example"}, {"password", kPassword}, {"role", "owner"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["code"], "permission_denied");
  EXPECT_EQ(t.Get("/api/v1/audit").status, 403);
  EXPECT_EQ(t.Patch("/api/v1/settings", {{"mfa_required_for_staff", true}}).status, 403);
}

TEST_P(AuthApiTest, TotpEnrolmentLoginAndReplayProtection) {
  HttpClient c = Owner();
  auto setup = c.Post("/api/v1/auth/totp/setup", Json::object());
  ASSERT_EQ(setup.status, 200) << setup.body;
  std::string secret = setup.json()["secret"];
  EXPECT_NE(setup.json()["otpauth_uri"].get<std::string>().find("otpauth://totp/"),
            std::string::npos);
  EXPECT_EQ(c.Post("/api/v1/auth/totp/enable", {{"code", "000000"}}).status, 400);
  EXPECT_EQ(c.Post("/api/v1/auth/totp/enable", {{"code", TotpCode(secret, clock().Now())}}).status,
            204);

  HttpClient fresh = Client();
  auto need = fresh.Login(kOwnerEmail, kPassword);
  EXPECT_EQ(need.status, 401);
  EXPECT_EQ(need.json()["error"]["field"], "totp");

  Advance(std::chrono::seconds(30));
  std::string code = TotpCode(secret, clock().Now());
  EXPECT_EQ(fresh.Login(kOwnerEmail, kPassword, code).status, 200);
  // The same code a second time is a replay.
  EXPECT_EQ(Client().Login(kOwnerEmail, kPassword, code).status, 401);
  // One step of clock drift is tolerated, two are not.
  Advance(std::chrono::seconds(90));
  EXPECT_EQ(Client().Login(kOwnerEmail, kPassword, TotpCode(secret, clock().Now(), -1)).status,
            200);
  Advance(std::chrono::seconds(90));
  EXPECT_EQ(Client().Login(kOwnerEmail, kPassword, TotpCode(secret, clock().Now(), -2)).status,
            401);
}

TEST_P(AuthApiTest, OwnerCanRequireMfaForStaff) {
  AddUser("tech@msp.example", Role::kTechnician);
  HttpClient owner = Owner();
  ASSERT_EQ(owner.Patch("/api/v1/settings", {{"mfa_required_for_staff", true}}).status, 200);

  HttpClient t = Client();
  auto login = t.Login("tech@msp.example", kPassword);
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(login.json()["mfa_setup_required"], true);
  auto blocked = t.Get("/api/v1/tokens");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.json()["error"]["field"], "mfa_setup_required");

  auto setup = t.Post("/api/v1/auth/totp/setup", Json::object());
  ASSERT_EQ(setup.status, 200);
  std::string secret = setup.json()["secret"];
  ASSERT_EQ(t.Post("/api/v1/auth/totp/enable", {{"code", TotpCode(secret, clock().Now())}}).status,
            204);
  EXPECT_EQ(t.Get("/api/v1/tokens").status, 200);
}

TEST_P(AuthApiTest, PasswordsAreArgon2idAndPolicyChecked) {
  HttpClient owner = Owner();
  auto weak = owner.Post(
      "/api/v1/users", {{"email", "w@msp.example"}, {"password", "short"}, {"role", "technician"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["error"]["field"], "password");
  std::string hash;
  ASSERT_TRUE(app_->services()
                  .db()
                  .Read([&](storage::Connection& c) -> Status {
                    STEWARD_ASSIGN_OR_RETURN(
                        storage::Row r,
                        c.QueryOne("SELECT password_hash FROM users WHERE id = ?", {owner_id_}));
                    hash = r.Text("password_hash");
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
}

TEST_P(AuthApiTest, PortalUsersNeedACustomer) {
  HttpClient owner = Owner();
  auto r = owner.Post("/api/v1/users",
                      {{"email", "p@cust.example"}, {"password", kPassword}, {"role", "portal"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "customer_id");
}

// --- Token scopes (issue 17 item 1) ---------------------------------------

TEST_P(AuthApiTest, ATokenWithoutScopesIsReadOnlyAndListsItsScopes) {
  HttpClient owner = Owner();
  auto created = owner.Post("/api/v1/tokens", {{"name", "reader"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["scopes"], Json({"read"}));
  HttpClient api = Client();
  api.set_bearer(created.json()["token"]);
  EXPECT_EQ(api.Get("/api/v1/customers").status, 200);
  auto write = api.Post("/api/v1/customers", {{"name", "Nope Ltd"}});
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.json()["error"]["field"], "scopes");
  EXPECT_EQ(owner.Get("/api/v1/customers").body.find("Nope Ltd"), std::string::npos);

  auto cmdb = owner.Post("/api/v1/tokens", {{"name", "cmdb"}, {"scopes", {"read", "cmdb"}}});
  ASSERT_EQ(cmdb.status, 201) << cmdb.body;
  api.set_bearer(cmdb.json()["token"]);
  EXPECT_EQ(api.Post("/api/v1/customers", {{"name", "Yes Ltd"}}).status, 201);
  EXPECT_EQ(api.Post("/api/v1/ingest", {{"samples", Json::array()}}).status, 403);
  Json listed = owner.Get("/api/v1/tokens").json()["tokens"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["scopes"], Json({"read", "cmdb"}));

  auto unknown = owner.Post("/api/v1/tokens", {{"name", "x"}, {"scopes", {"root"}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "scopes");
  EXPECT_EQ(owner.Post("/api/v1/tokens", {{"name", "x"}, {"scopes", Json::array()}}).status, 400);
}

TEST_P(AuthApiTest, ATokenCannotManageTokens) {
  std::string full = FullOwnerToken();
  HttpClient api = Client();
  api.set_bearer(full);
  EXPECT_EQ(api.Get("/api/v1/customers").status, 200);  // the token works
  auto mint = api.Post("/api/v1/tokens", {{"name", "child"}, {"scopes", {"read"}}});
  EXPECT_EQ(mint.status, 403);
  EXPECT_EQ(mint.json()["error"]["field"], "scopes");
  EXPECT_EQ(api.Get("/api/v1/tokens").status, 403);
  HttpClient owner = Owner();
  Json tokens = owner.Get("/api/v1/tokens").json()["tokens"];
  ASSERT_EQ(tokens.size(), 1u);  // no child was minted
  int64_t id = tokens[0]["id"];
  EXPECT_EQ(api.Delete("/api/v1/tokens/" + std::to_string(id)).status, 403);
  EXPECT_EQ(owner.Get("/api/v1/tokens").json()["tokens"][0]["revoked_at"], nullptr);
  // Nor change the password or the second factor of its user.
  EXPECT_EQ(api.Post("/api/v1/auth/password",
                     {{"current_password", kPassword}, {"new_password", "another-password-1"}})
                .status,
            403);
  EXPECT_EQ(api.Post("/api/v1/auth/totp/disable", {{"code", "000000"}}).status, 403);
}

TEST_P(AuthApiTest, PrivilegedScopesNeedASessionWithAFreshOneTimeCode) {
  HttpClient owner = Owner();
  // No TOTP on the account: refused, whatever else is asked.
  auto no_mfa = owner.Post("/api/v1/tokens", {{"name", "run"}, {"scopes", {"read", "commands"}}});
  EXPECT_EQ(no_mfa.status, 403);
  EXPECT_EQ(no_mfa.json()["error"]["field"], "totp");
  for (const char* scope : {"agents", "admin"}) {
    EXPECT_EQ(owner.Post("/api/v1/tokens", {{"name", "x"}, {"scopes", {scope}}}).status, 403);
  }
  std::string secret = EnableTotp(owner);
  // TOTP on, but no code with the request.
  auto no_code = owner.Post("/api/v1/tokens", {{"name", "run"}, {"scopes", {"commands"}}});
  EXPECT_EQ(no_code.status, 403);
  EXPECT_EQ(no_code.json()["error"]["field"], "totp");
  // A wrong code: refused and audited as a failed step-up.
  std::string good = TotpCode(secret, clock().Now(), 1);
  std::string bad = good == "000000" ? "111111" : "000000";
  auto wrong =
      owner.Post("/api/v1/tokens", {{"name", "run"}, {"scopes", {"commands"}}, {"totp", bad}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["error"]["field"], "totp");
  EXPECT_EQ(owner.Get("/api/v1/audit?action=auth.step_up_failed").json()["events"].size(), 1u);
  // The code already used to enable TOTP is a replay.
  EXPECT_EQ(owner
                .Post("/api/v1/tokens", {{"name", "run"},
                                         {"scopes", {"commands"}},
                                         {"totp", TotpCode(secret, clock().Now())}})
                .status,
            400);
  auto ok =
      owner.Post("/api/v1/tokens", {{"name", "run"}, {"scopes", {"commands"}}, {"totp", good}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json()["scopes"], Json({"commands"}));
  Json audit = owner.Get("/api/v1/audit?action=token.create").json()["events"];
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["details"]["mfa"], true) << audit.dump();
  // The same code cannot mint a second one.
  EXPECT_EQ(owner.Post("/api/v1/tokens", {{"name", "again"}, {"scopes", {"admin"}}, {"totp", good}})
                .status,
            400);
}

TEST_P(AuthApiTest, TokenScopesAreASubsetOfTheRole) {
  AddUser("billing@msp.example", Role::kBillingAdmin);
  HttpClient billing = LoggedIn("billing@msp.example");
  EXPECT_EQ(billing.Post("/api/v1/tokens", {{"name", "b"}, {"scopes", {"read", "billing"}}}).status,
            201);
  // A billing admin cannot run commands, so cannot give a token that right.
  auto cmds = billing.Post("/api/v1/tokens", {{"name", "c"}, {"scopes", {"read", "commands"}}});
  EXPECT_EQ(cmds.status, 403);
  EXPECT_EQ(cmds.json()["error"]["field"], "scopes");
}

// Each event that must end a user's credentials: the user's session and
// token are dead afterwards (and stay dead if the user is re-enabled).
class CredentialRevocationTest : public ServerTest {
 protected:
  struct Victim {
    int64_t id = 0;
    HttpClient session;
    HttpClient api;
  };
  Victim MakeVictim() {
    int64_t id = AddUser("victim@msp.example", Role::kTechnician);
    HttpClient session = LoggedIn("victim@msp.example");
    auto token = session.Post("/api/v1/tokens", {{"name", "v"}, {"scopes", {"read"}}});
    EXPECT_EQ(token.status, 201) << token.body;
    HttpClient api = Client();
    api.set_bearer(token.json().value("token", ""));
    EXPECT_EQ(api.Get("/api/v1/auth/me").status, 200);
    return {id, std::move(session), std::move(api)};
  }
  void ExpectRevoked(Victim& v, const std::string& reason) {
    EXPECT_EQ(v.session.Get("/api/v1/auth/me").status, 401);
    EXPECT_EQ(v.api.Get("/api/v1/auth/me").status, 401);
    HttpClient owner = Owner();
    Json tokens = owner.Get("/api/v1/tokens").json()["tokens"];
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_NE(tokens[0]["revoked_at"], nullptr);
    Json audit = owner.Get("/api/v1/audit?action=token.revoke_all").json()["events"];
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0]["details"]["reason"], reason);
  }
  std::string User(int64_t id) { return "/api/v1/users/" + std::to_string(id); }
};

TEST_P(CredentialRevocationTest, OwnPasswordChange) {
  Victim v = MakeVictim();
  ASSERT_EQ(v.session
                .Post("/api/v1/auth/password",
                      {{"current_password", kPassword}, {"new_password", "a-new-password-42"}})
                .status,
            204);
  ExpectRevoked(v, "password changed");
}

TEST_P(CredentialRevocationTest, PasswordReset) {
  Victim v = MakeVictim();
  ASSERT_EQ(
      Owner().Post(User(v.id) + "/reset-password", {{"password", "a-new-password-42"}}).status,
      204);
  ExpectRevoked(v, "password changed");
}

TEST_P(CredentialRevocationTest, TotpReset) {
  Victim v = MakeVictim();
  EnableTotp(v.session);
  ASSERT_EQ(Owner().Post(User(v.id) + "/totp/reset", Json::object()).status, 204);
  ExpectRevoked(v, "totp reset");
}

TEST_P(CredentialRevocationTest, RoleChange) {
  Victim v = MakeVictim();
  ASSERT_EQ(Owner().Patch(User(v.id), {{"role", "service_manager"}}).status, 200);
  ExpectRevoked(v, "role changed");
}

TEST_P(CredentialRevocationTest, DisablingAndReEnabling) {
  Victim v = MakeVictim();
  HttpClient owner = Owner();
  ASSERT_EQ(owner.Patch(User(v.id), {{"disabled", true}}).status, 200);
  ASSERT_EQ(owner.Patch(User(v.id), {{"disabled", false}}).status, 200);
  ExpectRevoked(v, "user disabled");
}

STEWARD_INSTANTIATE_SERVER_TEST(CredentialRevocationTest);

STEWARD_INSTANTIATE_SERVER_TEST(AuthApiTest);

}  // namespace
}  // namespace steward::testing
