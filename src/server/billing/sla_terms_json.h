// A contract's SLA terms as JSON — on the wire and in the `sla_json` /
// `sla_terms_json` columns, one format for both:
//   {"critical": {"response": {"minutes": 180}, "resolution": null},
//    "high":     {"response": {"minutes": 180}, "resolution": {"business_days": 1}},
//    "normal": …, "low": …,
//    "escalation": [{"percent": 75, "notify_role": "service_manager"},
//                   {"percent": 100, "notify_role": "owner"}]}
// A missing or null target is none; a missing priority has no targets.
// Reading checks the shape (field names like "sla.high.response"); whether
// the terms can be kept is CheckSlaTerms'.
#pragma once

#include <optional>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "server/billing/model/sla_terms.h"

namespace steward::billing {

Json SlaTermsToJson(const SlaTerms& terms);
Result<SlaTerms> SlaTermsFromJson(const Json& json);

// The stored form (contracts.sla_json, tickets.sla_terms_json): the JSON
// text, or none. A column that does not read back (it never should) is
// none, so the built-in policy applies.
std::optional<std::string> SlaTermsColumn(const std::optional<SlaTerms>& terms);
std::optional<SlaTerms> SlaTermsFromColumn(const std::optional<std::string>& text);

}  // namespace steward::billing
