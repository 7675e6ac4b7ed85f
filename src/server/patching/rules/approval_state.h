// Where an update's approval stands (issue 14 item 3): what the policy
// decides for a record a person has not decided, what is in force at a
// given time, and what that means for its deadline. Pure.
//
// SPEC §4 sets the deadline by which an update must be "tested and
// approved": an approval in force stops the clock, a rejection takes the
// update out of the count, and only an update still waiting for a decision
// can be overdue.
#pragma once

#include <span>

#include "core/clock.h"
#include "server/patching/model/device_update.h"
#include "server/patching/rules/approval_policy.h"

namespace steward::patching {

// The approval the policy gives an update first seen at `first_seen`:
// automatic → approved from first_seen + delay; reject → rejected now;
// manual → pending.
UpdateApproval FromPolicy(const ApprovalDecision& decision, Timestamp first_seen, Timestamp now);

// Applies the policy to every record of `records` no person has decided.
void ApplyPolicy(std::span<DeviceUpdate> records, std::span<const ApprovalRule> rules,
                 Timestamp now);

// The decision in force at `now` (a delayed automatic approval is pending
// until it takes effect).
Approval InForce(const UpdateApproval& a, Timestamp now);

// Whether a pending record is past its deadline still waiting for a decision.
bool IsOverdue(const DeviceUpdate& d, Timestamp now);

}  // namespace steward::patching
