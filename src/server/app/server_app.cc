#include "server/app/server_app.h"

#include <filesystem>

#include "core/log.h"
#include "proto/agent_frames.h"
#include "server/app/backup.h"
#include "server/audit/audit_sink.h"
#include "server/mail/mime_parser.h"
#include "server/notify/mail_delivery.h"
#include "server/notify/webhooks.h"
#include "storage/job_lock.h"

namespace steward::app {

namespace fs = std::filesystem;

std::string FindWebRootFrom(const std::string& configured, const fs::path& cwd,
                            const fs::path& exe_dir) {
  if (!configured.empty()) return configured;
  std::vector<fs::path> built = {cwd / "web/dist"};
  std::vector<fs::path> placeholders = {cwd / "web/placeholder"};
  if (!exe_dir.empty()) {
    built.push_back(exe_dir / "../share/steward/web");
    // A build tree sits one to three levels below the source tree
    // (build/src/cli/steward).
    for (auto up : {"..", "../..", "../../.."}) {
      built.push_back(exe_dir / up / "web/dist");
      placeholders.push_back(exe_dir / up / "web/placeholder");
    }
  }
  std::error_code ec;
  for (const auto* list : {&built, &placeholders}) {
    for (const auto& c : *list) {
      if (fs::is_regular_file(c / "index.html", ec)) return fs::weakly_canonical(c, ec).string();
    }
  }
  return (cwd / "web/placeholder").string();
}

std::string FindWebRoot(const std::string& configured) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  fs::path cwd = fs::current_path(ec);
  return FindWebRootFrom(configured, ec ? fs::path(".") : cwd,
                         exe.empty() ? fs::path() : exe.parent_path());
}

Result<std::unique_ptr<ServerApp>> ServerApp::Create(ServerConfig config) {
  std::unique_ptr<ServerApp> app(new ServerApp(std::move(config)));
  const ServerConfig& c = app->config_;
  if (c.fake_time) {
    auto manual = std::make_unique<ManualClock>(*c.fake_time);
    app->fake_clock_ = manual.get();
    app->clock_ = std::move(manual);
  } else {
    app->clock_ = std::make_unique<SystemClock>();
  }
  STEWARD_ASSIGN_OR_RETURN(std::string url, ResolveDatabaseUrl(c.data_dir, c.database_url));
  accounts::AccountPolicy policy;
  if (c.fast_password_hashing_for_tests) policy.hash_cost = PasswordHashCost::ForTest();
  STEWARD_ASSIGN_OR_RETURN(
      app->services_, Services::Open(url, c.data_dir, *app->clock_, policy, c.worker_threads + 2,
                                     c.webhooks_allow_internal));
  Services& s = *app->services_;
  api::ApiDeps deps{s.db(),         *app->clock_,     app->fake_clock_,     s.accounts(),
                    s.cmdb(),       app->metrics_,    c.data_dir,           FindWebRoot(c.web_root),
                    s.monitoring(), s.agents(),       s.servicedesk(),      s.tickets(),
                    s.webhooks(),   s.plans(),        s.contracts(),        s.invoices(),
                    s.hours(),      s.time_entries(), s.ledger(),           s.invoice_documents(),
                    s.expenses(),   s.patches(),      s.billing_profiles(), s.change_windows(),
                    s.changes(),    s.deployments(),  s.releases()};
  app->api_ = std::make_unique<api::ApiServer>(deps, api::BuildRoutes(deps));

  net::HttpServerOptions options;
  options.host = c.listen_host;
  options.port = c.listen_port;
  options.io_threads = c.io_threads;
  options.worker_threads = c.worker_threads;
  options.tls_cert_file = c.tls_cert_file;
  options.tls_key_file = c.tls_key_file;
  api::ApiServer* api = app->api_.get();
  api::HttpMetrics* metrics = &app->metrics_;
  app->http_ = std::make_unique<net::HttpServer>(
      options, [api](net::HttpRequest& r) { return api->Handle(r); },
      [api](std::string_view method, std::string_view path) {
        return api->BodyLimit(method, path);
      },
      [metrics](const net::HttpRequest& r, int status, double seconds) {
        std::string route = r.route.empty() ? "(unparsed)" : r.route;
        metrics->Observe(r.method, route, status, seconds);
        LogInfo("{} {} {} {} {:.1f}ms", r.remote_ip, r.method, r.path.substr(0, 200), status,
                seconds * 1000);
      });
  if (!c.smtp.url.empty()) {
    app->mail_sender_ = std::make_unique<notify::CurlSmtpSender>(c.smtp);
  } else {
    LogInfo("no --smtp-url: e-mail stays in the outbox until one is configured");
  }
  if (!c.imap.url.empty()) {
    app->mailbox_ = std::make_unique<mail::CurlImapMailbox>(c.imap);
  }
  agentlink::ChannelHub* hub = &s.channel_hub();
  app->http_->AddWebSocketEndpoint(
      {.path = std::string(proto::kAgentChannelPath),
       .accept =
           [hub](const net::HttpRequest& r, std::shared_ptr<net::WebSocketConnection> ws) {
             return hub->Accept(r, std::move(ws));
           },
       .max_message_bytes = proto::kMaxFrameBytes});
  return app;
}

ServerApp::~ServerApp() { Stop(); }

