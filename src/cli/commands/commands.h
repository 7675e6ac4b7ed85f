// The `steward` sub-commands. Each returns the process exit code: 0 success,
// 1 the operation failed (message on stderr), 2 bad usage (from CLI11).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace steward::cli {

struct CommonOptions {
  std::string data_dir;
  std::string database_url;  // --database, overrides steward.conf
};

struct InitOptions {
  CommonOptions common;
  std::string owner_email;
  std::string owner_password;
  std::string owner_name = "Owner";
  bool demo = false;
  std::vector<std::string> tls_self_signed;  // host names / IPs: make DATA/tls/server.{crt,key}
};
int RunInit(const InitOptions& o);

struct ServeOptions {
  CommonOptions common;
  std::string listen = "127.0.0.1:8080";
  std::string fake_time;
  std::string web_root;
  std::string tls_cert;
  std::string tls_key;
  int backups_to_keep = 14;
  int billing_run_day = 25;
  bool no_backup = false;
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password_file;
  bool smtp_starttls = false;
  std::string smtp_ca;
  bool webhooks_allow_internal = false;
  std::string imap_url;
  std::string imap_user;
  std::string imap_password_file;
  bool imap_starttls = false;
  std::string imap_ca;
  int imap_poll_seconds = 60;
};
int RunServe(const ServeOptions& o);

int RunMigrate(const CommonOptions& o);

struct UserOptions {
  CommonOptions common;
  std::string email;
  std::string password;
  std::string role;
  std::string name;
  std::optional<long long> customer_id;
};
int RunUserAdd(const UserOptions& o);
int RunUserList(const CommonOptions& o);
int RunUserDisable(const UserOptions& o);
int RunUserResetPassword(const UserOptions& o);

struct TokenOptions {
  CommonOptions common;
  std::string email;  // whose token
  std::string name;
  int days = 90;
  std::string scopes = "read";  // comma-separated token scopes
  std::string prefix;           // for revoke
};
int RunTokenCreate(const TokenOptions& o);

struct EnrollTokenOptions {
  CommonOptions common;
  std::string customer;  // id or exact name
  int64_t site_id = 0;
  bool auto_approve = false;
  int max_uses = 1;
  int hours = 24;
};
int RunEnrollTokenCreate(const EnrollTokenOptions& o);
int RunTokenRevoke(const TokenOptions& o);

int RunBackup(const CommonOptions& o, const std::string& to);
int RunRestore(const CommonOptions& o, const std::string& from);

}  // namespace steward::cli
