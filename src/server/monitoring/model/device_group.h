// A device group of one customer: a level of threshold policies (and a
// target of group commands). Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace steward::monitoring {

struct NewDeviceGroup {
  int64_t customer_id = 0;
  std::string name;
};

struct DeviceGroup {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string name;
  std::vector<int64_t> device_ids;  // ascending
};

}  // namespace steward::monitoring
