#include "server/billing/model/money.h"

namespace steward::billing {

Cents Prorate(Cents amount, int64_t numerator, int64_t denominator) {
  // Exact in 128 bits: amounts and counts here are far below 2^63 each.
  // Round half away from zero: add half the denominator to the magnitude
  // (an odd denominator has no exact halves, so its floor is right too).
  const __int128 product = static_cast<__int128>(amount) * numerator;
  const __int128 half = denominator / 2;
  const __int128 q =
      product >= 0 ? (product + half) / denominator : -((-product + half) / denominator);
  return static_cast<Cents>(q);
}

Cents PercentOf(Cents amount, BasisPoints bp) { return Prorate(amount, bp, 10000); }

std::string FormatUsd(Cents amount) {
  const bool negative = amount < 0;
  unsigned long long v = negative ? 0ULL - static_cast<unsigned long long>(amount)
                                  : static_cast<unsigned long long>(amount);
  std::string dollars = std::to_string(v / 100);
  for (int i = static_cast<int>(dollars.size()) - 3; i > 0; i -= 3) dollars.insert(i, ",");
  const unsigned long long cents = v % 100;
  return std::string(negative ? "-$" : "$") + dollars + "." + (cents < 10 ? "0" : "") +
         std::to_string(cents);
}

}  // namespace steward::billing
