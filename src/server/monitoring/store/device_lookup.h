// The customers and devices a monitoring request names, looked up behind the
// caller's tenant scope: under a customer's scope another customer's device
// or the customer itself is NotFound, as if it did not exist.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "server/monitoring/model/device.h"
#include "storage/scoped_connection.h"

namespace steward::monitoring {

class DeviceLookup {
 public:
  explicit DeviceLookup(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("device") outside the scope or for no CI; InvalidArgument
  // naming device_id for a CI that is neither a server nor a workstation.
  Result<MonitoredDevice> Device(int64_t device_id);
  // NotFound("customer") unless it exists and the scope allows it.
  Status RequireCustomer(int64_t customer_id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::monitoring
