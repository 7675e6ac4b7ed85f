// All SQL over device groups and their members behind the caller's tenant
// scope: under a customer's scope another customer's group is NotFound for
// every read and write (its members included), and no group can be created
// for another customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/monitoring/model/device_group.h"
#include "storage/scoped_connection.h"

namespace steward::monitoring {

class DeviceGroupStore {
 public:
  explicit DeviceGroupStore(const storage::ScopedConnection& c) : c_(c) {}

  // The new group's id. NotFound("customer") for a customer outside the
  // scope; AlreadyExists("name") for a name the customer already uses.
  Result<int64_t> Insert(const NewDeviceGroup& g, Timestamp now);
  // With its members. NotFound("device group") outside the scope or for none.
  Result<DeviceGroup> Get(int64_t id);
  // By customer, then name; of one customer when given.
  Result<std::vector<DeviceGroup>> List(std::optional<int64_t> customer_id);
  // False when the device is a member already. NotFound("device group")
  // outside the scope; that the device is the group's customer's is the
  // caller's check.
  Result<bool> AddMember(int64_t group_id, int64_t device_id);
  // NotFound("device group") outside the scope, NotFound("group member")
  // for a device that is no member.
  Status RemoveMember(int64_t group_id, int64_t device_id);

 private:
  // The group's customer; NotFound("device group") outside the scope.
  Result<int64_t> CustomerOf(int64_t group_id);
  Result<std::vector<int64_t>> Members(int64_t group_id);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::monitoring
