// Test support for the real-package tests (never linked into the agent):
// tiny .deb packages built with dpkg-deb, a local file: repository indexed by
// dpkg-scanpackages, and a throwaway root with its own apt configuration,
// lists, cache, logs and dpkg database, so apt-get and dpkg install into it
// and the host's /var/lib/dpkg is never touched. Header-only: used by
// agent/exec and agent/app tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "agent/exec/package_install.h"
#include "agent/platform/system.h"
#include "core/result.h"

namespace steward::agent::debtest {

struct DebSpec {
  std::string name;
  std::string version;
  std::string conffile_text;  // set: ships /etc/<name>.conf as a conffile with this text
  std::string postinst;       // set: this postinst script (#!/bin/sh ...)
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteWholeFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Why the real-package tests cannot run here, or "" when they can. They
// fail with this message rather than skip: a machine that builds Steward
// runs them (scripts/deps installs dpkg-dev).
inline std::string Unsupported() {
  if (geteuid() != 0) {
    return "the real-package tests install with dpkg, which needs root (run them as root, "
           "e.g. in the CI container); they never touch the host's dpkg database";
  }
  for (const char* tool :
       {"/usr/bin/dpkg-deb", "/usr/bin/dpkg-scanpackages", "/usr/bin/apt-get", "/usr/bin/dpkg"}) {
    if (!std::filesystem::exists(tool)) {
      return std::string(tool) + " is missing (scripts/deps installs dpkg-dev and apt)";
    }
  }
  return {};
}

// The packages the tests install (defined below).
inline std::vector<DebSpec> TestPackages(const std::string& version);

class Sandbox {
 public:
  // A fresh directory with repo/ and root/ under /tmp.
  static Result<std::unique_ptr<Sandbox>> Create(platform::System& system) {
    std::string templ = "/tmp/steward-deb-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) return Status::Internal("mkdtemp failed");
    auto box = std::unique_ptr<Sandbox>(new Sandbox(system, templ));
    // apt downloads as the unprivileged _apt user: it must read the repository.
    std::filesystem::permissions(templ, std::filesystem::perms(0755));
    STEWARD_RETURN_IF_ERROR(box->MakeRoot());
    return box;
  }
  // A sandbox whose repository serves TestPackages at 1.0 and 1.1.
  static Result<std::unique_ptr<Sandbox>> WithTestPackages(platform::System& system) {
    STEWARD_ASSIGN_OR_RETURN(auto box, Create(system));
    for (const char* version : {"1.0", "1.1"}) {
      for (const auto& spec : TestPackages(version)) STEWARD_RETURN_IF_ERROR(box->Build(spec));
    }
    STEWARD_RETURN_IF_ERROR(box->Publish());
    return box;
  }
  ~Sandbox() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  std::string root() const { return dir_ + "/root"; }
  std::string repo() const { return dir_ + "/repo"; }
  // Where the installer unpacks new versions to compare configuration files.
  std::string scratch() const { return dir_ + "/scratch"; }

  // Builds <name>_<version>_all.deb into the repository.
  Status Build(const DebSpec& spec) {
    std::filesystem::path src = dir_ + "/src/" + spec.name + "_" + spec.version;
    WriteWholeFile(src / "DEBIAN/control", "Package: " + spec.name + "\nVersion: " + spec.version +
                                               "\nArchitecture: all\nMaintainer: Steward tests "
                                               "<tests@example.invalid>\nDescription: " +
                                               spec.name + " for the installer's tests\n");
    WriteWholeFile(src / "usr/share" / spec.name / "VERSION", spec.version + "\n");
    if (!spec.conffile_text.empty()) {
      WriteWholeFile(src / "etc" / (spec.name + ".conf"), spec.conffile_text);
      WriteWholeFile(src / "DEBIAN/conffiles", "/etc/" + spec.name + ".conf\n");
    }
    if (!spec.postinst.empty()) {
      WriteWholeFile(src / "DEBIAN/postinst", spec.postinst);
      std::filesystem::permissions(src / "DEBIAN/postinst", std::filesystem::perms(0755));
    }
    std::string deb = repo() + "/" + spec.name + "_" + spec.version + "_all.deb";
    return Check({"dpkg-deb", "--root-owner-group", "-Zgzip", "--build", src.string(), deb});
  }

