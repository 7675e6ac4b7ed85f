// What the billing services share: the staff-only guard, the acting user's
// id for "created by" columns, and "today" as a calendar day in the MSP's
// time zone. Internal to server/billing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "core/clock.h"
#include "core/status.h"
#include "server/accounts/principal.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/dates.h"

namespace steward::billing::internal {

// PermissionDenied("<what> is for staff") for a customer's people.
inline Status RequireStaff(const accounts::Principal& p, std::string_view what) {
  if (!p.scope().is_all()) return Status::PermissionDenied(std::string(what) + " is for staff");
  return Status::Ok();
}

// The acting user, or none for the system (jobs, the CLI).
inline std::optional<int64_t> UserOf(const accounts::Principal& p) {
  if (p.user_id > 0) return p.user_id;
  return std::nullopt;
}

inline Date LocalToday(const Clock& clock, const date::time_zone* zone) {
  return LocalDate(clock.Now(), zone);
}

}  // namespace steward::billing::internal
