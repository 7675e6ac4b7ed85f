// Reads a business calendar from its JSON form (the API body and the stored
// hours_json/holidays_json columns), validating every field.
#pragma once

#include <string>

#include "core/json.h"
#include "core/result.h"
#include "server/servicedesk/rules/business_calendar.h"

namespace steward::servicedesk {

// Builds a calendar from its API form: `hours` is "24x7" or
// {"mon":[["08:00","17:00"]],...} (missing days are closed), `holidays` an
// array of "YYYY-MM-DD" (or null). InvalidArgument naming the field
// ("time_zone", "hours.mon[0]", "holidays[2]") otherwise.
Result<BusinessCalendar> BuildCalendar(const std::string& time_zone_name, const Json& hours,
                                       const Json& holidays);

}  // namespace steward::servicedesk
