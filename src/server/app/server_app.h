// ServerApp is `steward serve`: the services, the HTTP API on top of them, and
// the background jobs (daily backup, expiry sweeps). Start() returns once the
// listener is bound; Stop() shuts down in reverse order.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "net/http_server.h"
#include "server/api/api_server.h"
#include "server/api/metrics.h"
#include "server/app/server_config.h"
#include "server/app/services.h"
#include "server/notify/smtp_sender.h"
#include "server/notify/webhooks.h"

namespace steward::app {

class ServerApp {
 public:
  // Opens and migrates the database and builds every component.
  static Result<std::unique_ptr<ServerApp>> Create(ServerConfig config);
  ~ServerApp();

  // Binds the listener and starts the background jobs.
  Status Start();
  void Stop();

  uint16_t port() const { return http_->port(); }
  const Clock& clock() const { return *clock_; }
  ManualClock* fake_clock() { return fake_clock_; }
  Services& services() { return *services_; }
  const api::ApiServer& api() const { return *api_; }
  // Runs the background jobs once, now (tests drive time this way).
  void RunJobsOnceForTest();

 private:
  explicit ServerApp(ServerConfig config)
      : config_(std::move(config)), webhook_poster_(config_.webhooks_allow_internal) {}
  void JobLoop();
  void RunJobs();
  void RunJob(std::string_view name, const std::function<Status()>& job);
  // One poll of the intake mailbox: each message parsed and taken in.
  Status RunMailIntake();

  ServerConfig config_;
  std::unique_ptr<Clock> clock_;
  ManualClock* fake_clock_ = nullptr;
  std::unique_ptr<Services> services_;
  api::HttpMetrics metrics_;
  std::unique_ptr<api::ApiServer> api_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<notify::MailSender> mail_sender_;  // null without --smtp-url
  notify::CurlWebhookPoster webhook_poster_;
  std::unique_ptr<mail::Mailbox> mailbox_;  // null without --imap-url

  // Serialises job runs: the loop and a test's RunJobsOnceForTest must not
  // run the same job at once (two backups would race on one .partial file).
  std::mutex run_jobs_mutex_;
  std::mutex jobs_mutex_;
  std::condition_variable jobs_cv_;
  bool stopping_ = false;  // GUARDED_BY(jobs_mutex_)
  std::thread jobs_thread_;
};

// Finds the web console to serve: the configured root, else a built console
// (web/dist under the current directory, share/steward/web next to the
// binary, or web/dist of the source tree the binary was built in), else the
// placeholder page. A built console anywhere beats every placeholder.
std::string FindWebRoot(const std::string& configured);

// FindWebRoot with the current directory and the binary's directory given
// (empty exe_dir: unknown), for tests.
std::string FindWebRootFrom(const std::string& configured, const std::filesystem::path& cwd,
                            const std::filesystem::path& exe_dir);

}  // namespace steward::app
