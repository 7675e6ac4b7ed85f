// A whole Steward server in the test process: fresh database (SQLite or the
// throwaway PostgreSQL, per test parameter), fake time, a free loopback port,
// and an owner account. Tests talk to it over real HTTP with HttpClient.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"
#include "server/app/server_app.h"
#include "testing/http_client.h"
#include "testing/test_database.h"
#include "testing/totp.h"

namespace steward::testing {

inline constexpr char kOwnerEmail[] = "owner@msp.example";
inline constexpr char kPassword[] = "correct-horse-battery";
// A Monday morning, so business-hours logic has an obvious anchor.
inline constexpr char kStartTime[] = "2026-11-23T09:00:00Z";

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    data_dir_ = MakeTempDir("steward-it");
    app::ServerConfig config;
    config.data_dir = data_dir_;
    config.database_url = NewTestDatabaseUrl(GetParam());
    config.listen_port = 0;
    config.fake_time = *ParseIso8601(kStartTime);
    config.daily_backup = false;
    config.fast_password_hashing_for_tests = true;
    config.io_threads = 1;
    config.worker_threads = 4;
    ModifyConfig(config);
    auto app = app::ServerApp::Create(config);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(*app);
    ASSERT_TRUE(app_->Start().ok());
    owner_id_ = AddUser(kOwnerEmail, accounts::Role::kOwner);
  }

  void TearDown() override {
    if (app_) app_->Stop();
  }

  // Hook for tests that need another configuration.
  virtual void ModifyConfig(app::ServerConfig&) {}

  HttpClient Client() { return HttpClient(app_->port()); }
  HttpClient LoggedIn(const std::string& email, const std::string& password = kPassword) {
    HttpClient c = Client();
    auto r = c.Login(email, password);
    EXPECT_EQ(r.status, 200) << email << ": " << r.body;
    return c;
  }
  HttpClient Owner() { return LoggedIn(kOwnerEmail); }

  // Creates a user directly through the service (as `steward user add` does).
  int64_t AddUser(const std::string& email, accounts::Role role,
                  std::optional<int64_t> customer_id = std::nullopt) {
    auto system = accounts::Principal::System("test");
    accounts::NewUser u{email, email, kPassword, role, customer_id, std::nullopt};
    auto id = app_->services().accounts().CreateUser({system, "test"}, u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.value_or(0);
  }

  // Enrols TOTP for the user logged in on `session` with the code of the
  // current 30-s step; returns the secret. The clock does not move: the
  // next code to use is the one of the following step (accepted, ±1 step).
  std::string EnableTotp(HttpClient& session) {
    auto setup = session.Post("/api/v1/auth/totp/setup", Json::object());
    EXPECT_EQ(setup.status, 200) << setup.body;
    std::string secret = setup.json().value("secret", "");
    auto enable =
        session.Post("/api/v1/auth/totp/enable", {{"code", TotpCode(secret, clock().Now())}});
    EXPECT_EQ(enable.status, 204) << enable.body;
    return secret;
  }

  // A bearer token with `scopes` created by `session`; with `totp_secret`,
  // the next step's code is sent (needed for commands, agents and admin), so
  // right after EnableTotp, once.
  std::string TokenWithScopes(HttpClient& session, const Json& scopes,
                              const std::string& totp_secret = "") {
    Json body = {{"name", "scoped"}, {"scopes", scopes}};
    if (!totp_secret.empty()) {
      body["totp"] = TotpCode(totp_secret, clock().Now(), 1);
    }
    auto r = session.Post("/api/v1/tokens", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("token", "");
  }

  // A token of a second owner (with TOTP, so the owner account itself keeps
  // logging in with a password) carrying every scope, privileged ones too.
  std::string FullOwnerToken() {
    AddUser("automation-owner@msp.example", accounts::Role::kOwner);
    HttpClient s = LoggedIn("automation-owner@msp.example");
    std::string secret = EnableTotp(s);
    Json all = Json::array();
    for (auto scope : accounts::AllTokenScopes()) all.push_back(accounts::TokenScopeName(scope));
    return TokenWithScopes(s, all, secret);
  }

  // A "SELECT COUNT(*) AS n …" straight from the database: what a refused
  // request must leave as it was.
  int64_t CountRows(const std::string& sql, storage::Params params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(app_->services()
                    .db()
                    .Read([&](storage::Connection& c) -> Status {
                      STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql, params));
                      n = r.Int("n");
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  ManualClock& clock() { return *app_->fake_clock(); }
  // The id of what a POST created (and that it answered 201).
  static int64_t CreatedId(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  void Advance(std::chrono::seconds s) { clock().Advance(s); }

  std::string data_dir_;
  std::unique_ptr<app::ServerApp> app_;
  int64_t owner_id_ = 0;
};

#define STEWARD_INSTANTIATE_SERVER_TEST(Suite)                                       \
  INSTANTIATE_TEST_SUITE_P(                                                          \
      Backends, Suite, ::testing::ValuesIn(::steward::testing::AvailableBackends()), \
      [](const auto& info) { return ::steward::testing::BackendName(info.param); })

}  // namespace steward::testing
