// How a customer's changes went (issue 14 item 8): the closed changes by
// outcome and the success rate — successful among those that ran
// (withdrawn changes never ran and do not count). The figure the monthly
// report and the business review quote.
#pragma once

#include <optional>

namespace steward::change {

struct ChangeOutcomes {
  int successful = 0;
  int failed = 0;
  int backed_out = 0;
  int withdrawn = 0;
  int ran() const { return successful + failed + backed_out; }
};

// successful / ran, in [0, 1]; none when no change ran.
std::optional<double> SuccessRate(const ChangeOutcomes& o);

}  // namespace steward::change
