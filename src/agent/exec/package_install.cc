#include "agent/exec/package_install.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "agent/collectors/reboot_hints.h"
#include "agent/exec/apt_output.h"
#include "agent/exec/conffile_check.h"

namespace steward::agent {
namespace {

using Steady = std::chrono::steady_clock;

constexpr size_t kTailLines = 20;
constexpr size_t kMaxStatusBytes = size_t{64} << 20;
// What is kept of apt-get's output for the result's stdout (its end: the
// errors are there); the frame's cap is 64 KiB.
constexpr size_t kKeptLogBytes = 56 * 1024;

std::string StatusPath(const PackageInstallOptions& o) {
  return (o.dpkg_admindir.empty() ? std::string("/var/lib/dpkg") : o.dpkg_admindir) + "/status";
}

std::map<std::string, DpkgStatusEntry> ReadStatus(platform::System& system,
                                                  const PackageInstallOptions& o,
                                                  std::string& log) {
  auto text = system.ReadFile(StatusPath(o), kMaxStatusBytes);
  if (!text.ok()) {
    log += "steward-agent: cannot read " + StatusPath(o) + ": " + text.status().message() + "\n";
    return {};
  }
  return ParseDpkgStatus(*text);
}

bool Exists(platform::System& system, const std::string& path) { return system.Stat(path).ok(); }

proto::PackageOutcome Failed(const proto::PackageTarget& t, int exit_code, std::string log_tail) {
  proto::PackageOutcome p;
  p.name = t.name;
  p.outcome = "failed";
  p.exit_code = std::clamp(exit_code, -255, 255);
  p.log_tail = std::move(log_tail);
  return p;
}

std::string KeepEnd(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = text.size() - max;
  // Start on a line of its own.
  if (size_t nl = text.find('\n', cut); nl != std::string::npos && nl - cut < 200) cut = nl + 1;
  return "[...]\n" + text.substr(cut);
}

// apt keeps a downloaded package as <name>_<version>_<arch>.deb in its
// archives directory, with ':' (an epoch), '_' and '%' quoted as %3a, %5f,
// %25 (apt-pkg's QuoteString).
std::string ArchiveQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == ':' || c == '_' || c == '%' || u <= 0x20 || u >= 0x7f) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string ArchivesDir(const PackageInstallOptions& o) {
  return (o.apt_cache_dir.empty() ? std::string("/var/cache/apt") : o.apt_cache_dir) + "/archives";
}

// A conffile path from a package: absolute, without "." or ".." components.
bool PlainAbsolutePath(std::string_view path) {
  if (!path.starts_with('/')) return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

constexpr size_t kMaxConffileBytes = size_t{64} << 20;

// The conffile check of conffile_check.h for each target whose new .deb
// `apt-get install --download-only` left in apt's archives: name → why it
// is held. A package that cannot be checked (no .deb found, dpkg-deb
// failing, an unreadable file) is not held here: it is installed, and dpkg's
// refused prompt still stops it if it must.
std::map<std::string, std::string> ConffileHolds(
    platform::System& system, const PackageInstallOptions& o,
    const std::vector<proto::PackageTarget>& targets,
    const std::map<std::string, DpkgStatusEntry>& before, Steady::time_point deadline,
    const std::function<void(const std::string&)>& note) {
  std::map<std::string, std::string> held;
  const std::string archives = ArchivesDir(o);
  std::vector<platform::DirEntry> cached;
  if (auto listing = system.ListDirectory(archives); listing.ok()) cached = std::move(*listing);
  auto options = [&deadline] {
    platform::ProcessOptions p;
    p.timeout = std::max<std::chrono::milliseconds>(
        std::chrono::seconds(1),
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()));
    p.output_cap = size_t{1} << 20;
    return p;
  };
  auto ran = [&](const std::vector<std::string>& argv) {
    auto r = system.Run(argv, options());
    if (r.ok() && r->exit_code == 0 && !r->timed_out) return true;
    note(argv[0] + " " + argv[1] + " " + argv[2] + ": " +
         (r.ok() ? "exit code " + std::to_string(r->exit_code) + " " + r->stderr_text
                 : r.status().message()));
    return false;
  };
  // Where apt left <prefix>*.deb: in its archives directory, or where a
  // file: source has it (apt uses those in place; --print-uris says where).
  std::optional<std::map<std::string, std::string>> uris;
  auto locate = [&](const std::string& prefix) -> std::string {
    auto is_it = [&prefix](const std::string& file) {
      return file.starts_with(prefix) && file.ends_with(".deb");
    };
    for (const auto& entry : cached) {
      if (!entry.is_directory && is_it(entry.name)) return archives + "/" + entry.name;
    }
    if (!uris) {
      std::vector<std::string> argv = AptGetArgv(o, "install");
      argv.insert(argv.end(), {"--print-uris", "-y", "--no-install-recommends"});
      for (const auto& t : targets) argv.push_back(t.name + "=" + t.version);
      auto run = system.Run(argv, options());
      uris = run.ok() && run->exit_code == 0 ? ParseAptPrintUris(run->stdout_text)
                                             : std::map<std::string, std::string>{};
    }
    for (const auto& [file, uri] : *uris) {
      if (!is_it(file)) continue;
      std::string path = LocalPathOfUri(uri);
      if (!path.empty() && system.Stat(path).ok()) return path;
    }
    return {};
  };
  const std::string base = o.scratch_dir.empty() ? std::string("/var/tmp") : o.scratch_dir;
  std::string scratch;  // made when the first package is looked into
  const std::string root = o.dpkg_instdir;
  int index = 0;
  for (const auto& t : targets) {
    ++index;
    auto was = before.find(t.name);
    if (was != before.end() && was->second.state == "installed" &&
        was->second.version == t.version) {
      continue;  // nothing to install, nothing to ask
    }
    const std::string prefix = ArchiveQuote(t.name) + "_" + ArchiveQuote(t.version) + "_";
    std::string deb = locate(prefix);
    if (deb.empty()) {
      note("no downloaded " + prefix + "*.deb in " + archives + ": " + t.name +
           "'s configuration files not checked before installing");
      continue;
    }
    if (scratch.empty()) {
      auto made = system.Run({"mktemp", "-d", "-p", base, "steward-conffiles.XXXXXX"}, options());
      std::string dir = made.ok() ? made->stdout_text : std::string();
      while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
      const std::string expected = base + "/steward-conffiles.";
      if (!made.ok() || made->exit_code != 0 || !dir.starts_with(expected) ||
          dir.find_first_of("/\n", expected.size()) != std::string::npos) {
        note("cannot make a scratch directory under " + base +
             ": configuration files not checked before installing");
        return held;
      }
      scratch = dir;
    }
    const std::string control = scratch + "/" + std::to_string(index) + ".control";
    if (!ran({"dpkg-deb", "--control", deb, control})) continue;
    auto member = system.ReadFile(control + "/conffiles", size_t{1} << 20);
    if (!member.ok()) {
      if (member.status().code() != StatusCode::kNotFound) {
        note("cannot read " + t.name + "'s conffiles: " + member.status().message());
      }
      continue;  // no configuration files: nothing to ask about
    }
    std::string data;  // the new version's files, unpacked when first needed
    for (const auto& c : ParseConffilesMember(*member)) {
      if (c.remove_on_upgrade || !PlainAbsolutePath(c.path)) continue;
      ConffileSums sums;
      sums.path = c.path;
      if (was != before.end()) {
        for (const auto& r : was->second.conffiles) {
          if (r.path == c.path) sums.recorded = r.md5;
        }
      }
      auto disk = system.ReadFile(root + c.path, kMaxConffileBytes);
      if (disk.ok() && disk->size() < kMaxConffileBytes) {
        sums.on_disk = Md5Hex(*disk);
      } else if (disk.ok() || disk.status().code() != StatusCode::kNotFound) {
        note("cannot read " + root + c.path + ": not checked before installing");
        continue;
      }
      if (NeedsPackagedSum(sums)) {
        if (data.empty()) {
          data = scratch + "/" + std::to_string(index) + ".data";
          if (!ran({"dpkg-deb", "--extract", deb, data})) break;
        }
        auto copy = system.ReadFile(data + c.path, kMaxConffileBytes);
        if (!copy.ok() || copy->size() >= kMaxConffileBytes) {
          note("cannot read " + c.path + " in " + deb + ": not checked before installing");
          continue;
        }
        sums.in_package = Md5Hex(*copy);
      }
      if (std::string why = ConffilePromptReason(sums); !why.empty()) {
        held[t.name] = why;
        break;
      }
    }
  }
  if (!scratch.empty()) {
    platform::ProcessOptions p;
    p.timeout = std::chrono::seconds(60);
    auto removed = system.Run({"rm", "-rf", "--one-file-system", "--", scratch}, p);
    if (!removed.ok() || removed->exit_code != 0) note("could not remove " + scratch);
  }
  return held;
}

}  // namespace

