// steward-agent: the endpoint agent (see docs/agents.md).
//   steward-agent enroll --server URL --token T --state DIR [--ca FILE]
//   steward-agent run --state DIR [--interval SECONDS]
#include <malloc.h>

#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "agent/app/agent_runner.h"
#include "agent/link/enroll.h"
#include "core/crypto.h"
#include "core/log.h"

namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace steward;
  // The agent has a handful of threads and allocates little: one malloc
  // arena per thread would only spread its few hundred KiB over several
  // partly used heaps (resident memory is on issue 6's budget).
  mallopt(M_ARENA_MAX, 1);
  InitCrypto();
  InitLogging();
  CLI::App app{"steward-agent: collects, buffers and sends to a Steward server"};
  app.require_subcommand(1);

  agent::EnrollRequest enroll;
  auto* enroll_cmd = app.add_subcommand("enroll", "enrol this machine with an enrolment token");
  enroll_cmd->add_option("--server", enroll.server_url, "https://host:port of the server")
      ->required();
  enroll_cmd->add_option("--token", enroll.token, "enrolment token")->required();
  enroll_cmd->add_option("--state", enroll.state_dir, "state directory")->required();
  enroll_cmd->add_option("--ca", enroll.ca_file, "CA file to verify the server (else pinned)")
      ->check(CLI::ExistingFile);
  enroll_cmd->add_option("--kind", enroll.kind, "server or workstation")
      ->check(CLI::IsMember({"server", "workstation"}));
  enroll_cmd->add_option("--hostname", enroll.hostname, "name to enrol as (default: hostname)");
  enroll_cmd->add_option("--machine-id", enroll.machine_id,
                         "identity (default: /etc/machine-id); for test fleets");

  agent::RunOptions run;
  double interval_seconds = 60;
  bool no_commands = false;
  auto* run_cmd = app.add_subcommand("run", "run in the foreground until stopped");
  run_cmd->add_option("--state", run.state_dir, "state directory")->required();
  run_cmd->add_option("--interval", interval_seconds, "seconds between collections")
      ->check(CLI::Range(0.2, 86400.0));
  run_cmd
      ->add_option("--spool-max-batches", run.spool_max_batches,
                   "collections kept while the server is unreachable")
      ->check(CLI::Range(int64_t{10}, int64_t{10'000'000}));
  run_cmd->add_flag("--no-commands", no_commands, "refuse every remote command");
  run_cmd->add_option("--watch-unit", run.collectors.watched_units, "systemd unit to report");
  run_cmd->add_option("--backup-status-file", run.collectors.backup_status_file,
                      "file with the last backup's result");
  run_cmd->add_option("--nut-ups", run.collectors.nut_ups, "UPS to watch through NUT (ups@host)");

  CLI11_PARSE(app, argc, argv);
  auto system = std::shared_ptr<agent::platform::System>(agent::platform::MakeSystem());

  if (*enroll_cmd) {
    if (enroll.hostname.empty()) enroll.hostname = system->Hostname().value_or("unknown-host");
    if (enroll.machine_id.empty()) {
      enroll.machine_id = Trim(system->ReadFile("/etc/machine-id").value_or(""));
    }
    agent::CollectorConfig config;
    config.state_dir = enroll.state_dir;
    enroll.inventory = agent::CollectInventory(config, *system).value_or(Json());
    auto state = agent::Enroll(enroll);
    if (!state.ok()) {
      std::cerr << "steward-agent: " << state.status().message() << "\n";
      return 1;
    }
    std::cout << "enrolled as device " << state->device_id << " of customer " << state->customer_id
              << "\n"
              << state->device_id << "\n";
    return 0;
  }

  run.interval = std::chrono::milliseconds(static_cast<int64_t>(interval_seconds * 1000));
  run.allow_commands = !no_commands;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);
  SystemClock clock;
  Status s = agent::RunAgent(run, system, clock, g_stop);
  if (!s.ok()) {
    std::cerr << "steward-agent: " << s.message() << "\n";
    return 1;
  }
  return 0;
}
