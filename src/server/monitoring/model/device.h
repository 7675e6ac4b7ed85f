// A device as monitoring knows it: a CI of kind server or workstation.
#pragma once

#include <cstdint>
#include <string>

namespace steward::monitoring {

struct MonitoredDevice {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string name;
};

}  // namespace steward::monitoring
