#include "cli/commands/util.h"

#include <filesystem>
#include <iostream>

#include "server/app/server_config.h"

namespace steward::cli {

int Fail(const Status& status) {
  std::cerr << "steward: " << status.message();
  if (!status.field().empty()) std::cerr << " (" << status.field() << ")";
  std::cerr << "\n";
  return 1;
}

const Clock& CliClock() {
  static const SystemClock clock;
  return clock;
}

Result<std::unique_ptr<app::Services>> OpenServices(const CommonOptions& o) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.data_dir, ec)) {
    return Status::NotFound("data directory", o.data_dir + " (run steward init first)");
  }
  STEWARD_ASSIGN_OR_RETURN(std::string url, app::ResolveDatabaseUrl(o.data_dir, o.database_url));
  return app::Services::Open(url, o.data_dir, CliClock(), accounts::AccountPolicy{}, 2);
}

}  // namespace steward::cli
