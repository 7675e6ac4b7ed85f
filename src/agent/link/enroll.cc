#include "agent/link/enroll.h"

#include "net/client.h"

namespace steward::agent {

Result<AgentState> Enroll(const EnrollRequest& r) {
  STEWARD_ASSIGN_OR_RETURN(net::ServerUrl server, net::ParseServerUrl(r.server_url));
  net::TlsTrust trust;
  trust.ca_file = r.ca_file;
  // Without a CA the first certificate is trusted and pinned; the one-time
  // enrolment token (made by a technician, short-lived) vouches for the server.
  trust.trust_on_first_use = r.ca_file.empty();
  Json body = {{"token", r.token},
               {"hostname", r.hostname},
               {"machine_id", r.machine_id},
               {"agent_version", kAgentVersion},
               {"kind", r.kind}};
  if (r.inventory.is_object()) body["inventory"] = r.inventory;
  STEWARD_ASSIGN_OR_RETURN(
      net::ClientResponse resp,
      net::SendHttpRequest(server, trust, "POST", "/api/v1/agent/enroll",
                           body.dump(-1, ' ', false, Json::error_handler_t::replace), {},
                           std::chrono::seconds(30)));
  auto j = ParseJsonStrict(resp.body);
  if (resp.status != 201) {
    std::string why = "HTTP " + std::to_string(resp.status);
    if (j.ok() && j->is_object() && j->contains("error")) {
      why += ": " + (*j)["error"].value("message", std::string());
    }
    return resp.status == 401 ? Status::Unauthenticated("enrolment refused: " + why)
                              : Status::FailedPrecondition("enrolment failed: " + why);
  }
  if (!j.ok() || !j->is_object()) return Status::Internal("the server's answer is not JSON");
  AgentState s;
  try {
    s.device_id = j->at("device_id").get<int64_t>();
    s.customer_id = j->at("customer_id").get<int64_t>();
    s.credential = j->at("credential").get<std::string>();
    s.command_public_key = j->at("command_public_key").get<std::string>();
    s.approval_public_key = j->value("approval_public_key", "");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the server's answer lacks a field: ") + e.what());
  }
  s.server_url = r.server_url;
  s.ca_file = r.ca_file;
  if (server.tls && r.ca_file.empty()) s.server_cert_sha256 = resp.server_cert_sha256;
  STEWARD_RETURN_IF_ERROR(SaveState(r.state_dir, s));
  return s;
}

}  // namespace steward::agent
