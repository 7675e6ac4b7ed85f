// Money as integer cents (SPEC §7 "Precise arithmetic"): never a floating
// point, percentages in basis points (1.5 % = 150), rounded half up to the
// cent once per invoice line.
#pragma once

#include <cstdint>
#include <string>

namespace steward::billing {

using Cents = int64_t;
using BasisPoints = int64_t;  // hundredths of a percent: 4 % = 400

// `amount` × `bp` / 10 000, rounded half away from zero to the cent
// (half up for the positive amounts an invoice holds).
Cents PercentOf(Cents amount, BasisPoints bp);

// `amount` × `numerator` / `denominator`, rounded half away from zero
// (proration by calendar days). `denominator` must be positive.
Cents Prorate(Cents amount, int64_t numerator, int64_t denominator);

// "$1,234.56" / "-$5.00": how the console, the PDF and mail show money.
std::string FormatUsd(Cents amount);

}  // namespace steward::billing
