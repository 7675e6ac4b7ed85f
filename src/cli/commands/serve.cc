#include <signal.h>

#include <fstream>
#include <iostream>

#include <sys/resource.h>

#include "cli/commands/util.h"
#include "core/log.h"
#include "core/time_format.h"
#include "server/app/server_app.h"

namespace steward::cli {

namespace {

// Every connected agent holds a socket: a soft limit of 1,024 open files
// would cap the server far below its hard limit.
void RaiseOpenFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  if (lim.rlim_cur < lim.rlim_max) {
    rlim_t soft = lim.rlim_cur;
    lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) lim.rlim_cur = soft;
  }
  LogInfo("open files: up to {}", static_cast<uint64_t>(lim.rlim_cur));
}

}  // namespace

int RunServe(const ServeOptions& o) {
  RaiseOpenFileLimit();
  app::ServerConfig config;
  config.data_dir = o.common.data_dir;
  config.database_url = o.common.database_url;
  Status listen = app::ParseListen(o.listen, &config.listen_host, &config.listen_port);
  if (!listen.ok()) return Fail(listen);
  if (!o.fake_time.empty()) {
    auto t = ParseIso8601(o.fake_time);
    if (!t.ok()) return Fail(t.status().WithContext("--fake-time"));
    config.fake_time = *t;
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return Fail(Status::InvalidArgument("--tls-cert and --tls-key go together"));
  }
  config.web_root = o.web_root;
  config.tls_cert_file = o.tls_cert;
  config.tls_key_file = o.tls_key;
  config.backups_to_keep = o.backups_to_keep;
  config.billing_run_day = o.billing_run_day;
  config.daily_backup = !o.no_backup;
  config.webhooks_allow_internal = o.webhooks_allow_internal;
  if (!o.smtp_url.empty()) {
    if (o.smtp_url.rfind("smtp://", 0) != 0 && o.smtp_url.rfind("smtps://", 0) != 0) {
      return Fail(Status::InvalidArgument("--smtp-url must start with smtp:// or smtps://"));
    }
    if (o.smtp_from.empty() || o.smtp_from.find('@') == std::string::npos) {
      return Fail(Status::InvalidArgument("--smtp-from needs a sender address"));
    }
    config.smtp.url = o.smtp_url;
    config.smtp.username = o.smtp_user;
    config.smtp.starttls = o.smtp_starttls;
    config.smtp.ca_file = o.smtp_ca;
    config.smtp_from = o.smtp_from;
    if (!o.smtp_password_file.empty()) {
      std::ifstream in(o.smtp_password_file);
      std::getline(in, config.smtp.password);
    }
  }
  if (!o.imap_url.empty()) {
    if (o.imap_url.rfind("imap://", 0) != 0 && o.imap_url.rfind("imaps://", 0) != 0) {
      return Fail(Status::InvalidArgument("--imap-url must start with imap:// or imaps://"));
    }
    config.imap.url = o.imap_url;
    config.imap.username = o.imap_user;
    config.imap.starttls = o.imap_starttls;
    config.imap.ca_file = o.imap_ca;
    config.imap_poll_seconds = o.imap_poll_seconds;
    if (!o.imap_password_file.empty()) {
      std::ifstream in(o.imap_password_file);
      std::getline(in, config.imap.password);
    }
  }

  // Block the stop signals before any thread starts so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ec;
  auto app = app::ServerApp::Create(config);
  if (!app.ok()) return Fail(app.status());
  Status started = (*app)->Start();
  if (!started.ok()) return Fail(started);
  if (config.fake_time) {
    LogWarn("fake time: the clock stands at {} and moves only through POST /api/v1/test/clock",
            FormatIso8601((*app)->clock().Now()));
  }
  int sig = 0;
  sigwait(&signals, &sig);
  LogInfo("signal {} received; stopping", sig);
  (*app)->Stop();
  return 0;
}

}  // namespace steward::cli
