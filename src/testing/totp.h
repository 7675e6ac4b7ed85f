// Generates TOTP codes for tests (what an authenticator app would show).
#pragma once

#include <string>

#include "core/clock.h"

namespace steward::testing {

// The 6-digit code for `secret_base32` at time `t` shifted by `step_offset` 30-s steps.
std::string TotpCode(const std::string& secret_base32, Timestamp t, int step_offset = 0);

}  // namespace steward::testing
