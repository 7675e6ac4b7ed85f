// `steward-agent enroll`: presents the enrolment token with the machine's
// identity and first inventory, pins the server's certificate (or uses the
// CA file), and stores the credential the server issued.
#pragma once

#include <string>

#include "agent/link/agent_state.h"
#include "core/json.h"
#include "core/result.h"

namespace steward::agent {

struct EnrollRequest {
  std::string server_url;
  std::string token;
  std::string state_dir;
  std::string ca_file;
  std::string hostname;
  std::string machine_id;
  std::string kind = "server";
  Json inventory;  // may be null
};

inline constexpr const char* kAgentVersion = "0.1.0";

Result<AgentState> Enroll(const EnrollRequest& request);

}  // namespace steward::agent
