// Dates for the billing tests, written as the rules are read: D(2026, 11, 1)
// is 1 November 2026, M(2026, 11) its month; kStart and kNovember are the
// store tests' contract start and first month. Test code only.
#pragma once

#include "server/billing/model/contract.h"

namespace steward::billing {

inline Date D(int y, unsigned m, unsigned d) {
  return Date{date::year{y}, date::month{m}, date::day{d}};
}
inline Month M(int y, unsigned m) { return Month{date::year{y}, date::month{m}}; }

inline constexpr Date kStart{date::year{2026}, date::month{11}, date::day{1}};
inline constexpr Month kNovember{date::year{2026}, date::month{11}};

}  // namespace steward::billing
