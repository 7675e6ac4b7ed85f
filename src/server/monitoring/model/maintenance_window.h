// A maintenance window (SPEC §2): while it runs, no new alert opens for the
// customer (or for its one device). Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace steward::monitoring {

struct NewMaintenanceWindow {
  int64_t customer_id = 0;
  std::optional<int64_t> device_id;  // none: every device of the customer
  Timestamp starts_at{};
  Timestamp ends_at{};
  std::string reason;
};

struct MaintenanceWindow {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> device_id;
  Timestamp starts_at{};
  Timestamp ends_at{};
  std::string reason;
  std::optional<int64_t> created_by;  // user id; none for a token or the system
  Timestamp created_at{};
};

}  // namespace steward::monitoring
