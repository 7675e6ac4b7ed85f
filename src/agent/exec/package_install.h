// Carries out a verified "install_updates" action (proto/command_envelope.h,
// issue 14 item 7): installs exactly the approved versions with apt-get and
// dpkg, run through platform::System (no shell; every name and version was
// checked against Debian's rules when the envelope was parsed), and reports
// per package what dpkg's status database says afterwards:
//
//   installed  dpkg records the approved version, fully configured;
//   failed     it is not: the maintainer script's exit status (or apt-get's)
//              and the last lines of the log about it;
//   held       installing it would stop dpkg at a configuration-file
//              prompt: a file the administrator changed that the new version
//              changes too. Checked before installing, as unattended-upgrades
//              does (conffile_check.h): the new .debs are downloaded first
//              (`apt-get install --download-only`), and for each package the
//              md5 dpkg's status database recorded for each conffile is
//              compared with the file on disk and with the file in the new
//              .deb (`dpkg-deb --control` / `--extract` into a scratch
//              directory). Such a package is left out of the install and
//              stays configured at its installed version. As a second line
//              of defence dpkg is never told to choose (no
//              --force-confdef/confold/confnew, they are refused even if the
//              system's apt.conf sets them): should it still stop at a
//              prompt, the local file is kept, the package is reported held
//              and stays unpacked until someone answers (`dpkg --configure NAME`).
//
// Then whether the device needs a reboot (a reboot-required flag file under
// the root, or a package reboot_hints.h names), and, by the envelope's
// reboot policy, a delayed reboot so the result reaches the server first.
//
// Every directory apt and dpkg use can be moved (PackageInstallOptions), so
// the tests install real packages into a throwaway root without touching the
// host's; empty fields mean the system's own.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/platform/system.h"
#include "proto/agent_frames.h"
#include "proto/command_envelope.h"

namespace steward::agent {

struct PackageInstallOptions {
  // APT_CONFIG: read instead of /etc/apt/apt.conf, before the parts
  // directory; a test's file moves Dir::Etc so the host's apt.conf.d is not read.
  std::string apt_config_file;
  std::string apt_etc_dir;    // Dir::Etc (apt.conf.d, preferences, trusted keys)
  std::string sources_list;   // Dir::Etc::sourcelist
  std::string apt_state_dir;  // Dir::State (package lists, extended_states)
  std::string apt_cache_dir;  // Dir::Cache (pkgcache.bin, downloaded archives)
  std::string apt_log_dir;    // Dir::Log (history.log, term.log)
  std::string dpkg_admindir;  // dpkg --admindir and apt's Dir::State::status
  std::string dpkg_instdir;   // dpkg --instdir: the root packages are unpacked into
  std::string dpkg_log;       // dpkg --log
  // Where the new versions' control files and, for a package whose
  // configuration file was changed locally, contents are unpacked to be
  // compared (a `mktemp -d` directory under it, removed afterwards); empty: /var/tmp.
  std::string scratch_dir;
  // dpkg --force-script-chrootless: maintainer scripts run without chroot()
  // into the instdir (with DPKG_ROOT set), for a root that has no shell.
  bool scripts_chrootless = false;
  // `apt-get update` first, so the approved versions are in the lists; a
  // failure is logged and the install still tried.
  bool refresh_lists = true;
  // How long apt-get waits for another package manager's lock.
  int lock_timeout_seconds = 120;
  // Run when the reboot policy asks for one; delayed so the result is
  // reported first. Empty: never reboot.
  std::vector<std::string> reboot_command = {"shutdown", "-r", "+1",
                                             "steward-agent: restarting after updates"};
};

// apt-get's argv for `verb` with every option that moves a directory or
// fixes dpkg's behaviour ("env APT_CONFIG=.. DEBIAN_FRONTEND=noninteractive
// apt-get -q -o ... verb"); the caller appends the rest.
std::vector<std::string> AptGetArgv(const PackageInstallOptions& options, std::string_view verb);

// Runs the action; the frame carries status "completed" (exit_code 0 when
// every package was installed), "timed_out", or "failed" when apt-get could
// not be run at all; `packages` holds one outcome per requested package, in
// order. `on_output` (optional) receives apt-get's output as it arrives.
proto::CommandResultFrame InstallPackages(
    platform::System& system, const proto::CommandEnvelope& envelope,
    const PackageInstallOptions& options,
    std::function<void(bool is_stderr, std::string_view chunk)> on_output = {});

}  // namespace steward::agent
