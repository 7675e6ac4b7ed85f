// migrate, user, token, backup and restore.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/commands/util.h"
#include "server/app/backup.h"
#include "server/app/server_config.h"
#include "storage/migrator.h"

namespace steward::cli {

namespace {

accounts::Principal CliPrincipal(const char* command) {
  return accounts::Principal::System(std::string("steward ") + command);
}

}  // namespace

int RunMigrate(const CommonOptions& o) {
  auto s = OpenServices(o);  // opening migrates
  if (!s.ok()) return Fail(s.status());
  auto version = storage::SchemaVersion((*s)->db());
  if (!version.ok()) return Fail(version.status());
  std::cout << "schema at version " << *version << "\n";
  return 0;
}

int RunUserAdd(const UserOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto role = accounts::ParseRole(o.role);
  if (!role) {
    return Fail(Status::InvalidArgument("unknown role " + o.role +
                                        " (owner, service_manager, technician, change_manager, "
                                        "billing_admin, account_manager, portal)"));
  }
  auto principal = CliPrincipal("user add");
  accounts::Actor actor{principal, "local"};
  accounts::NewUser u{o.email, o.name, o.password, *role, std::nullopt, std::nullopt};
  if (o.customer_id) u.customer_id = *o.customer_id;
  auto id = (*s)->accounts().CreateUser(actor, u);
  if (!id.ok()) return Fail(id.status());
  std::cout << "user " << *id << " created: " << o.email << " (" << o.role << ")\n";
  return 0;
}

int RunUserList(const CommonOptions& o) {
  auto s = OpenServices(o);
  if (!s.ok()) return Fail(s.status());
  auto principal = CliPrincipal("user list");
  auto users = (*s)->accounts().ListUsers(principal);
  if (!users.ok()) return Fail(users.status());
  for (const auto& u : *users) {
    std::cout << u["id"] << "\t" << u["email"].get<std::string>() << "\t"
              << u["role"].get<std::string>() << (u["disabled"].get<bool>() ? "\tdisabled" : "")
              << "\n";
  }
  return 0;
}

int RunUserDisable(const UserOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto id = (*s)->accounts().FindUserId(o.email);
  if (!id.ok()) return Fail(id.status());
  auto principal = CliPrincipal("user disable");
  Status st = (*s)->accounts().SetDisabled({principal, "local"}, *id, true);
  if (!st.ok()) return Fail(st);
  std::cout << "user " << o.email << " disabled; their sessions have ended\n";
  return 0;
}

int RunUserResetPassword(const UserOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto id = (*s)->accounts().FindUserId(o.email);
  if (!id.ok()) return Fail(id.status());
  auto principal = CliPrincipal("user reset-password");
  Status st = (*s)->accounts().ResetPassword({principal, "local"}, *id, o.password);
  if (!st.ok()) return Fail(st);
  std::cout << "password of " << o.email << " reset; their sessions have ended\n";
  return 0;
}

int RunTokenCreate(const TokenOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto id = (*s)->accounts().FindUserId(o.email);
  if (!id.ok()) return Fail(id.status());
  auto user = (*s)->accounts().GetUser(CliPrincipal("token create"), *id);
  if (!user.ok()) return Fail(user.status());
  if ((*user)["role"] == "portal") {
    return Fail(Status::InvalidArgument("API tokens are for staff accounts"));
  }
  // The token acts as its user, so the audit trail names that user.
  accounts::Principal owner;
  owner.user_id = *id;
  owner.email = (*user)["email"].get<std::string>();
  owner.role = *accounts::ParseRole((*user)["role"].get<std::string>());
  owner.method = accounts::AuthMethod::kSystem;
  std::vector<std::string> names;
  for (size_t start = 0; start <= o.scopes.size();) {
    size_t comma = std::min(o.scopes.find(',', start), o.scopes.size());
    if (comma > start) names.push_back(o.scopes.substr(start, comma - start));
    start = comma + 1;
  }
  std::string bad;
  auto scopes = accounts::TokenScopeSet::FromNames(names, &bad);
  if (!scopes) return Fail(Status::InvalidArgument("unknown scope \"" + bad + "\"", "scopes"));
  auto created = (*s)->accounts().CreateToken({owner, "local"}, o.name, *scopes, o.days);
  if (!created.ok()) return Fail(created.status());
  std::cerr << "token " << created->id << " for " << o.email << " (shown once):\n";
  std::cout << created->token << "\n";
  return 0;
}

int RunEnrollTokenCreate(const EnrollTokenOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto principal = CliPrincipal("enroll-token create");
  // A customer by id, or by its exact name (scripts know names, not ids).
  int64_t customer_id = 0;
  if (!o.customer.empty() && o.customer.find_first_not_of("0123456789") == std::string::npos) {
    customer_id = std::stoll(o.customer);
  } else {
    cmdb::CustomerQuery query;
    query.q = o.customer;
    auto list = (*s)->cmdb().ListCustomers(principal, query);
    if (!list.ok()) return Fail(list.status());
    for (const Json& c : (*list)["customers"]) {
      if (c["name"] == o.customer) customer_id = c["id"].get<int64_t>();
    }
    if (customer_id == 0) return Fail(Status::NotFound("customer", o.customer));
  }
  Json body = {{"customer_id", customer_id},
               {"auto_approve", o.auto_approve},
               {"max_uses", o.max_uses},
               {"expires_in_hours", o.hours},
               {"label", "created with steward enroll-token"}};
  if (o.site_id > 0) body["site_id"] = o.site_id;
  auto created = (*s)->agents().CreateEnrollmentToken({principal, "local"}, body);
  if (!created.ok()) return Fail(created.status());
  std::cerr << "enrolment token " << (*created)["id"] << " for customer " << customer_id << ", "
            << o.max_uses << " use(s), expires " << (*created)["expires_at"].get<std::string>()
            << " (shown once):\n";
  std::cout << (*created)["token"].get<std::string>() << "\n";
  return 0;
}

int RunTokenRevoke(const TokenOptions& o) {
  auto s = OpenServices(o.common);
  if (!s.ok()) return Fail(s.status());
  auto principal = CliPrincipal("token revoke");
  Status st = (*s)->accounts().RevokeTokenByPrefix({principal, "local"}, o.prefix);
  if (!st.ok()) return Fail(st);
  std::cout << "token " << o.prefix << " revoked\n";
  return 0;
}

int RunBackup(const CommonOptions& o, const std::string& to) {
  auto s = OpenServices(o);
  if (!s.ok()) return Fail(s.status());
  Status st = app::BackupDatabase((*s)->db(), to);
  if (!st.ok()) return Fail(st);
  std::cout << "backup written to " << to << "\n";
  return 0;
}

int RunRestore(const CommonOptions& o, const std::string& from) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.data_dir, ec)) {
    return Fail(Status::NotFound("data directory", o.data_dir));
  }
  auto url = app::ResolveDatabaseUrl(o.data_dir, o.database_url);
  if (!url.ok()) return Fail(url.status());
  if (url->rfind("sqlite:", 0) != 0) {
    return Fail(Status::FailedPrecondition(
        "restore covers the embedded SQLite database; restore PostgreSQL with its own tools"));
  }
  Status st = app::RestoreDatabase(from, url->substr(7));
  if (!st.ok()) return Fail(st);
  // Bring the restored file to the current schema now, not at next start.
  int rc = RunMigrate(o);
  if (rc != 0) return rc;
  std::cout << "restored " << url->substr(7) << " from " << from << "\n";
  return 0;
}

}  // namespace steward::cli
