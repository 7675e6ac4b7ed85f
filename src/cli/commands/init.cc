#include <filesystem>
#include <fstream>
#include <iostream>

#include <sys/stat.h>

#include "cli/commands/util.h"
#include "net/self_signed.h"
#include "server/app/demo_data.h"
#include "server/app/server_config.h"

namespace steward::cli {

namespace fs = std::filesystem;

int RunInit(const InitOptions& o) {
  std::error_code ec;
  fs::create_directories(o.common.data_dir, ec);
  if (ec)
    return Fail(Status::Unavailable("cannot create " + o.common.data_dir + ": " + ec.message()));
  // The data directory holds the database, documents and backups: owner only.
  ::chmod(o.common.data_dir.c_str(), 0700);
  fs::create_directories(o.common.data_dir + "/documents", ec);
  fs::create_directories(app::BackupDirIn(o.common.data_dir), ec);
  if (!o.common.database_url.empty()) {
    std::ofstream conf(app::ConfigFileIn(o.common.data_dir));
    conf << Json{{"database", o.common.database_url}}.dump(2) << "\n";
    if (!conf) return Fail(Status::Unavailable("cannot write steward.conf"));
    ::chmod(app::ConfigFileIn(o.common.data_dir).c_str(), 0600);
  }
  auto services = OpenServices(o.common);
  if (!services.ok()) return Fail(services.status());
  auto& s = **services;

  bool has_users = false;
  Status read = s.db().Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne("SELECT COUNT(*) AS n FROM users"));
    has_users = r.Int("n") > 0;
    return Status::Ok();
  });
  if (!read.ok()) return Fail(read);
  if (has_users) {
    return Fail(Status::AlreadyExists(o.common.data_dir +
                                      " is already initialised; use `steward user add` to add "
                                      "people"));
  }

  auto system = accounts::Principal::System("steward init");
  accounts::Actor actor{system, "local"};
  accounts::NewUser owner{o.owner_email,          o.owner_name, o.owner_password,
                          accounts::Role::kOwner, std::nullopt, std::nullopt};
  auto id = s.accounts().CreateUser(actor, owner);
  if (!id.ok()) return Fail(id.status());
  std::cout << "Initialised " << o.common.data_dir << " (" << s.db().Describe() << ")\n";
  if (!o.tls_self_signed.empty()) {
    fs::create_directories(o.common.data_dir + "/tls", ec);
    std::string cert = o.common.data_dir + "/tls/server.crt";
    std::string key = o.common.data_dir + "/tls/server.key";
    auto fingerprint = net::WriteSelfSignedCertificate(cert, key, o.tls_self_signed);
    if (!fingerprint.ok()) return Fail(fingerprint.status().WithContext("TLS certificate"));
    std::cout << "TLS: " << cert << " and " << key << " (SHA-256 " << *fingerprint
              << ");\n  serve with --tls-cert " << cert << " --tls-key " << key << "\n";
  }
  std::cout << "Owner: " << o.owner_email << "\n";
  if (o.demo) {
    auto logins = app::SeedDemo(s, o.owner_password);
    if (!logins.ok()) return Fail(logins.status().WithContext("demo data"));
    std::cout << "Demo data added. Demo logins (password as the owner's):\n";
    for (const auto& l : *logins) {
      std::cout << "  " << l.email << "  [" << l.role << "]  " << l.note << "\n";
    }
  }
  return 0;
}

}  // namespace steward::cli
