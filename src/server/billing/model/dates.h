// Calendar dates and months as billing stores and shows them: ISO
// "YYYY-MM-DD" and "YYYY-MM" (text that sorts in date order).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "core/clock.h"
#include "server/billing/model/contract.h"

namespace steward::billing {

// Exactly "YYYY-MM-DD" naming a real day (years 2000–2199); nullopt otherwise.
std::optional<Date> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(Date d);

// Exactly "YYYY-MM" (years 2000–2199); nullopt otherwise.
std::optional<Month> ParseIsoMonth(std::string_view text);
std::string FormatIsoMonth(Month m);

// The month a day falls in.
inline Month MonthOf(Date d) { return Month{d.year(), d.month()}; }

// The calendar day `t` falls on in `zone`.
Date LocalDate(Timestamp t, const date::time_zone* zone);

}  // namespace steward::billing
