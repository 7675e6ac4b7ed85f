// The login throttle as a pure decision: growing delays for one address at
// one account, the address-wide stop, and the account-wide lock that spares
// the user's usual addresses.
#include "server/accounts/login_throttle.h"

#include <gtest/gtest.h>

namespace steward::accounts {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kNow = FromMillis(1'800'000'000'000);

TEST(LoginThrottleTest, DelaysStartAfterTheFreeFailuresAndDouble) {
  const LoginThrottlePolicy p;
  for (int n = 0; n < 5; ++n) EXPECT_EQ(PairDelay(n, p), seconds(0)) << n;
  EXPECT_EQ(PairDelay(5, p), seconds(30));
  EXPECT_EQ(PairDelay(6, p), seconds(60));
  EXPECT_EQ(PairDelay(7, p), seconds(120));
  EXPECT_EQ(PairDelay(8, p), seconds(240));
  EXPECT_EQ(PairDelay(9, p), seconds(480));
  EXPECT_EQ(PairDelay(10, p), seconds(900));  // 960 s capped at the 15-minute window
  EXPECT_EQ(PairDelay(1000, p), seconds(900));
}

TEST(LoginThrottleTest, APairWaitsOutItsDelayFromTheLastFailure) {
  const LoginThrottlePolicy p;
  LoginHistory h;
  h.pair_failures = 4;
  h.last_pair_failure = kNow;
  EXPECT_TRUE(DecideLogin(h, p, kNow).allowed);  // the fifth guess is still free
  h.pair_failures = 6;                           // 60 s after the sixth failure
  h.account_failures = 6;
  LoginDecision d = DecideLogin(h, p, kNow + seconds(20));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "pair");
  EXPECT_EQ(d.retry_after, seconds(40));
  EXPECT_TRUE(DecideLogin(h, p, kNow + seconds(60)).allowed);
}

TEST(LoginThrottleTest, TenFailuresFromElsewhereDoNotLockTheUserAtTheirUsualAddress) {
  const LoginThrottlePolicy p;
  // An attacker's ten guesses from other addresses: the account counts ten.
  LoginHistory at_desk;
  at_desk.account_failures = 10;
  at_desk.usual_address = true;
  EXPECT_TRUE(DecideLogin(at_desk, p, kNow).allowed);
  // A new address is locked out for the window.
  LoginHistory elsewhere = at_desk;
  elsewhere.usual_address = false;
  LoginDecision d = DecideLogin(elsewhere, p, kNow);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "account");
  EXPECT_EQ(d.retry_after, minutes(15));
  elsewhere.account_failures = 9;
  EXPECT_TRUE(DecideLogin(elsewhere, p, kNow).allowed);
}

TEST(LoginThrottleTest, OneAddressGuessingAtManyAccountsStops) {
  const LoginThrottlePolicy p;
  LoginHistory h;
  h.address_failures = 50;
  h.usual_address = true;  // even where the user usually logs in
  LoginDecision d = DecideLogin(h, p, kNow);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "address");
  h.address_failures = 49;
  EXPECT_TRUE(DecideLogin(h, p, kNow).allowed);
}

TEST(LoginThrottleTest, AUsualAddressStillSlowsDownItsOwnGuesses) {
  const LoginThrottlePolicy p;
  LoginHistory h;
  h.usual_address = true;
  h.pair_failures = 10;
  h.account_failures = 10;
  h.last_pair_failure = kNow;
  LoginDecision d = DecideLogin(h, p, kNow + minutes(1));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "pair");
  EXPECT_EQ(d.retry_after, minutes(14));
}

}  // namespace
}  // namespace steward::accounts
