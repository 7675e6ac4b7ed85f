// Configuration of one `steward serve` process, filled from the command line
// (and the data directory's steward.conf) in cli/, passed down explicitly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "server/mail/imap_mailbox.h"
#include "server/notify/smtp_sender.h"

namespace steward::app {

struct ServerConfig {
  std::string data_dir;
  std::string database_url;  // empty: sqlite:<data_dir>/steward.db
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::optional<Timestamp> fake_time;  // --fake-time: a ManualClock at this instant
  std::string web_root;                // empty: found next to the binary or in the source tree
  std::string tls_cert_file;
  std::string tls_key_file;
  int backups_to_keep = 14;
  // The day of each month from which the next month's invoices are drafted
  // (1–28); 0: billing runs only on demand.
  int billing_run_day = 25;
  bool daily_backup = true;
  int io_threads = 2;
  int worker_threads = 8;
  bool fast_password_hashing_for_tests = false;
  // Outgoing mail: without smtp.url the outbox keeps its mail (queued).
  notify::SmtpConfig smtp;
  std::string smtp_from = "steward@localhost";
  // Webhooks to loopback and private addresses (a lab, the tests); never
  // link-local/metadata addresses.
  bool webhooks_allow_internal = false;
  // The service desk's intake mailbox: without imap.url no mail is taken in.
  mail::ImapConfig imap;
  int imap_poll_seconds = 60;
};

// Paths inside a data directory.
std::string DatabasePathIn(const std::string& data_dir);  // <dir>/steward.db
std::string BackupDirIn(const std::string& data_dir);     // <dir>/backups
std::string ConfigFileIn(const std::string& data_dir);    // <dir>/steward.conf

// The database URL to use: explicit, else the one `init` recorded in
// steward.conf, else the embedded SQLite file.
Result<std::string> ResolveDatabaseUrl(const std::string& data_dir,
                                       const std::string& explicit_url);

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080").
Status ParseListen(const std::string& text, std::string* host, uint16_t* port);

}  // namespace steward::app
