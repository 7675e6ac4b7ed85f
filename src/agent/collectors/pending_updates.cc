// Package manager detection and the read-only queries behind "pending_updates".
#include "agent/collectors/pending_updates.h"

#include <optional>

#include "agent/collectors/dnf_updates.h"
#include "agent/collectors/source_parsers.h"
#include "agent/collectors/zypper_updates.h"

namespace steward::agent {
namespace {

using platform::ProcessResult;

// dnf's check-update exit code when updates are available (0: none).
constexpr int kDnfUpdatesAvailable = 100;

platform::ProcessOptions QueryOptions() {
  platform::ProcessOptions options;
  // dnf and zypper refresh expired repository metadata before answering,
  // which can take a while on a slow link; past this the query is an error.
  options.timeout = std::chrono::seconds(120);
  options.output_cap = size_t{16} << 20;
  return options;
}

Status Failed(std::string_view what, const ProcessResult& run) {
  std::string message(what);
  if (run.timed_out) {
    message += ": timed out";
  } else if (run.truncated) {
    message += ": output cut off";
  } else {
    message += ": exit code " + std::to_string(run.exit_code);
  }
  std::string detail = SanitizeText(run.stderr_text, 200);
  if (!detail.empty()) message += ": " + detail;
  return Status::Unavailable(std::move(message));
}

// Runs a query; nullopt (with the error noted) when it could not run or
// `accepted` rejects its exit code. Truncated output is noted and still
// returned: the parsers keep the records before the cut.
template <typename Accept>
std::optional<std::string> Query(platform::System& system, std::string_view what,
                                 const std::vector<std::string>& argv, Accept accepted,
                                 PendingUpdatesReport& report) {
  auto run = system.Run(argv, QueryOptions());
  if (!run.ok()) {
    report.errors.push_back(run.status());
    return std::nullopt;
  }
  if (run->truncated && !run->stdout_text.empty()) {
    report.errors.push_back(Failed(what, *run));
    return std::move(run->stdout_text);
  }
  if (run->timed_out || !accepted(run->exit_code)) {
    report.errors.push_back(Failed(what, *run));
    return std::nullopt;
  }
  return std::move(run->stdout_text);
}

bool ExitZero(int code) { return code == 0; }

// `apt-get -s -q upgrade`, with the options and APT_CONFIG (through `env`,
// no shell) that move every directory it reads when `dirs` names another root.
std::vector<std::string> AptSimulationArgv(const PackageQueryDirs& dirs) {
  std::vector<std::string> argv;
  if (!dirs.apt_config_file.empty()) argv = {"env", "APT_CONFIG=" + dirs.apt_config_file};
  argv.insert(argv.end(), {"apt-get", "-s", "-q"});
  auto opt = [&argv](std::string setting) {
    argv.push_back("-o");
    argv.push_back(std::move(setting));
  };
  if (!dirs.apt_etc_dir.empty()) opt("Dir::Etc=" + dirs.apt_etc_dir);
  if (!dirs.apt_state_dir.empty()) opt("Dir::State=" + dirs.apt_state_dir);
  if (!dirs.apt_cache_dir.empty()) opt("Dir::Cache=" + dirs.apt_cache_dir);
  if (!dirs.dpkg_admindir.empty()) opt("Dir::State::status=" + dirs.dpkg_admindir + "/status");
  argv.push_back("upgrade");
  return argv;
}

// Returns false when the device has no apt (neither apt-get nor a working
// `apt list`); true when apt answered, with the report filled. Another
// root's (`dirs`) is apt's: a missing apt-get is an error there, and `apt
// list`, whose directories are not moved, is not asked.
bool CollectApt(platform::System& system, const PackageQueryDirs& dirs,
                PendingUpdatesReport& report) {
  // A simulation reads the local package lists only: no network, no lock.
  auto run = system.Run(AptSimulationArgv(dirs), QueryOptions());
  if (run.ok() || run.status().code() != StatusCode::kNotFound || !dirs.IsSystem()) {
    report.package_manager = "apt";
    if (!run.ok()) {
      report.errors.push_back(run.status());
      return true;
    }
    if (run->exit_code != 0 || run->truncated) {
      report.errors.push_back(Failed("apt-get", *run));
      if (!run->truncated) return true;  // a cut-off list still names real updates
    }
    report.updates = ParseAptSimulation(run->stdout_text);
    return true;
  }
  // Without apt-get, an `apt` that cannot list is not Debian's (old JDKs
  // shipped an annotation tool of that name): look further.
  auto list = system.Run({"apt", "list", "--upgradable"}, QueryOptions());
  if (!list.ok() || list->exit_code != 0) return false;
  report.package_manager = "apt";
  report.updates = ParseAptListUpgradable(list->stdout_text);
  return true;
}

bool CollectDnf(platform::System& system, PendingUpdatesReport& report) {
  auto run = system.Run({"dnf", "-q", "check-update"}, QueryOptions());
  if (!run.ok() && run.status().code() == StatusCode::kNotFound) return false;
  report.package_manager = "dnf";
  if (!run.ok()) {
    report.errors.push_back(run.status());
    return true;
  }
  bool answered = run->exit_code == 0 || run->exit_code == kDnfUpdatesAvailable;
  if (run->timed_out || !answered || run->truncated) {
    report.errors.push_back(Failed("dnf check-update", *run));
    if (!run->truncated) return true;
  }
  auto candidates = ParseDnfCheckUpdate(run->stdout_text);
  if (candidates.empty()) return true;

  // Advisories, CVEs and installed versions only decorate the list: each
  // failing query is noted and the records go out without that part.
  std::vector<DnfAdvisoryRef> advisories, cves;
  std::vector<InstalledPackage> installed;
  if (auto text = Query(system, "dnf updateinfo", {"dnf", "-q", "updateinfo", "list", "--updates"},
                        ExitZero, report)) {
    advisories = ParseDnfUpdateinfoList(*text);
  }
  if (auto text =
          Query(system, "dnf updateinfo --with-cve",
                {"dnf", "-q", "updateinfo", "list", "--updates", "--with-cve"}, ExitZero, report)) {
    cves = ParseDnfUpdateinfoList(*text);
  }
  if (auto text =
          Query(system, "rpm -qa",
                {"rpm", "-qa", "--qf", "%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n"},
                ExitZero, report)) {
    installed = ParseRpmQueryAll(*text);
  }
  report.updates = MergeDnfUpdates(candidates, advisories, cves, installed);
  return true;
}

// zypper's informational exit codes: 100 updates needed, 101 security
// updates needed, 102 reboot needed, 103 restart of zypper needed; 106 some
// repositories were skipped (the answer is partial but usable).
bool ZypperAnswered(int code) { return code == 0 || (code >= 100 && code <= 103) || code == 106; }

bool CollectZypper(platform::System& system, PendingUpdatesReport& report) {
  auto run =
      system.Run({"zypper", "--xmlout", "--non-interactive", "list-updates"}, QueryOptions());
  if (!run.ok() && run.status().code() == StatusCode::kNotFound) return false;
  report.package_manager = "zypper";
  if (!run.ok()) {
    report.errors.push_back(run.status());
    return true;
  }
  if (run->timed_out || run->truncated || !ZypperAnswered(run->exit_code)) {
    report.errors.push_back(Failed("zypper list-updates", *run));
    if (!run->truncated) return true;
  } else if (run->exit_code == 106) {
    report.errors.push_back(Failed("zypper list-updates (repositories skipped)", *run));
  }
  auto packages = ParseZypperListUpdates(run->stdout_text);
  std::vector<ZypperPatch> patches;
  if (auto text = Query(system, "zypper list-patches",
                        {"zypper", "--xmlout", "--non-interactive", "list-patches"}, ZypperAnswered,
                        report)) {
    patches = ParseZypperListPatches(*text);
  }
  report.updates = MergeZypperPatches(std::move(packages), patches);
  return true;
}

}  // namespace

PendingUpdatesReport CollectPendingUpdates(platform::System& system, const PackageQueryDirs& dirs) {
  PendingUpdatesReport report;
  if (CollectApt(system, dirs, report) || !dirs.IsSystem()) return report;
  if (CollectDnf(system, report)) return report;
  CollectZypper(system, report);
  return report;
}

Json PendingUpdatesToJson(const std::vector<PendingUpdate>& updates) {
  Json out = Json::array();
  for (const auto& u : updates) {
    out.push_back(
        {{"name", u.name},
         {"current_version", u.current_version.empty() ? Json(nullptr) : Json(u.current_version)},
         {"available_version", u.available_version},
         {"origin", u.origin},
         {"security", u.security},
         {"severity", u.severity.empty() ? Json(nullptr) : Json(u.severity)},
         {"cves", u.cves},
         {"advisories", u.advisories},
         {"reboot_suggested", u.reboot_suggested}});
  }
  return out;
}

}  // namespace steward::agent
