// Whether a login attempt may proceed, as a pure decision (issue 17, SECURITY
// rule "fair login"): the guesses of one address at one account slow down
// step by step (free at first, then a delay that doubles with each further
// failure, up to the window); one address guessing at many accounts stops
// for the window; and many failures at one account from everywhere lock out
// only the addresses the user does not usually log in from — so an attacker
// elsewhere cannot lock the real user out at their desk.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/clock.h"

namespace steward::accounts {

struct LoginThrottlePolicy {
  std::chrono::minutes window{15};                // failures older than this no longer count
  int free_pair_failures = 5;                     // from one address at one account, before delays
  std::chrono::seconds first_delay{30};           // after the free ones; doubles with each failure
  int max_failures_per_account = 10;              // from every address, for unusual addresses
  int max_failures_per_address = 50;              // at every account, from one address
  std::chrono::hours usual_address_for{24 * 30};  // a successful login makes an address usual
};

// What the store knows about recent failures, counted within the window.
struct LoginHistory {
  int pair_failures = 0;  // this account from this address
  std::optional<Timestamp> last_pair_failure;
  int account_failures = 0;  // this account from any address
  int address_failures = 0;  // any account from this address
  bool usual_address = false;
};

struct LoginDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};
  std::string reason;  // for the audit log: "address", "account", "pair"
};

// The delay after `pair_failures` failures of one address at one account:
// none for the first free_pair_failures, then first_delay, doubling with
// each further failure, never longer than the window.
std::chrono::seconds PairDelay(int pair_failures, const LoginThrottlePolicy& policy);

LoginDecision DecideLogin(const LoginHistory& history, const LoginThrottlePolicy& policy,
                          Timestamp now);

}  // namespace steward::accounts
