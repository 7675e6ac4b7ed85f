// steward-agent: the endpoint agent (see docs/agents.md).
//   steward-agent enroll --server URL --token T --state DIR [--ca FILE] [--package-root DIR]
//   steward-agent run --state DIR [--interval SECONDS] [--package-root DIR]
#include <malloc.h>

#include <csignal>
#include <filesystem>
#include <fstream>
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

// --package-root DIR: the Debian root whose packages the agent reports and
// installs instead of this machine's (a container's or image's root, a
// test's throwaway one). Checked here: an absolute path (apt and dpkg are
// given it as options, and it is quoted in an apt configuration file, so no
// quote or control character), not "/" (this machine: leave the option
// out), a directory with a dpkg database and an etc/apt. Returns it without
// trailing slashes.
steward::Result<std::string> CheckPackageRoot(const std::string& dir) {
  namespace fs = std::filesystem;
  auto bad = [&dir](const std::string& why) {
    return steward::Status::InvalidArgument("--package-root " + dir + ": " + why);
  };
  if (dir.empty() || dir.front() != '/') return bad("must be an absolute path");
  for (char c : dir) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || u < 0x20 || u == 0x7f) {
      return bad("must not contain quotes, backslashes or control characters");
    }
  }
  std::string root = fs::path(dir).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root == "/") return bad("is this machine's own root: leave the option out");
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return bad("is not a directory");
  if (!fs::is_regular_file(root + "/var/lib/dpkg/status", ec)) {
    return bad("has no dpkg database (var/lib/dpkg/status)");
  }
  if (!fs::is_directory(root + "/etc/apt", ec)) return bad("has no apt configuration (etc/apt)");
  return root;
}

// apt reads the file that APT_CONFIG names before its parts directory, so
// this one moves Dir::Etc (and the rest) into the root before the host's
// /etc/apt/apt.conf.d could be read. Kept in the state directory, rewritten
// at every start; `APT_CONFIG=<state>/package-root.apt.conf apt-get ...`
// shows the root as the agent sees it.
steward::Result<std::string> WriteRootAptConfig(const std::string& root,
                                                const std::string& state_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) return steward::Status::Unavailable("cannot create " + state_dir + ": " + ec.message());
  std::string path = (fs::path(state_dir) / "package-root.apt.conf").string();
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "// Written by steward-agent for --package-root " << root << "\n"
        << "Dir::Etc \"" << root << "/etc/apt/\";\n"
        << "Dir::State \"" << root << "/var/lib/apt/\";\n"
        << "Dir::State::status \"" << root << "/var/lib/dpkg/status\";\n"
        << "Dir::Cache \"" << root << "/var/cache/apt/\";\n"
        << "Dir::Log \"" << root << "/var/log/apt/\";\n";
    if (!out.flush()) return steward::Status::Unavailable("cannot write " + tmp);
  }
  fs::rename(tmp, path, ec);
  if (ec) return steward::Status::Unavailable("cannot write " + path + ": " + ec.message());
  return fs::absolute(path).string();
}

// Points the package queries and the installer at the root. Maintainer
// scripts run without chroot() into it, with DPKG_ROOT set (dpkg's
// --force-script-chrootless, as for a root that has no shell), and the
// machine is never rebooted for it: it is not the root's machine.
steward::Status UsePackageRoot(const std::string& dir, const std::string& state_dir,
                               steward::agent::PackageQueryDirs& queries,
                               steward::agent::PackageInstallOptions* install) {
  STEWARD_ASSIGN_OR_RETURN(std::string root, CheckPackageRoot(dir));
  STEWARD_ASSIGN_OR_RETURN(std::string apt_config, WriteRootAptConfig(root, state_dir));
  queries.apt_config_file = apt_config;
  queries.apt_etc_dir = root + "/etc/apt";
  queries.apt_state_dir = root + "/var/lib/apt";
  queries.apt_cache_dir = root + "/var/cache/apt";
  queries.dpkg_admindir = root + "/var/lib/dpkg";
  if (install == nullptr) return steward::Status::Ok();
  install->apt_config_file = apt_config;
  install->apt_etc_dir = queries.apt_etc_dir;
  install->sources_list = root + "/etc/apt/sources.list";
  install->apt_state_dir = queries.apt_state_dir;
  install->apt_cache_dir = queries.apt_cache_dir;
  install->apt_log_dir = root + "/var/log/apt";
  install->dpkg_admindir = queries.dpkg_admindir;
  install->dpkg_instdir = root;
  install->dpkg_log = root + "/var/log/dpkg.log";
  install->scripts_chrootless = true;
  install->reboot_command = {};
  return steward::Status::Ok();
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
  std::string package_root;
  const char* package_root_help =
      "report (and install updates into) the packages of this Debian root instead of the "
      "machine's: its apt configuration, lists, cache and dpkg database";
  enroll_cmd->add_option("--package-root", package_root, package_root_help);

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
  run_cmd->add_option("--package-root", package_root, package_root_help);

  CLI11_PARSE(app, argc, argv);
  auto system = std::shared_ptr<agent::platform::System>(agent::platform::MakeSystem());

  if (*enroll_cmd) {
    if (enroll.hostname.empty()) enroll.hostname = system->Hostname().value_or("unknown-host");
    if (enroll.machine_id.empty()) {
      enroll.machine_id = Trim(system->ReadFile("/etc/machine-id").value_or(""));
    }
    agent::CollectorConfig config;
    config.state_dir = enroll.state_dir;
    if (!package_root.empty()) {
      if (Status s = UsePackageRoot(package_root, enroll.state_dir, config.package_dirs, nullptr);
          !s.ok()) {
        std::cerr << "steward-agent: " << s.message() << "\n";
        return 2;
      }
    }
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
  if (!package_root.empty()) {
    if (Status s = UsePackageRoot(package_root, run.state_dir, run.collectors.package_dirs,
                                  &run.package_install);
        !s.ok()) {
      std::cerr << "steward-agent: " << s.message() << "\n";
      return 2;
    }
  }
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
