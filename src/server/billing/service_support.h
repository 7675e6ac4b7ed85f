// What the billing services share: the staff-only guard, the acting user's
// id for "created by" columns, and "today" and the CMDB's retirement moments
// as calendar days in the MSP's time zone. Internal to server/billing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "server/accounts/principal.h"
#include "server/billing/model/contract.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/recurring.h"
#include "server/billing/store/contract_store.h"

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

// The CMDB's retirement moments (CI id → ms) as the MSP's calendar days.
inline RetiredOn RetiredDays(const std::map<int64_t, int64_t>& retired_at,
                             const date::time_zone* zone) {
  RetiredOn out;
  for (const auto& [ci, at] : retired_at) out[ci] = LocalDate(FromMillis(at), zone);
  return out;
}

// A contract's lines as it bills them (LinesAsBilled): cut at its end and
// without the devices the CMDB has retired. Two queries; the billing run
// loads the retirements of every contract at once instead.
inline Result<std::vector<ContractLine>> BilledLines(ContractStore& store, const Contract& c,
                                                     const date::time_zone* zone) {
  STEWARD_ASSIGN_OR_RETURN(std::vector<ContractLine> lines, store.Lines(c.id));
  STEWARD_ASSIGN_OR_RETURN(auto retired_at, store.RetiredCoveredCis(c.id));
  return LinesAsBilled(c, std::move(lines), RetiredDays(retired_at, zone));
}

}  // namespace steward::billing::internal