Status ServerApp::Start() {
  InitLogging();  // before the first thread starts
  STEWARD_RETURN_IF_ERROR(http_->Start());
  jobs_thread_ = std::thread([this] { JobLoop(); });
  LogInfo("steward serving on {}://{}:{} (database {})", http_->tls() ? "https" : "http",
          config_.listen_host, http_->port(), services_->db().Describe());
  return Status::Ok();
}

void ServerApp::Stop() {
  {
    std::lock_guard lock(jobs_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  jobs_cv_.notify_all();
  if (jobs_thread_.joinable()) jobs_thread_.join();
  if (http_) http_->Stop();
}

void ServerApp::RunJob(std::string_view name, const std::function<Status()>& job) {
  // One node runs each job at a time (PostgreSQL advisory lock); a failure is
  // logged and the other jobs go on (a failed backup must not stop the sweeps,
  // nor the server).
  auto ran = storage::RunExclusive(services_->db(), name, job);
  if (!ran.ok() && ran.status().code() != StatusCode::kFailedPrecondition) {
    LogError("job {} failed: {}", name, ran.status().ToString());
  }
}

void ServerApp::RunJobs() {
  std::lock_guard run_lock(run_jobs_mutex_);
  RunJob("audit_export", [&] {
    return audit::ExportToSink(services_->db(), audit::SinkFileIn(config_.data_dir)).status();
  });
  if (config_.daily_backup) {
    // FailedPrecondition: PostgreSQL is backed up with its own tools.
    RunJob("daily_backup", [&] {
      return RunDailyBackup(services_->db(), BackupDirIn(config_.data_dir), clock_->Now(),
                            config_.backups_to_keep)
          .status();
    });
  }
  // Monitoring: retention, offline detection, event-log quiet periods and
  // missing backup reports, all by the injectable clock.
  RunJob("monitoring", [&] { return services_->monitoring().RunJobs(clock_->Now()); });
  // Service desk: SLA breaches, administrative escalation, auto-close.
  RunJob("servicedesk", [&] { return services_->servicedesk().RunJobs(clock_->Now()); });
  RunJob("change_watch", [&] { return services_->changes().RunJobs(clock_->Now()); });
  // Approved updates out in each device's window, results read back.
  RunJob("patch_deployment", [&] { return services_->deployments().RunJobs(clock_->Now()); });
  RunJob("release_soak", [&] { return services_->releases().RunJobs(clock_->Now()); });
  // Billing: flex hours of each ended month, then the month's invoices as
  // drafts from the configured day of the month before (catching up).
  RunJob("billing", [&] {
    const auto scheduler = accounts::Principal::System("billing schedule");
    accounts::Actor system{scheduler, "scheduler"};
    STEWARD_RETURN_IF_ERROR(services_->hours().CreditFlex(system).status());
    if (config_.billing_run_day == 0) return Status::Ok();  // on demand only
    return services_->invoices().RunDue(system, config_.billing_run_day).status();
  });
  // Remote commands no agent can still be running (issue 12, bug 2).
  RunJob("agent_commands", [&] { return services_->agents().ExpireOverdueCommands().status(); });
  RunJob("webhook_delivery", [&] {
    return notify::DeliverDueWebhooks(services_->db(), *clock_, webhook_poster_).status();
  });
  // Before delivery, so acknowledgements go out in the same run.
  if (mailbox_) RunJob("mail_intake", [&] { return RunMailIntake(); });
  // Last, so mail the jobs above enqueued goes out in the same minute.
  if (mail_sender_) {
    RunJob("mail_delivery", [&] {
      return notify::DeliverDueEmails(services_->db(), *clock_, *mail_sender_, config_.smtp_from)
          .status();
    });
  }
}

Status ServerApp::RunMailIntake() {
  servicedesk::ServiceDesk& sd = services_->servicedesk();
  mail::ParseOptions options;
  options.max_attachment_bytes = sd.options().max_attachment_bytes;
  // Our own sender address: its mail coming back is a loop, never a ticket.
  options.own_addresses = {config_.smtp_from};
  return mail::PollMailbox(
             *mailbox_,
             [&](const std::string& raw) -> Status {
               auto parsed = mail::ParseMessage(raw, options);
               if (!parsed.ok()) {
                 return sd.TakeInUnreadableEmail(raw, parsed.status().message()).status();
               }
               return sd.TakeInEmail(*parsed).status();
             })
      .status();
}

void ServerApp::RunJobsOnceForTest() { RunJobs(); }

void ServerApp::JobLoop() {
  // Every job once a minute; the intake mailbox in between as often as
  // --imap-poll-seconds asks. The intervals are real time (a poll is I/O);
  // due-ness inside the jobs is decided by the injectable clock, so fake
  // time moves the jobs too.
  const auto minute = std::chrono::seconds(60);
  const auto poll =
      mailbox_ ? std::min(minute, std::chrono::seconds(std::max(1, config_.imap_poll_seconds)))
               : minute;
  auto last_all = std::chrono::steady_clock::now() - minute;
  while (true) {
    try {
      if (std::chrono::steady_clock::now() - last_all >= minute - std::chrono::seconds(1)) {
        last_all = std::chrono::steady_clock::now();
        RunJobs();
      } else if (mailbox_) {
        std::lock_guard run_lock(run_jobs_mutex_);
        RunJob("mail_intake", [&] { return RunMailIntake(); });
      }
    } catch (const std::exception& e) {
      LogError("background jobs: {}", e.what());
    }
    std::unique_lock lock(jobs_mutex_);
    if (jobs_cv_.wait_for(lock, poll, [&] { return stopping_; })) return;
  }
}

}  // namespace steward::app
