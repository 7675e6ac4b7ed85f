// Device groups: typed commands over DeviceGroupStore, each in one
// transaction under the caller's scope with its audit record.
#include "server/audit/audit_log.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/store/device_group_store.h"
#include "server/monitoring/store/device_lookup.h"

namespace steward::monitoring {

using storage::ScopedConnection;

Result<DeviceGroup> MonitoringService::CreateGroup(const accounts::Actor& actor,
                                                   const NewDeviceGroup& group) {
  DeviceGroup out;
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_RETURN_IF_ERROR(DeviceLookup(sc).RequireCustomer(group.customer_id));
        STEWARD_ASSIGN_OR_RETURN(int64_t id, DeviceGroupStore(sc).Insert(group, now));
        out = DeviceGroup{id, group.customer_id, group.name, {}};
        return audit::Record(sc.connection(), now, actor,
                             {"device_group.create",
                              "device_group",
                              std::to_string(id),
                              group.customer_id,
                              {{"name", group.name}}});
      }));
  return out;
}

Result<std::vector<DeviceGroup>> MonitoringService::ListGroups(const accounts::Principal& viewer,
                                                               std::optional<int64_t> customer_id) {
  std::vector<DeviceGroup> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        if (customer_id) STEWARD_RETURN_IF_ERROR(DeviceLookup(sc).RequireCustomer(*customer_id));
        STEWARD_ASSIGN_OR_RETURN(out, DeviceGroupStore(sc).List(customer_id));
        return Status::Ok();
      }));
  return out;
}

Result<DeviceGroup> MonitoringService::AddGroupMember(const accounts::Actor& actor,
                                                      int64_t group_id, int64_t device_id) {
  DeviceGroup out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        DeviceGroupStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(DeviceGroup group, store.Get(group_id));
        auto d = DeviceLookup(sc).Device(device_id);
        if (!d.ok()) return Status(d.status().code(), d.status().message(), "device_id");
        if (d->customer_id != group.customer_id) {
          return Status::InvalidArgument("is not a device of the group's customer", "device_id");
        }
        STEWARD_ASSIGN_OR_RETURN(bool added, store.AddMember(group_id, device_id));
        STEWARD_ASSIGN_OR_RETURN(out, store.Get(group_id));
        if (!added) return Status::Ok();
        return audit::Record(sc.connection(), clock_.Now(), actor,
                             {"device_group.add_member",
                              "device_group",
                              std::to_string(group_id),
                              group.customer_id,
                              {{"device_id", device_id}}});
      }));
  return out;
}

Status MonitoringService::RemoveGroupMember(const accounts::Actor& actor, int64_t group_id,
                                            int64_t device_id) {
  return storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
    DeviceGroupStore store(sc);
    STEWARD_ASSIGN_OR_RETURN(DeviceGroup group, store.Get(group_id));
    STEWARD_RETURN_IF_ERROR(store.RemoveMember(group_id, device_id));
    return audit::Record(sc.connection(), clock_.Now(), actor,
                         {"device_group.remove_member",
                          "device_group",
                          std::to_string(group_id),
                          group.customer_id,
                          {{"device_id", device_id}}});
  });
}

}  // namespace steward::monitoring
