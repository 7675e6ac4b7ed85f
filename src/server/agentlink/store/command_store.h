// What sending a command needs to know of a device's agent, read behind the
// caller's tenant scope: another customer's agent is NotFound.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "storage/scoped_connection.h"

namespace steward::agentlink {

struct CommandableAgent {
  int64_t customer_id = 0;
  std::string status;  // quarantined | approved | revoked
  bool commands_enabled = false;
};

class CommandStore {
 public:
  explicit CommandStore(const storage::ScopedConnection& c) : c_(c) {}

  // NotFound("agent") outside the scope or without an agent.
  Result<CommandableAgent> Agent(int64_t device_id);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::agentlink
