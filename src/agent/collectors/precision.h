// How precisely a value is reported. Percentages are rounded to hundredths:
// nobody reads CPU use to the fifteenth digit, and an exact two-decimal value
// is stored by the server as a small integer delta (about 1.3 bytes a sample
// in compacted history) where a full-precision double costs about 8.
#pragma once

#include <string_view>

namespace steward::agent {

double ReportedValue(std::string_view metric, double value);

}  // namespace steward::agent
