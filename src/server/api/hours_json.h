// Support and flex hours on the wire: a customer's month and flex balance,
// flex draws, and the rate card per work type.
#pragma once

#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/billing/hours_service.h"

namespace steward::api {

// {"minutes","ticket_id"?,"note"?}
Result<billing::FlexDraw> ReadFlexDraw(const Json& body);
// {"work_type","hourly_cents","draws_included"?}; draws_included defaults to
// the work type's current setting in `current`.
Result<billing::WorkTypeRate> ReadRate(const Json& body,
                                       const std::vector<billing::WorkTypeRate>& current);

Json CustomerHoursJson(const billing::CustomerHours& h);
Json RatesJson(const std::vector<billing::WorkTypeRate>& rates);

}  // namespace steward::api
