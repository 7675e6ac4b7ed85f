// Whether a contract's SLA terms can be kept (issue 13): every target is
// either none, 1 minute to 30 days of working time, or 1 to 30 business
// days; a resolution target is never shorter than the response target of
// the same kind; escalation levels are numbered 1, 2, … with rising shares
// between 1 % and 300 % and name a role. Field names say where the fault is
// ("sla.high.response", "sla.escalation").
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/billing/model/sla_terms.h"

namespace steward::billing {

// `is_role`: whether a name is a staff role (the caller knows the roles).
Status CheckSlaTerms(const SlaTerms& terms, bool (*is_role)(std::string_view));

}  // namespace steward::billing
