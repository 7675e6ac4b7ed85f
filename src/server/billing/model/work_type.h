// The kinds of support work a technician logs (SPEC §5, §7) and what each
// costs: covered work (remote, phone, on site) draws the month's included
// hours first; after hours and weekends, escalated emergencies and emergency
// on-site work are billed at their own rate from the first minute. The
// service desk logs time in these terms; billing prices it.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "server/billing/model/money.h"

namespace steward::billing {

enum class WorkType { kRemote, kPhone, kOnSite, kAfterHours, kEmergency, kEmergencyOnsite };
std::string_view WorkTypeName(WorkType t);
std::optional<WorkType> ParseWorkType(std::string_view name);
// Every work type's name, in declaration order (for validation messages).
const std::vector<std::string_view>& WorkTypeNames();

// The MSP's hourly rate for a work type, and whether that work draws the
// contract's included support hours before it is billed.
struct WorkTypeRate {
  WorkType work_type = WorkType::kRemote;
  Cents hourly_cents = 0;
  bool draws_included = false;
  bool operator==(const WorkTypeRate&) const = default;
};

// The rate of `t` in `rates`, or null.
const WorkTypeRate* FindRate(const std::vector<WorkTypeRate>& rates, WorkType t);

}  // namespace steward::billing
