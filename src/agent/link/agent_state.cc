#include "agent/link/agent_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "core/json.h"

namespace steward::agent {

std::string StateFile(const std::string& dir) { return dir + "/agent.json"; }
std::string SpoolFile(const std::string& dir) { return dir + "/spool.db"; }

Status SaveState(const std::string& dir, const AgentState& s) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  Json j = {{"server_url", s.server_url},
            {"device_id", s.device_id},
            {"customer_id", s.customer_id},
            {"credential", s.credential},
            {"ca_file", s.ca_file},
            {"server_cert_sha256", s.server_cert_sha256},
            {"command_public_key", s.command_public_key},
            {"approval_public_key", s.approval_public_key}};
  std::string text = j.dump(2) + "\n";
  std::string tmp = StateFile(dir) + ".tmp";
  // Created 0600 from the start: the credential is never readable by others.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("cannot write " + tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), StateFile(dir).c_str()) != 0) {
    return Status::Unavailable("cannot write " + StateFile(dir));
  }
  return Status::Ok();
}

Result<AgentState> LoadState(const std::string& dir) {
  std::ifstream in(StateFile(dir));
  if (!in) return Status::NotFound("agent state", StateFile(dir));
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = ParseJsonStrict(buf.str());
  if (!j.ok() || !j->is_object()) return Status::DataLoss(StateFile(dir) + " is damaged");
  AgentState s;
  try {
    s.server_url = j->at("server_url").get<std::string>();
    s.device_id = j->at("device_id").get<int64_t>();
    s.customer_id = j->at("customer_id").get<int64_t>();
    s.credential = j->at("credential").get<std::string>();
    s.ca_file = j->value("ca_file", "");
    s.server_cert_sha256 = j->value("server_cert_sha256", "");
    s.command_public_key = j->at("command_public_key").get<std::string>();
    s.approval_public_key = j->value("approval_public_key", "");
  } catch (const std::exception& e) {
    return Status::DataLoss(StateFile(dir) + " is damaged: " + e.what());
  }
  return s;
}

}  // namespace steward::agent
