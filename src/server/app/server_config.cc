#include "server/app/server_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace steward::app {

std::string DatabasePathIn(const std::string& d) { return d + "/steward.db"; }
std::string BackupDirIn(const std::string& d) { return d + "/backups"; }
std::string ConfigFileIn(const std::string& d) { return d + "/steward.conf"; }

Result<std::string> ResolveDatabaseUrl(const std::string& data_dir,
                                       const std::string& explicit_url) {
  if (!explicit_url.empty()) return explicit_url;
  std::ifstream in(ConfigFileIn(data_dir));
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    auto conf = ParseJsonStrict(ss.str());
    if (!conf.ok()) return conf.status().WithContext(ConfigFileIn(data_dir));
    if (conf->contains("database") && (*conf)["database"].is_string()) {
      return (*conf)["database"].get<std::string>();
    }
  }
  return "sqlite:" + DatabasePathIn(data_dir);
}

Status ParseListen(const std::string& text, std::string* host, uint16_t* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string h = text.substr(0, colon);
  std::string p = text.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "0.0.0.0";
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(p) > 65535) {
    return Status::InvalidArgument("port in --listen must be a number from 0 to 65535");
  }
  *host = h;
  *port = static_cast<uint16_t>(std::stoi(p));
  return Status::Ok();
}

}  // namespace steward::app
