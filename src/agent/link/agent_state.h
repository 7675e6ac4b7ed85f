// What an enrolled agent remembers (STATE/agent.json, mode 0600, written
// atomically): the server, its own device id and credential, how it trusts
// the server's TLS certificate (CA file or the fingerprint pinned at
// enrolment) and the public key that signs remote commands.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace steward::agent {

struct AgentState {
  std::string server_url;
  int64_t device_id = 0;
  int64_t customer_id = 0;
  std::string credential;
  std::string ca_file;
  std::string server_cert_sha256;
  std::string command_public_key;
  // Signs second approvals of large jobs (proto/job_approval.h); empty when
  // enrolled with a server that had none.
  std::string approval_public_key;
};

std::string StateFile(const std::string& state_dir);
std::string SpoolFile(const std::string& state_dir);
Status SaveState(const std::string& state_dir, const AgentState& state);
// NotFound if the agent was never enrolled; DataLoss for a damaged file.
Result<AgentState> LoadState(const std::string& state_dir);

}  // namespace steward::agent
