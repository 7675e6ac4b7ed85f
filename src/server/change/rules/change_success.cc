#include "server/change/rules/change_success.h"

namespace steward::change {

std::optional<double> SuccessRate(const ChangeOutcomes& o) {
  if (o.ran() == 0) return std::nullopt;
  return static_cast<double>(o.successful) / o.ran();
}

}  // namespace steward::change