std::vector<std::string> AptGetArgv(const PackageInstallOptions& o, std::string_view verb) {
  // `env` sets the environment without a shell: debconf must not ask
  // (a question would wait on /dev/null), nor apt-listchanges page.
  std::vector<std::string> argv = {"env"};
  if (!o.apt_config_file.empty()) argv.push_back("APT_CONFIG=" + o.apt_config_file);
  argv.insert(argv.end(),
              {"DEBIAN_FRONTEND=noninteractive", "APT_LISTCHANGES_FRONTEND=none", "apt-get", "-q"});
  auto opt = [&argv](std::string setting) {
    argv.push_back("-o");
    argv.push_back(std::move(setting));
  };
  if (!o.apt_etc_dir.empty()) opt("Dir::Etc=" + o.apt_etc_dir);
  if (!o.sources_list.empty()) opt("Dir::Etc::sourcelist=" + o.sources_list);
  if (!o.apt_state_dir.empty()) opt("Dir::State=" + o.apt_state_dir);
  if (!o.apt_cache_dir.empty()) opt("Dir::Cache=" + o.apt_cache_dir);
  if (!o.apt_log_dir.empty()) opt("Dir::Log=" + o.apt_log_dir);
  if (!o.dpkg_admindir.empty()) {
    opt("Dir::State::status=" + StatusPath(o));
    opt("Dpkg::Options::=--admindir=" + o.dpkg_admindir);
  }
  if (!o.dpkg_instdir.empty()) opt("Dpkg::Options::=--instdir=" + o.dpkg_instdir);
  if (!o.dpkg_log.empty()) opt("Dpkg::Options::=--log=" + o.dpkg_log);
  if (o.scripts_chrootless) opt("Dpkg::Options::=--force-script-chrootless");
  // Never let dpkg decide about a locally changed configuration file, even
  // if the system's apt.conf says --force-confold: these come last and win.
  opt("Dpkg::Options::=--refuse-confdef");
  opt("Dpkg::Options::=--refuse-confold");
  opt("Dpkg::Options::=--refuse-confnew");
  opt("DPkg::Lock::Timeout=" + std::to_string(o.lock_timeout_seconds));
  argv.emplace_back(verb);
  return argv;
}

