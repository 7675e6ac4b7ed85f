#include "server/agentlink/store/command_store.h"

namespace steward::agentlink {

Result<CommandableAgent> CommandStore::Agent(int64_t device_id) {
  std::string sql = "SELECT customer_id, status, commands_enabled FROM agents WHERE device_id = ?";
  storage::Params params{device_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("agent", std::to_string(device_id));
  return CommandableAgent{row->Int("customer_id"), row->Text("status"),
                          row->Bool("commands_enabled")};
}

}  // namespace steward::agentlink
