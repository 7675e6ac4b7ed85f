#include "server/monitoring/store/device_lookup.h"

#include <string>

namespace steward::monitoring {

Result<MonitoredDevice> DeviceLookup::Device(int64_t device_id) {
  std::string sql = "SELECT id, customer_id, kind, name, status FROM cis WHERE id = ?";
  storage::Params params{device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("device", std::to_string(device_id));
  std::string kind = row->Text("kind");
  if (kind != "server" && kind != "workstation") {
    return Status::InvalidArgument(
        "CI " + std::to_string(device_id) + " is a " + kind + ", not a server or workstation",
        "device_id");
  }
  return MonitoredDevice{row->Int("id"), row->Int("customer_id"), row->Text("name")};
}

Status DeviceLookup::RequireCustomer(int64_t customer_id) {
  return storage::RequireVisibleCustomer(c_, customer_id);
}

}  // namespace steward::monitoring
