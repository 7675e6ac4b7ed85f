#include "agent/collectors/precision.h"

#include <cmath>

namespace steward::agent {

double ReportedValue(std::string_view metric, double value) {
  if (!metric.ends_with("_percent") || !std::isfinite(value)) return value;
  return std::round(value * 100) / 100;
}

}  // namespace steward::agent
