// Login fairness through the account service on SQLite and PostgreSQL
// (issue 17, item 4): ten wrong guesses from other addresses do not lock the
// user out where they usually log in, only new addresses; one address's own
// guesses slow down step by step; refused attempts are audited; and an
// unknown account is checked against a decoy hashed at the real cost.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/accounts/account_service.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::accounts {
namespace {

using std::chrono::seconds;
using steward::testing::Backend;

constexpr char kEmail[] = "dana@msp.example";
constexpr char kPassword[] = "correct horse battery staple";
constexpr char kDesk[] = "10.1.2.3";

class LoginFairnessTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    AccountPolicy policy;
    policy.hash_cost = PasswordHashCost::ForTest();
    accounts_ = std::make_unique<AccountService>(*db_, clock_, policy);
    Actor system{Principal::System("test"), "local"};
    ASSERT_TRUE(
        accounts_->CreateUser(system, {kEmail, "Dana", kPassword, Role::kOwner, {}, {}}).ok());
  }

  StatusCode Try(const std::string& password, const std::string& ip) {
    return accounts_->Login(kEmail, password, std::nullopt, ip, "test").status().code();
  }

  int64_t AuditCount(const std::string& action) {
    int64_t n = 0;
    EXPECT_TRUE(
        db_->Read([&](storage::Connection& c) -> Status {
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row r,
                 c.QueryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", {action}));
             n = r.Int("n");
             return Status::Ok();
           })
            .ok());
    return n;
  }

  ManualClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_P(LoginFairnessTest, GuessesFromElsewhereDoNotLockTheUserOutAtTheirDesk) {
  ASSERT_EQ(Try(kPassword, kDesk), StatusCode::kOk);  // the desk becomes a usual address
  // Ten wrong guesses from five other addresses, two each.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Try("wrong", "203.0.113." + std::to_string(i / 2)), StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Try(kPassword, kDesk), StatusCode::kOk);
  // A new address is refused for the window, even with the right password,
  // and the refusal is audited.
  const int64_t throttled_before = AuditCount("auth.login_throttled");
  EXPECT_EQ(Try(kPassword, "198.51.100.7"), StatusCode::kResourceExhausted);
  EXPECT_EQ(AuditCount("auth.login_throttled"), throttled_before + 1);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Try(kPassword, "198.51.100.7"), StatusCode::kOk);
}

TEST_P(LoginFairnessTest, OneAddressSlowsDownStepByStep) {
  const std::string ip = "192.0.2.44";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Try("wrong", ip), StatusCode::kUnauthenticated) << i;
  // Five failures: 30 s before the next try.
  EXPECT_EQ(Try(kPassword, ip), StatusCode::kResourceExhausted);
  clock_.Advance(seconds(31));
  EXPECT_EQ(Try("wrong", ip), StatusCode::kUnauthenticated);
  // Six: 60 s.
  clock_.Advance(seconds(45));
  EXPECT_EQ(Try(kPassword, ip), StatusCode::kResourceExhausted);
  clock_.Advance(seconds(16));
  EXPECT_EQ(Try(kPassword, ip), StatusCode::kOk);
  // Logging in clears this address's failures: the next mistake is free.
  EXPECT_EQ(Try("wrong", ip), StatusCode::kUnauthenticated);
  EXPECT_EQ(Try(kPassword, ip), StatusCode::kOk);
}

TEST_P(LoginFairnessTest, TheDecoyHashCostsWhatARealOneCosts) {
  // The same Argon2id parameters as the policy's: "$argon2id$v=19$m=…,t=…,p=…$".
  auto params = [](const std::string& encoded) {
    const size_t salt = encoded.find('$', encoded.find("$m=") + 1);
    return encoded.substr(0, salt);
  };
  auto real = HashPassword("anything", accounts_->policy().hash_cost);
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(params(accounts_->decoy_hash()), params(*real));
  EXPECT_FALSE(VerifyPassword(kPassword, accounts_->decoy_hash()));
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginFairnessTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

// At the production cost: an unknown account costs as much as a known one
// with a wrong password (medians of 9 alternating tries each, within 10 %).
// Measured in this thread's CPU time, which is what the hash spends: wall
// time on a shared CI machine mostly measures the neighbours.
TEST(LoginTimingTest, UnknownAndKnownAccountsAnswerAlike) {
  InitCrypto();
  auto db = steward::testing::NewTestDatabase(Backend::kSqlite);
  ManualClock clock{FromMillis(1'800'000'000'000)};
  ASSERT_TRUE(storage::Migrate(*db, clock).ok());
  AccountPolicy policy;                       // Interactive: the cost a server runs with
  policy.throttle.free_pair_failures = 1000;  // time the hash, not the throttle
  policy.throttle.max_failures_per_account = 1000;
  policy.throttle.max_failures_per_address = 1000;
  AccountService accounts(*db, clock, policy);
  Actor system{Principal::System("test"), "local"};
  ASSERT_TRUE(accounts.CreateUser(system, {kEmail, "Dana", kPassword, Role::kOwner, {}, {}}).ok());
  auto cpu_seconds = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  auto time = [&](const std::string& email) {
    const double start = cpu_seconds();
    EXPECT_EQ(accounts.Login(email, "wrong", std::nullopt, "192.0.2.1", "t").status().code(),
              StatusCode::kUnauthenticated);
    return cpu_seconds() - start;
  };
  std::vector<double> known, unknown;
  for (int i = 0; i < 9; ++i) {
    known.push_back(time(kEmail));
    unknown.push_back(time("nobody-" + std::to_string(i) + "@msp.example"));
  }
  std::sort(known.begin(), known.end());
  std::sort(unknown.begin(), unknown.end());
  const double k = known[4], u = unknown[4];
  EXPECT_LT(std::abs(k - u) / k, 0.10) << "known " << k << " s, unknown " << u << " s of CPU";
}

}  // namespace
}  // namespace steward::accounts
