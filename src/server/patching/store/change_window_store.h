// All SQL over change windows, behind the caller's tenant scope: under a
// customer's scope another customer's window, group or device is NotFound
// for every read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "server/patching/model/change_window.h"
#include "storage/scoped_connection.h"

namespace steward::patching {

class ChangeWindowStore {
 public:
  explicit ChangeWindowStore(const storage::ScopedConnection& c) : c_(c) {}

  // The customer a window's target belongs to: the customer itself, a
  // group's or a device's. NotFound naming "customer", "group" or "device".
  Result<int64_t> TargetCustomer(WindowLevel level, int64_t target_id);

  Result<int64_t> Insert(const ChangeWindow& w);
  // NotFound("change window") outside the scope.
  Result<ChangeWindow> Get(int64_t id);
  Status Delete(int64_t id);
  // The customer's windows at every level, by level then id.
  Result<std::vector<ChangeWindow>> ForCustomer(int64_t customer_id);
  // The windows that apply to a device: its own, else its groups', else its
  // customer's (the first level that has any). NotFound("device").
  struct Applying {
    int64_t customer_id = 0;           // the device's
    std::optional<WindowLevel> level;  // none: no window at any level
    std::vector<ChangeWindow> windows;
  };
  Result<Applying> ForDevice(int64_t device_id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::patching
