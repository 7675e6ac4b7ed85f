// All SQL over maintenance windows behind the caller's tenant scope: under a
// customer's scope another customer's window is NotFound for every read and
// write, and no window can be created for another customer.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/monitoring/model/maintenance_window.h"
#include "storage/scoped_connection.h"

namespace steward::monitoring {

class MaintenanceWindowStore {
 public:
  explicit MaintenanceWindowStore(const storage::ScopedConnection& c) : c_(c) {}

  // The new window's id. NotFound("customer") for a customer outside the
  // scope; whether the device is the customer's is the caller's check.
  Result<int64_t> Insert(const NewMaintenanceWindow& w, std::optional<int64_t> created_by,
                         Timestamp now);
  // NotFound("maintenance window") outside the scope or for none.
  Result<MaintenanceWindow> Get(int64_t id);
  // Newest start first (then by id, descending), at most 500; of one
  // customer when given.
  Result<std::vector<MaintenanceWindow>> List(std::optional<int64_t> customer_id);
  // NotFound("maintenance window") outside the scope or for none.
  Status Delete(int64_t id);
  // Brings a running window's end forward to `at` (a device back from its
  // reboot early); one that ended already is left as it is.
  // NotFound("maintenance window") outside the scope or for none.
  Status EndAt(int64_t id, Timestamp at);
  // Whether a window of the device's customer (for all its devices or this
  // one) runs at `at`: new alerts are suppressed then.
  Result<bool> Covers(int64_t customer_id, int64_t device_id, Timestamp at);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::monitoring
