// Patch management on the wire (issue 14): the scan report a client or the
// agent sends, update records, compliance and class overrides. JSON lives
// here and in proto/ only; the patching module speaks types.
#pragma once

#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/patching/patch_service.h"

namespace steward::api {

// {"family"?: "debian"|"ubuntu"|"redhat"|"suse" (default debian),
//  "updates": [{"package","installed_version"?,"candidate_version","origin"?,
//  "severity"?,"cves"?:[…],"advisories"?:[…],"reboot_suggested"?}]}.
// Shapes only; CheckUpdateReport judges the values.
Result<patching::UpdateReport> ReadUpdateReport(const Json& body);

Json ReportOutcomeJson(const patching::ReportOutcome& o);
Json UpdateViewJson(const patching::UpdateView& v);
Json ComplianceJson(const patching::CustomerCompliance& c);

// {"overrides":[{"pattern","class"}]}
Result<std::vector<patching::ClassOverride>> ReadClassOverrides(const Json& body);
Json ClassOverridesJson(const std::vector<patching::ClassOverride>& overrides);

}  // namespace steward::api
