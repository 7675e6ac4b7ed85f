// The business calendar a customer's clocks run on, for the modules that
// count business days outside the service desk (patch deadlines). The
// customer's own calendar, or round the clock in UTC without one.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "storage/database.h"

namespace steward::servicedesk {

// The caller has checked that the customer is in its scope.
Result<BusinessCalendar> CustomerCalendar(storage::Connection& c, int64_t customer_id);

}  // namespace steward::servicedesk
