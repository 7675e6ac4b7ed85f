// Change windows as typed commands (issue 14 item 5): staff set a
// customer's, group's or device's windows as recurring rules in the
// customer's time zone (its business calendar's), and anyone who may see a
// device learns which windows apply to it, whether one is open now and
// when the next opens. Writes are audited, each in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/patching/model/change_window.h"
#include "storage/database.h"

namespace steward::patching {

class ChangeWindowService {
 public:
  ChangeWindowService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // InvalidArgument naming the field (CheckNewWindow); NotFound naming the
  // customer, group or device outside the scope.
  Result<ChangeWindow> Create(const accounts::Actor& actor, NewChangeWindow window);
  // A customer's windows at every level, with its time zone.
  Result<std::pair<std::vector<ChangeWindow>, std::string>> ForCustomer(
      const accounts::Principal& viewer, int64_t customer_id);
  Status Delete(const accounts::Actor& actor, int64_t id);
  // The windows that apply to a device at `at` (now when unset).
  Result<DeviceWindows> ForDevice(const accounts::Principal& viewer, int64_t device_id,
                                  std::optional<Timestamp> at = std::nullopt);
  // The customer of a window (for the router's 404-vs-403), any tenant.
  Result<std::optional<int64_t>> Owner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::patching
