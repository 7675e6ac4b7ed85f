// `steward`: the server and its admin commands in one binary.
#include <CLI/CLI.hpp>

#include "cli/commands/commands.h"
#include "core/crypto.h"
#include "core/log.h"

using namespace steward::cli;

namespace {

void AddCommon(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--data", o.data_dir, "data directory")->required();
  cmd->add_option("--database", o.database_url,
                  "database URL (postgresql://...); default: SQLite in the data directory");
}

}  // namespace

int main(int argc, char** argv) {
  steward::InitCrypto();
  steward::InitLogging();
  CLI::App app{"Steward: the MSP platform (RMM + PSA). `steward <command> --help` for details."};
  app.require_subcommand(1);

  InitOptions init;
  auto* init_cmd = app.add_subcommand("init", "create a data directory, the schema and the owner");
  AddCommon(init_cmd, init.common);
  init_cmd->add_option("--owner-email", init.owner_email, "the owner's e-mail")->required();
  init_cmd->add_option("--owner-password", init.owner_password, "at least 10 characters")
      ->required();
  init_cmd->add_option("--owner-name", init.owner_name, "the owner's name");
  init_cmd->add_flag("--demo", init.demo, "add demo data (staff, customers, CIs)");
  init_cmd
      ->add_option("--tls-self-signed", init.tls_self_signed,
                   "make a self-signed certificate for these host names/IPs in DATA/tls/")
      ->expected(1, 16);

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "run the server");
  AddCommon(serve_cmd, serve.common);
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve_cmd->add_option("--fake-time", serve.fake_time,
                        "ISO 8601 instant: the clock stands still there (testing only)");
  serve_cmd->add_option("--web-root", serve.web_root, "directory of the web console");
  serve_cmd->add_option("--tls-cert", serve.tls_cert, "PEM certificate chain (enables HTTPS)");
  serve_cmd->add_option("--tls-key", serve.tls_key, "PEM private key");
  serve_cmd->add_option("--backups-to-keep", serve.backups_to_keep, "daily backups kept")
      ->check(CLI::Range(1, 3650));
  serve_cmd->add_flag("--no-backup", serve.no_backup, "disable the daily backup");
  serve_cmd
      ->add_option("--billing-run-day", serve.billing_run_day,
                   "day of the month from which the next month's invoices are drafted "
                   "(0: billing runs only on demand)")
      ->check(CLI::Range(0, 28));
  serve_cmd->add_option("--smtp-url", serve.smtp_url,
                        "outgoing mail server, smtp://host:587 or smtps://host:465");
  serve_cmd->add_option("--smtp-from", serve.smtp_from, "sender address of Steward's mail");
  serve_cmd->add_option("--smtp-user", serve.smtp_user, "SMTP AUTH user");
  serve_cmd
      ->add_option("--smtp-password-file", serve.smtp_password_file,
                   "file holding the SMTP password (not on the command line)")
      ->check(CLI::ExistingFile);
  serve_cmd->add_flag("--smtp-starttls", serve.smtp_starttls, "require STARTTLS on smtp://");
  serve_cmd->add_flag("--webhooks-allow-internal", serve.webhooks_allow_internal,
                      "allow webhooks to loopback and private addresses");
  serve_cmd->add_option("--smtp-ca", serve.smtp_ca, "CA file for the mail server's certificate")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option(
      "--imap-url", serve.imap_url,
      "service desk intake mailbox, imaps://host:993/INBOX or imap://host:143/INBOX");
  serve_cmd->add_option("--imap-user", serve.imap_user, "IMAP login");
  serve_cmd
      ->add_option("--imap-password-file", serve.imap_password_file,
                   "file holding the IMAP password (not on the command line)")
      ->check(CLI::ExistingFile);
  serve_cmd->add_flag("--imap-starttls", serve.imap_starttls, "require STARTTLS on imap://");
  serve_cmd->add_option("--imap-ca", serve.imap_ca, "CA file for the IMAP server's certificate")
      ->check(CLI::ExistingFile);
  serve_cmd
      ->add_option("--imap-poll-seconds", serve.imap_poll_seconds,
                   "how often the intake mailbox is polled (default 60)")
      ->check(CLI::Range(5, 3600));

  CommonOptions migrate;
  auto* migrate_cmd = app.add_subcommand("migrate", "apply pending schema migrations");
  AddCommon(migrate_cmd, migrate);

  UserOptions user;
  auto* user_cmd = app.add_subcommand("user", "manage users");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "add a user");
  AddCommon(user_add, user.common);
  user_add->add_option("--email", user.email)->required();
  user_add->add_option("--password", user.password)->required();
  user_add->add_option("--role", user.role)->required();
  user_add->add_option("--name", user.name);
  user_add->add_option("--customer-id", user.customer_id, "for portal users");
  auto* user_list = user_cmd->add_subcommand("list", "list users");
  AddCommon(user_list, user.common);
  auto* user_disable = user_cmd->add_subcommand("disable", "disable a user and end their sessions");
  AddCommon(user_disable, user.common);
  user_disable->add_option("--email", user.email)->required();
  auto* user_reset = user_cmd->add_subcommand("reset-password", "set a user's password");
  AddCommon(user_reset, user.common);
  user_reset->add_option("--email", user.email)->required();
  user_reset->add_option("--password", user.password)->required();

  TokenOptions token;
  auto* token_cmd = app.add_subcommand("token", "manage API tokens");
  token_cmd->require_subcommand(1);
  auto* token_create = token_cmd->add_subcommand("create", "create a token for a staff user");
  AddCommon(token_create, token.common);
  token_create->add_option("--email", token.email, "the user the token acts as")->required();
  token_create->add_option("--name", token.name, "what it is for")->required();
  token_create->add_option("--days", token.days, "lifetime (1-90)")->check(CLI::Range(1, 90));
  token_create->add_option("--scopes", token.scopes,
                           "comma-separated: read, servicedesk, monitoring, ingest, cmdb, "
                           "billing, commands, agents, admin (default read)");
  EnrollTokenOptions enroll_token;
  auto* enroll_cmd = app.add_subcommand("enroll-token", "agent enrolment tokens");
  enroll_cmd->require_subcommand(1);
  auto* enroll_create =
      enroll_cmd->add_subcommand("create", "create a token for steward-agent enroll");
  AddCommon(enroll_create, enroll_token.common);
  enroll_create->add_option("--customer", enroll_token.customer, "customer id or exact name")
      ->required();
  enroll_create->add_option("--site", enroll_token.site_id, "site id of that customer");
  enroll_create->add_flag("--auto-approve", enroll_token.auto_approve,
                          "enrolled machines skip quarantine");
  enroll_create->add_option("--max-uses", enroll_token.max_uses, "machines it may enrol")
      ->check(CLI::Range(1, 10000));
  enroll_create->add_option("--hours", enroll_token.hours, "lifetime in hours (at most 24)")
      ->check(CLI::Range(1, 24));
  auto* token_revoke = token_cmd->add_subcommand("revoke", "revoke a token");
  AddCommon(token_revoke, token.common);
  token_revoke->add_option("--prefix", token.prefix, "the token's first 12 characters")->required();

  CommonOptions backup;
  std::string backup_to;
  auto* backup_cmd =
      app.add_subcommand("backup", "write a consistent snapshot (safe while serving)");
  AddCommon(backup_cmd, backup);
  backup_cmd->add_option("--to", backup_to, "backup file")->required();

  CommonOptions restore;
  std::string restore_from;
  auto* restore_cmd =
      app.add_subcommand("restore", "replace the database with a backup (server stopped)");
  AddCommon(restore_cmd, restore);
  restore_cmd->add_option("--from", restore_from, "backup file")->required();

  CLI11_PARSE(app, argc, argv);

  if (*init_cmd) return RunInit(init);
  if (*serve_cmd) return RunServe(serve);
  if (*migrate_cmd) return RunMigrate(migrate);
  if (*user_add) return RunUserAdd(user);
  if (*user_list) return RunUserList(user.common);
  if (*user_disable) return RunUserDisable(user);
  if (*user_reset) return RunUserResetPassword(user);
  if (*token_create) return RunTokenCreate(token);
  if (*enroll_create) return RunEnrollTokenCreate(enroll_token);
  if (*token_revoke) return RunTokenRevoke(token);
  if (*backup_cmd) return RunBackup(backup, backup_to);
  if (*restore_cmd) return RunRestore(restore, restore_from);
  return 2;
}
