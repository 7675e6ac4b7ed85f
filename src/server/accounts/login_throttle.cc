#include "server/accounts/login_throttle.h"

#include <algorithm>

namespace steward::accounts {

std::chrono::seconds PairDelay(int pair_failures, const LoginThrottlePolicy& policy) {
  const int beyond = pair_failures - policy.free_pair_failures;
  if (beyond < 0) return std::chrono::seconds(0);
  const std::chrono::seconds cap = policy.window;
  std::chrono::seconds delay = policy.first_delay;
  for (int i = 0; i < beyond && delay < cap; ++i) delay *= 2;
  return std::min(delay, cap);
}

LoginDecision DecideLogin(const LoginHistory& history, const LoginThrottlePolicy& policy,
                          Timestamp now) {
  const auto window = std::chrono::duration_cast<std::chrono::seconds>(policy.window);
  if (history.address_failures >= policy.max_failures_per_address) {
    return {false, window, "address"};
  }
  if (!history.usual_address && history.account_failures >= policy.max_failures_per_account) {
    return {false, window, "account"};
  }
  const std::chrono::seconds delay = PairDelay(history.pair_failures, policy);
  if (delay.count() > 0 && history.last_pair_failure) {
    const Timestamp open_at = *history.last_pair_failure + delay;
    if (now < open_at) {
      auto wait = std::chrono::ceil<std::chrono::seconds>(open_at - now);
      return {false, std::max(wait, std::chrono::seconds(1)), "pair"};
    }
  }
  return {};
}

}  // namespace steward::accounts
