// Patch management on the wire (issue 14): the scan report a client or the
// agent sends, update records, compliance and class overrides. JSON lives
// here and in proto/ only; the patching module speaks types.
#pragma once

#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/patching/change_window_service.h"
#include "server/patching/patch_service.h"

namespace steward::api {

// {"family"?: "debian"|"ubuntu"|"redhat"|"suse"|"windows" (default debian),
//  "updates": [{"package","installed_version"?,"candidate_version","origin"?,
//  "severity"?,"cves"?:[…],"advisories"?:[…],"reboot_suggested"?}]}.
// Shapes only; CheckUpdateReport judges the values.
Result<patching::UpdateReport> ReadUpdateReport(const Json& body);

Json ReportOutcomeJson(const patching::ReportOutcome& o);
Json UpdateViewJson(const patching::UpdateView& v);
Json ComplianceJson(const patching::CustomerCompliance& c);

// {"level","target_id"?,"rules":[{"class","mode","delay_days"?}]}
struct ApprovalPolicyBody {
  patching::PolicyTarget target;
  std::vector<patching::ApprovalRule> rules;
};
Result<ApprovalPolicyBody> ReadApprovalPolicy(const Json& body);
Json ApprovalPolicyJson(const patching::PolicyTarget& target,
                        const std::vector<patching::ApprovalRule>& rules);
// ?level=…&target_id=… of the policy GET.
Result<patching::PolicyTarget> PolicyTargetOf(const std::string& level,
                                              std::optional<int64_t> target_id);

// {"overrides":[{"pattern","class"}]}
Result<std::vector<patching::ClassOverride>> ReadClassOverrides(const Json& body);
Json ClassOverridesJson(const std::vector<patching::ClassOverride>& overrides);

// {"customer_id" | "group_id" | "device_id" (exactly one), "name", "rrule",
//  "start": "YYYY-MM-DDTHH:MM", "duration_minutes"}
Result<patching::NewChangeWindow> ReadNewChangeWindow(const Json& body);
// {"id","customer_id","level","target_id","name","rrule","start","duration_minutes",
//  "created_by","created_at"}
Json ChangeWindowJson(const patching::ChangeWindow& w);
// {"level","time_zone","in_window","next":{"window_id","start","end"}|null,"windows":[…]}
Json DeviceWindowsJson(const patching::DeviceWindows& d);

}  // namespace steward::api
