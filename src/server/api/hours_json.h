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
// {"hourly_cents","draws_included"?} for the work type named in the path.
Result<billing::WorkTypeRate> ReadRate(std::string_view work_type, const Json& body,
                                       bool current_draws_included);

Json CustomerHoursJson(const billing::CustomerHours& h);
Json RatesJson(const std::vector<billing::WorkTypeRate>& rates);

}  // namespace steward::api
