// Recurring charges (SPEC §7 "Precise arithmetic"): the quantity-discount
// tier, tiered unit prices, and a line's charge for one month prorated by
// calendar days. Pure functions over plain values; amounts in cents.
#pragma once

#include <cstdint>
#include <vector>

#include "server/billing/model/contract.h"
#include "server/billing/model/money.h"
#include "server/billing/model/plan.h"

namespace steward::billing {

// The quantity discount by the customer's total number of servers under
// server plans: 1 → 0 %, 2–5 → 4 %, 6–10 → 8 %, 11–20 → 12 %, 21–50 → 18 %,
// 51–100 → 25 %; above 100 the 25 % tier holds (the seeds stop there). 0
// servers → 0 %.
BasisPoints QuantityDiscount(int64_t servers);

// The per-unit price for a customer taking `total_units` units: the tier
// whose max_units covers it (the smallest max_units ≥ total_units; the tiers
// may come in any order), the highest tier above every max; the plan's price
// when it has no tiers.
Cents TieredUnitPrice(const Plan& plan, int64_t total_units);

int DaysInMonth(Month m);

// Calendar days of `m` on which the device is covered ([from, to)).
int DaysCovered(const CoveredDevice& d, Month m);

// Calendar days of `m` on which the device is covered while its line is in
// force: [from, to) within [starts_on, ends_on).
int DeviceDaysInForce(const CoveredDevice& d, const ContractLine& line, Month m);

// Calendar days of `m` on which the line is in force ([starts_on, ends_on)).
int DaysInForce(const ContractLine& line, Month m);

// The number of distinct server-plan devices covered on any day of `m`
// while their line is in force, across the lines (the discount tier's
// count). Lines whose plan is not in `plans` are not counted.
int64_t ServersCovered(const std::vector<ContractLine>& lines, const std::vector<Plan>& plans,
                       Month m);

// A line's gross recurring charge for month `m`, before any discount:
// per-device plans (CountsDevices): unit price × (device-days covered while
// the line is in force, [from, to) ∩ [starts_on, ends_on)) / days in month;
// per-unit plans: quantity (none: 0) × unit price × (days in force) / days
// in month. One rounding, half up, for the whole line. `tier_units` chooses
// the tiered price (the customer's total units of that plan).
Cents LineRecurringCents(const Plan& plan, const ContractLine& line, Month m, int64_t tier_units);

// The discount on a line's gross charge (a negative amount, or 0): only for
// discountable plans, rounded once, half up.
Cents LineDiscountCents(const Plan& plan, Cents gross, BasisPoints discount);

}  // namespace steward::billing