proto::CommandResultFrame InstallPackages(
    platform::System& system, const proto::CommandEnvelope& e, const PackageInstallOptions& o,
    std::function<void(bool is_stderr, std::string_view chunk)> on_output) {
  proto::CommandResultFrame out;
  out.command_id = e.command_id;
  out.status = "completed";
  const std::vector<proto::PackageTarget> targets =
      e.action ? e.action->packages : std::vector<proto::PackageTarget>{};
  const auto deadline = Steady::now() + std::chrono::seconds(e.timeout_seconds);
  auto run_options = [&] {
    platform::ProcessOptions p;
    p.timeout = std::max<std::chrono::milliseconds>(
        std::chrono::seconds(1),
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()));
    p.output_cap = size_t{4} << 20;
    p.on_output = on_output;
    return p;
  };
  std::string log;  // everything apt-get said, for the result's stdout
  auto note = [&log](const std::string& line) { log += "steward-agent: " + line + "\n"; };

  const auto before = ReadStatus(system, o, log);
  bool timed_out = false;
  if (o.refresh_lists) {
    auto update = system.Run(AptGetArgv(o, "update"), run_options());
    if (!update.ok()) {
      note("apt-get update: " + update.status().message());
    } else {
      log += update->stdout_text + update->stderr_text;
      timed_out = update->timed_out;
      if (update->exit_code != 0) {
        note("apt-get update exited with " + std::to_string(update->exit_code) +
             "; installing from the lists as they are");
      }
    }
  }

  std::map<std::string, proto::PackageOutcome> decided;  // failed before dpkg ran
  std::vector<proto::PackageTarget> remaining = targets;
  AptInstallLog parsed;
  int apt_exit = 0;     // of the last install run
  int failed_exit = 0;  // of any install run that failed
  // apt refused the whole transaction before dpkg ran: fails the packages it
  // named (an unknown version, a package it cannot find) and returns the
  // others, to be tried again; if it named none, none can go in.
  auto leave_out_refused = [&](const AptInstallLog& said, int code) {
    std::vector<proto::PackageTarget> still;
    for (const auto& t : remaining) {
      auto named = said.unavailable.find(t.name);
      if (named != said.unavailable.end()) {
        decided[t.name] = Failed(t, code, named->second);
      } else {
        still.push_back(t);
      }
    }
    if (still.size() == remaining.size()) {
      std::string tail = TailLines(said.lines, kTailLines, proto::kMaxLogTailBytes);
      for (const auto& t : remaining) decided[t.name] = Failed(t, code, tail);
      still.clear();
    }
    return still;
  };

  // The new versions' .debs first, into apt's archives (where the install
  // takes them from), to leave out every package that would stop dpkg at a
  // configuration-file prompt.
  std::map<std::string, std::string> conffile_holds;  // name → why
  bool downloaded = false;
  while (!remaining.empty() && !timed_out) {
    std::vector<std::string> argv = AptGetArgv(o, "install");
    argv.insert(argv.end(), {"--download-only", "-y", "--no-install-recommends"});
    for (const auto& t : remaining) argv.push_back(t.name + "=" + t.version);
    auto run = system.Run(argv, run_options());
    if (!run.ok()) break;  // the install below says why
    std::string text = run->stdout_text + run->stderr_text;
    log += text;
    if (run->timed_out) {
      timed_out = true;
      break;
    }
    if (run->exit_code == 0) {
      downloaded = true;
      break;
    }
    AptInstallLog said = ParseAptInstallLog(text);
    bool named_any = std::any_of(remaining.begin(), remaining.end(), [&said](const auto& t) {
      return said.unavailable.count(t.name) > 0;
    });
    if (!named_any) {
      // Not about a package (a download that failed): the install tries
      // again and reports; dpkg's refused prompt is the only check then.
      note("apt-get install --download-only exited with " + std::to_string(run->exit_code) +
           ": configuration files not checked before installing");
      break;
    }
    failed_exit = run->exit_code;
    remaining = leave_out_refused(said, run->exit_code);
  }
  if (downloaded && !timed_out) {
    conffile_holds = ConffileHolds(system, o, remaining, before, deadline, note);
    std::erase_if(remaining, [&conffile_holds](const proto::PackageTarget& t) {
      return conffile_holds.count(t.name) > 0;
    });
    for (const auto& [name, why] : conffile_holds) note(name + " held: " + why);
  }

  while (!remaining.empty() && !timed_out) {
    std::vector<std::string> argv = AptGetArgv(o, "install");
    argv.insert(argv.end(), {"-y", "--no-install-recommends"});
    // Validated names cannot start with '-'; "name=version" pins the approved version.
    for (const auto& t : remaining) argv.push_back(t.name + "=" + t.version);
    auto run = system.Run(argv, run_options());
    if (!run.ok()) {
      // No apt-get (not a Debian system) or it could not be started.
      out.status = "failed";
      out.exit_code = -1;
      out.stderr_text = "apt-get: " + run.status().message();
      for (const auto& t : remaining) decided[t.name] = Failed(t, -1, out.stderr_text);
      remaining.clear();
      break;
    }
    std::string text = run->stdout_text + run->stderr_text;
    log += text;
    parsed = ParseAptInstallLog(text);
    apt_exit = run->exit_code;
    if (apt_exit != 0) failed_exit = apt_exit;
    if (run->timed_out) {
      timed_out = true;
      break;
    }
    if (apt_exit == 0 || parsed.dpkg_ran) break;
    remaining = leave_out_refused(parsed, apt_exit);
  }

  const auto after = ReadStatus(system, o, log);
  std::vector<proto::PackageOutcome> outcomes;
  bool all_installed = true;
  bool hinted_reboot = false;
  for (const auto& t : targets) {
    proto::PackageOutcome p;
    auto now = after.find(t.name);
    auto events = parsed.packages.find(t.name);
    bool has_events = events != parsed.packages.end();
    auto was = before.find(t.name);
    auto hold = conffile_holds.find(t.name);
    // Held before the install, and dpkg's record of it is as it was (apt
    // did not pull it in as another package's dependency).
    bool untouched =
        hold != conffile_holds.end() &&
        (was == before.end() ? now == after.end()
                             : now != after.end() && now->second.version == was->second.version &&
                                   now->second.state == was->second.state);
    if (auto d = decided.find(t.name); d != decided.end()) {
      p = d->second;
    } else if (untouched) {
      p.name = t.name;
      p.outcome = "held";
      p.reason = hold->second + ". Version " + t.version +
                 " was not installed, so dpkg never had to ask which file to keep; " + t.name +
                 (was == before.end()
                      ? std::string(" stays uninstalled")
                      : " stays at " + was->second.version + " (" + was->second.state + ")") +
                 " until the file is merged or the update installed by hand";
    } else if (has_events && !events->second.conffile_prompt.empty()) {
      p.name = t.name;
      p.outcome = "held";
      p.reason = "dpkg stopped at the configuration-file prompt for " +
                 events->second.conffile_prompt + ": it was changed locally and version " +
                 t.version +
                 " ships a different one. Nothing was overwritten; the new version is unpacked "
                 "and waits until someone chooses which file to keep (dpkg --configure " +
                 t.name + ")";
    } else if (now != after.end() && now->second.state == "installed" &&
               now->second.version == t.version) {
      p.name = t.name;
      p.outcome = "installed";
      bool changed = was == before.end() || was->second.version != t.version ||
                     was->second.state != "installed";
      if (changed && DebianUpdateSuggestsReboot(t.name)) hinted_reboot = true;
    } else {
      int code = has_events && events->second.script_exit_status >= 0
                     ? events->second.script_exit_status
                     : (apt_exit != 0 ? apt_exit : (failed_exit != 0 ? failed_exit : 1));
      std::string tail = has_events && events->second.dpkg_error
                             ? TailLines(events->second.lines, kTailLines, proto::kMaxLogTailBytes)
                             : TailLines(parsed.lines, kTailLines, proto::kMaxLogTailBytes);
      if (timed_out) {
        tail = "timed out after " + std::to_string(e.timeout_seconds) + " s\n" + tail;
        tail = KeepEnd(tail, proto::kMaxLogTailBytes);
      }
      p = Failed(t, code, std::move(tail));
    }
    if (now != after.end()) {
      p.version = now->second.version;
      p.state = now->second.state;
    }
    if (p.outcome != "installed") all_installed = false;
    outcomes.push_back(std::move(p));
  }

  const std::string root = o.dpkg_instdir;
  out.reboot_required = hinted_reboot || Exists(system, root + "/var/run/reboot-required") ||
                        Exists(system, root + "/run/reboot-required");
  proto::RebootPolicy policy = e.action ? e.action->reboot : proto::RebootPolicy::kNever;
  bool reboot = policy == proto::RebootPolicy::kAlways ||
                (policy == proto::RebootPolicy::kIfRequired && out.reboot_required);
  if (reboot && !o.reboot_command.empty()) {
    platform::ProcessOptions p;
    p.timeout = std::chrono::seconds(30);
    auto r = system.Run(o.reboot_command, p);
    out.reboot_scheduled = r.ok() && r->exit_code == 0;
    note(out.reboot_scheduled
             ? "reboot scheduled"
             : "could not schedule the reboot: " +
                   (r.ok() ? "exit code " + std::to_string(r->exit_code) + " " + r->stderr_text
                           : r.status().message()));
  } else if (reboot) {
    note("a reboot is due but this agent has no reboot command");
  }

  std::string summary;
  for (const auto& p : outcomes) {
    summary += p.name + ": " + p.outcome + (p.version.empty() ? "" : " (" + p.version + ")") + "\n";
  }
  if (out.reboot_required) summary += "reboot required\n";
  out.stdout_text = summary + "\n" + KeepEnd(std::move(log), kKeptLogBytes);
  if (timed_out) out.status = "timed_out";
  if (out.status != "failed")
    out.exit_code = all_installed ? 0 : (failed_exit != 0 ? failed_exit : 1);
  out.packages = std::move(outcomes);
  return out;
}

}  // namespace steward::agent
