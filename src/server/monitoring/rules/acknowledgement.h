// Whether acknowledging an alert changes anything: a person acknowledges an
// open alert once; it stays open until its condition clears.
#pragma once

#include "core/result.h"
#include "server/monitoring/model/alert.h"

namespace steward::monitoring {

// True when the alert is to be marked acknowledged now; false when it
// already is (acknowledging twice is a no-op). FailedPrecondition for a
// resolved alert: there is nothing left to acknowledge.
Result<bool> NeedsAcknowledgement(const Alert& alert);

}  // namespace steward::monitoring