  // Indexes the repository (every version of every package: -m).
  Status Publish() {
    auto run = system_.Run({"env", "-C", repo(), "dpkg-scanpackages", "-m", ".", "/dev/null"});
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) return Status::Internal("dpkg-scanpackages: " + run->stderr_text);
    WriteWholeFile(repo() + "/Packages", run->stdout_text);
    return Status::Ok();
  }

  // Everything apt and dpkg use, inside the sandbox.
  PackageInstallOptions Options() const {
    PackageInstallOptions o;
    o.apt_config_file = root() + "/apt.conf";
    o.apt_etc_dir = root() + "/etc/apt";
    o.sources_list = root() + "/etc/apt/sources.list";
    o.apt_state_dir = root() + "/var/lib/apt";
    o.apt_cache_dir = root() + "/var/cache/apt";
    o.apt_log_dir = root() + "/var/log/apt";
    o.dpkg_admindir = root() + "/var/lib/dpkg";
    o.dpkg_instdir = root();
    o.dpkg_log = root() + "/var/log/dpkg.log";
    o.scratch_dir = scratch();
    // The root has no shell to chroot into: scripts run here with DPKG_ROOT.
    o.scripts_chrootless = true;
    o.lock_timeout_seconds = 10;
    o.reboot_command = {};  // never reboot the test machine
    return o;
  }

 private:
  Sandbox(platform::System& system, std::string dir) : system_(system), dir_(std::move(dir)) {}

  Status MakeRoot() {
    std::string r = root();
    for (const char* d :
         {"/etc/apt/apt.conf.d", "/etc/apt/preferences.d", "/etc/apt/sources.list.d",
          "/etc/apt/trusted.gpg.d", "/var/lib/apt/lists/partial", "/var/cache/apt/archives/partial",
          "/var/lib/dpkg/info", "/var/lib/dpkg/updates", "/var/lib/dpkg/triggers", "/var/log/apt",
          "/var/run"}) {
      std::filesystem::create_directories(r + d);
    }
    std::filesystem::create_directories(repo());
    std::filesystem::create_directories(scratch());
    WriteWholeFile(r + "/var/lib/dpkg/status", "");
    WriteWholeFile(r + "/var/lib/dpkg/available", "");
    WriteWholeFile(r + "/etc/apt/sources.list", "deb [trusted=yes] file:" + repo() + " ./\n");
    // Read first (APT_CONFIG): moves Dir::Etc before apt reads its parts,
    // so the host's /etc/apt/apt.conf.d is not read.
    WriteWholeFile(r + "/apt.conf", "Dir::Etc \"" + r + "/etc/apt/\";\n");
    return Status::Ok();
  }

  Status Check(const std::vector<std::string>& argv) {
    auto run = system_.Run(argv);
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) {
      return Status::Internal(argv[0] + " exited with " + std::to_string(run->exit_code) + ": " +
                              run->stderr_text);
    }
    return Status::Ok();
  }

  platform::System& system_;
  std::string dir_;
};

// The three packages of the tests, at `version` ("1.0" or "1.1"):
//   stw-app   a conffile the tests leave alone; 1.1's postinst flags a reboot
//             under the root ($DPKG_ROOT/var/run/reboot-required)
//   stw-conf  a conffile that 1.1 changes (the tests edit the installed one)
//   stw-fail  1.1's postinst fails with exit status 3
inline std::vector<DebSpec> TestPackages(const std::string& version) {
  bool next = version != "1.0";
  return {
      {"stw-app", version, "colour=blue\n",
       next ? "#!/bin/sh\nset -e\n[ -n \"$DPKG_ROOT\" ] && touch "
              "\"$DPKG_ROOT/var/run/reboot-required\"\nexit 0\n"
            : ""},
      {"stw-conf", version, next ? "listen=0.0.0.0:8080\n" : "listen=127.0.0.1:8080\n", ""},
      {"stw-fail", version, "",
       next ? "#!/bin/sh\necho \"stw-fail: cannot migrate the database\" >&2\nexit 3\n" : ""},
  };
}

}  // namespace steward::agent::debtest
