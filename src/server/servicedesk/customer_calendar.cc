#include "server/servicedesk/customer_calendar.h"

#include "server/servicedesk/servicedesk_internal.h"

namespace steward::servicedesk {

Result<BusinessCalendar> CustomerCalendar(storage::Connection& c, int64_t customer_id) {
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT calendar_id FROM customers WHERE id = ?", {customer_id}));
  return internal::LoadCalendar(c, row ? row->OptInt("calendar_id") : std::nullopt);
}

}  // namespace steward::servicedesk
