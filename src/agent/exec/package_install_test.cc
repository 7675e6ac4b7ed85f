// The installer's decisions over a FakeSystem: the argv it runs (no shell,
// pinned versions, dpkg never told to choose about a configuration file),
// and the per-package outcomes it reads from apt's log and dpkg's status.
// The real packages are installed by deb_install_test.cc.
#include "agent/exec/package_install.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "agent/exec/command_runner.h"
#include "agent/exec/conffile_check.h"
#include "testing/fake_system.h"

namespace steward::agent {
namespace {

using platform::ProcessResult;

constexpr char kStatus[] = "/tmp/root/var/lib/dpkg/status";

std::string Stanza(const std::string& name, const std::string& version, const std::string& state) {
  return "Package: " + name + "\nStatus: install ok " + state + "\nVersion: " + version + "\n\n";
}

bool Contains(const std::vector<std::string>& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

class PackageInstallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.dpkg_admindir = "/tmp/root/var/lib/dpkg";
    options_.dpkg_instdir = "/tmp/root";
    options_.refresh_lists = false;
    options_.reboot_command = {"reboot-now"};
    envelope_.command_id = 5;
    envelope_.timeout_seconds = 600;
    proto::CommandAction action;
    action.packages = {{"stw-app", "1.1"}, {"stw-fail", "1.1"}, {"stw-conf", "1.1"}};
    envelope_.action = action;
    fake_.SetFile(kStatus, Stanza("stw-app", "1.0", "installed") +
                               Stanza("stw-fail", "1.0", "installed") +
                               Stanza("stw-conf", "1.0", "installed"));
    fake_.SetProgram("reboot-now", [](const std::vector<std::string>&) {
      return Result<ProcessResult>(ProcessResult{0, "", "", false, false});
    });
  }

  // apt-get install answers with `log` (exit `code`) and leaves `status`
  // behind; its --download-only (and --print-uris) runs before it succeed.
  void AptInstallDoes(std::string log, int code, std::string status) {
    fake_.SetProgram("env", [this, log, code, status](const std::vector<std::string>& argv) {
      if (Contains(argv, "--download-only") || Contains(argv, "--print-uris"))
        return Result<ProcessResult>(ProcessResult{0, "", "", false, false});
      if (Contains(argv, "install")) fake_.SetFile(kStatus, status);
      return Result<ProcessResult>(ProcessResult{code, log, "", false, false});
    });
  }

  // apt-get's runs but the downloads and the --print-uris look-ups.
  std::vector<std::vector<std::string>> AptRuns() {
    std::vector<std::vector<std::string>> out;
    for (auto& r : fake_.Runs()) {
      if (r[0] == "env" && !Contains(r, "--download-only") && !Contains(r, "--print-uris"))
        out.push_back(r);
    }
    return out;
  }

  std::vector<std::vector<std::string>> DownloadRuns() {
    std::vector<std::vector<std::string>> out;
    for (auto& r : fake_.Runs()) {
      if (r[0] == "env" && Contains(r, "--download-only")) out.push_back(r);
    }
    return out;
  }

  std::vector<std::vector<std::string>> RunsOf(const std::string& program) {
    std::vector<std::vector<std::string>> out;
    for (auto& r : fake_.Runs()) {
      if (r[0] == program) out.push_back(r);
    }
    return out;
  }

  testing::FakeSystem fake_;
  PackageInstallOptions options_;
  proto::CommandEnvelope envelope_;
};

TEST_F(PackageInstallTest, RunsAptGetWithoutAShellPinningTheApprovedVersions) {
  options_.apt_config_file = "/tmp/root/apt.conf";
  options_.apt_state_dir = "/tmp/root/var/lib/apt";
  options_.scripts_chrootless = true;
  AptInstallDoes("Setting up stw-app (1.1) ...\n", 0,
                 Stanza("stw-app", "1.1", "installed") + Stanza("stw-fail", "1.1", "installed") +
                     Stanza("stw-conf", "1.1", "installed"));
  auto result = InstallPackages(fake_, envelope_, options_);
  // The new versions are downloaded first, to look for configuration-file prompts.
  auto downloads = DownloadRuns();
  ASSERT_EQ(downloads.size(), 1u);
  EXPECT_TRUE(Contains(downloads[0], "install"));
  EXPECT_TRUE(Contains(downloads[0], "Dir::State=/tmp/root/var/lib/apt"));
  EXPECT_EQ(std::vector<std::string>(downloads[0].end() - 3, downloads[0].end()),
            (std::vector<std::string>{"stw-app=1.1", "stw-fail=1.1", "stw-conf=1.1"}));
  auto runs = AptRuns();
  ASSERT_EQ(runs.size(), 1u);
  const auto& argv = runs[0];
  EXPECT_EQ(argv[0], "env");
  EXPECT_EQ(argv[1], "APT_CONFIG=/tmp/root/apt.conf");
  EXPECT_TRUE(Contains(argv, "DEBIAN_FRONTEND=noninteractive"));
  EXPECT_TRUE(Contains(argv, "apt-get"));
  EXPECT_FALSE(Contains(argv, "/bin/sh"));
  for (const char* expected :
       {"Dir::State=/tmp/root/var/lib/apt", "Dir::State::status=/tmp/root/var/lib/dpkg/status",
        "Dpkg::Options::=--admindir=/tmp/root/var/lib/dpkg", "Dpkg::Options::=--instdir=/tmp/root",
        "Dpkg::Options::=--force-script-chrootless", "Dpkg::Options::=--refuse-confdef",
        "Dpkg::Options::=--refuse-confold", "Dpkg::Options::=--refuse-confnew", "install", "-y",
        "--no-install-recommends"}) {
    EXPECT_TRUE(Contains(argv, expected)) << expected;
  }
  // The packages come last, each pinned to its approved version.
  ASSERT_GE(argv.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(argv.end() - 3, argv.end()),
            (std::vector<std::string>{"stw-app=1.1", "stw-fail=1.1", "stw-conf=1.1"}));
  // The system's own directories when nothing is moved.
  auto system_argv = AptGetArgv({}, "install");
  for (const auto& a : system_argv) {
    EXPECT_EQ(a.find("Dir::"), std::string::npos) << a;
    EXPECT_EQ(a.find("--admindir"), std::string::npos) << a;
  }

  EXPECT_EQ(result.status, "completed");
  EXPECT_EQ(result.exit_code, 0);
  ASSERT_TRUE(result.packages.has_value());
  for (const auto& p : *result.packages) {
    EXPECT_EQ(p.outcome, "installed") << p.name;
    EXPECT_EQ(p.version, "1.1");
  }
  EXPECT_FALSE(result.reboot_required);
  EXPECT_FALSE(result.reboot_scheduled);
}

TEST_F(PackageInstallTest, EachPackageGetsItsOwnOutcome) {
  AptInstallDoes(
      "Unpacking stw-app (1.1) over (1.0) ...\n"
      "Unpacking stw-fail (1.1) over (1.0) ...\n"
      "Unpacking stw-conf (1.1) over (1.0) ...\n"
      "Setting up stw-fail (1.1) ...\n"
      "postinst of stw-fail failing\n"
      "dpkg: error processing package stw-fail (--configure):\n"
      " installed stw-fail package post-installation script subprocess returned error exit "
      "status 3\n"
      "Setting up stw-app (1.1) ...\n"
      "Setting up stw-conf (1.1) ...\n"
      "Configuration file '/etc/stw-conf.conf' (actually '/tmp/root/etc/stw-conf.conf')\n"
      " ==> Modified (by you or by a script) since installation.\n"
      "*** stw-conf.conf (Y/I/N/O/D/Z) [default=N] ? dpkg: error processing package stw-conf "
      "(--configure):\n"
      " end of file on stdin at conffile prompt\n"
      "Errors were encountered while processing:\n"
      " stw-fail\n"
      " stw-conf\n"
      "E: Sub-process /usr/bin/dpkg returned an error code (1)\n",
      100,
      Stanza("stw-app", "1.1", "installed") + Stanza("stw-fail", "1.1", "half-configured") +
          Stanza("stw-conf", "1.1", "unpacked"));
  auto result = InstallPackages(fake_, envelope_, options_);
  EXPECT_EQ(result.status, "completed");
  EXPECT_EQ(result.exit_code, 100);
  ASSERT_TRUE(result.packages.has_value());
  ASSERT_EQ(result.packages->size(), 3u);
  const auto& app = (*result.packages)[0];
  EXPECT_EQ(app.name, "stw-app");
  EXPECT_EQ(app.outcome, "installed");
  const auto& fail = (*result.packages)[1];
  EXPECT_EQ(fail.outcome, "failed");
  EXPECT_EQ(fail.exit_code, 3);
  EXPECT_EQ(fail.state, "half-configured");
  EXPECT_NE(fail.log_tail.find("returned error exit status 3"), std::string::npos) << fail.log_tail;
  EXPECT_NE(fail.log_tail.find("postinst of stw-fail failing"), std::string::npos);
  const auto& conf = (*result.packages)[2];
  EXPECT_EQ(conf.outcome, "held");
  EXPECT_EQ(conf.state, "unpacked");
  EXPECT_NE(conf.reason.find("configuration-file prompt for /etc/stw-conf.conf"), std::string::npos)
      << conf.reason;
  EXPECT_NE(result.stdout_text.find("stw-fail: failed (1.1)"), std::string::npos);
  // The frame carries them to the server.
  auto parsed = proto::ParseAgentFrame(proto::EncodeCommandResult(result));
  ASSERT_TRUE(parsed.ok()) << parsed.status().field() << ": " << parsed.status().message();
  EXPECT_EQ(*std::get<proto::CommandResultFrame>(*parsed).packages, *result.packages);
}

TEST_F(PackageInstallTest, APackageAptCannotFindFailsAndTheOthersGoIn) {
  int installs = 0;
  fake_.SetProgram("env", [&](const std::vector<std::string>& argv) {
    if (!Contains(argv, "install")) return Result<ProcessResult>(ProcessResult{});
    if (Contains(argv, "--print-uris")) return Result<ProcessResult>(ProcessResult{});
    if (!Contains(argv, "--download-only")) ++installs;
    if (Contains(argv, "stw-fail=1.1")) {
      return Result<ProcessResult>(ProcessResult{100, "Reading package lists...\n",
                                                 "E: Version '1.1' for 'stw-fail' was not found\n",
                                                 false, false});
    }
    fake_.SetFile(kStatus, Stanza("stw-app", "1.1", "installed") +
                               Stanza("stw-fail", "1.0", "installed") +
                               Stanza("stw-conf", "1.1", "installed"));
    return Result<ProcessResult>(ProcessResult{
        0, "Setting up stw-app (1.1) ...\nSetting up stw-conf (1.1) ...\n", "", false, false});
  });
  auto result = InstallPackages(fake_, envelope_, options_);
  // The download finds out, and the install runs once without it.
  EXPECT_EQ(DownloadRuns().size(), 2u);
  EXPECT_EQ(installs, 1);
  ASSERT_EQ(AptRuns().size(), 1u);
  EXPECT_FALSE(Contains(AptRuns()[0], "stw-fail=1.1"));
  ASSERT_TRUE(result.packages.has_value());
  EXPECT_EQ((*result.packages)[0].outcome, "installed");
  EXPECT_EQ((*result.packages)[2].outcome, "installed");
  const auto& fail = (*result.packages)[1];
  EXPECT_EQ(fail.outcome, "failed");
  EXPECT_EQ(fail.exit_code, 100);
  EXPECT_EQ(fail.log_tail, "E: Version '1.1' for 'stw-fail' was not found");
  EXPECT_EQ(fail.version, "1.0");  // what the device still runs
  EXPECT_EQ(result.exit_code, 100);
}

constexpr char kConfV1[] = "listen=127.0.0.1:8080\n";
constexpr char kConfV11[] = "listen=0.0.0.0:8080\n";
constexpr char kAppConf[] = "colour=blue\n";

// dpkg's record of stw-app and stw-conf 1.0, each with its conffile.
std::string StatusWithConffiles() {
  return "Package: stw-app\nStatus: install ok installed\nVersion: 1.0\nConffiles:\n"
         " /etc/stw-app.conf " +
         Md5Hex(kAppConf) +
         "\n\n"
         "Package: stw-conf\nStatus: install ok installed\nVersion: 1.0\nConffiles:\n"
         " /etc/stw-conf.conf " +
         Md5Hex(kConfV1) + "\n\n" + Stanza("stw-fail", "1.0", "installed");
}

TEST_F(PackageInstallTest, AConffileChangedOnBothSidesHoldsThePackageBeforeInstalling) {
  fake_.SetFile(kStatus, StatusWithConffiles());
  fake_.SetFile("/tmp/root/etc/stw-app.conf", kAppConf);                   // as shipped
  fake_.SetFile("/tmp/root/etc/stw-conf.conf", "listen=10.0.0.5:9090\n");  // edited
  for (const char* deb : {"stw-app_1.1_all.deb", "stw-conf_1.1_all.deb", "stw-fail_1.1_all.deb",
                          "stw-conf_1.0_all.deb"}) {
    fake_.SetFile(std::string("/var/cache/apt/archives/") + deb, "!<arch>\n");
  }
  fake_.SetProgramOutput("mktemp", "/var/tmp/steward-conffiles.Ab12Cd\n");
  fake_.SetProgramOutput("rm", "");
  fake_.SetProgram("dpkg-deb", [this](const std::vector<std::string>& argv) {
    // dpkg-deb --control|--extract DEB DIR
    bool conf = argv[2].find("stw-conf_1.1") != std::string::npos;
    bool app = argv[2].find("stw-app_1.1") != std::string::npos;
    if (argv[1] == "--control") {
      if (conf) fake_.SetFile(argv[3] + "/conffiles", "/etc/stw-conf.conf\n");
      if (app) fake_.SetFile(argv[3] + "/conffiles", "/etc/stw-app.conf\n");
      fake_.SetFile(argv[3] + "/control", "Package: x\n");
    } else if (argv[1] == "--extract" && conf) {
      fake_.SetFile(argv[3] + "/etc/stw-conf.conf", kConfV11);
    }
    return Result<ProcessResult>(ProcessResult{0, "", "", false, false});
  });
  AptInstallDoes("Setting up stw-app (1.1) ...\nSetting up stw-fail (1.1) ...\n", 0,
                 "Package: stw-app\nStatus: install ok installed\nVersion: 1.1\n\n" +
                     Stanza("stw-fail", "1.1", "installed") +
                     "Package: stw-conf\nStatus: install ok installed\nVersion: 1.0\n\n");
  auto result = InstallPackages(fake_, envelope_, options_);
  SCOPED_TRACE(result.stdout_text);

  // stw-conf never reached apt-get install.
  auto runs = AptRuns();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(std::vector<std::string>(runs[0].end() - 2, runs[0].end()),
            (std::vector<std::string>{"stw-app=1.1", "stw-fail=1.1"}));
  // Only stw-conf's files were unpacked (stw-app's conffile is as shipped),
  // into one scratch directory, removed afterwards.
  auto unpacked = RunsOf("dpkg-deb");
  ASSERT_EQ(unpacked.size(), 4u);
  EXPECT_EQ(unpacked[0], (std::vector<std::string>{"dpkg-deb", "--control",
                                                   "/var/cache/apt/archives/stw-app_1.1_all.deb",
                                                   "/var/tmp/steward-conffiles.Ab12Cd/1.control"}));
  EXPECT_EQ(unpacked[2][1], "--control");
  EXPECT_EQ(unpacked[3], (std::vector<std::string>{"dpkg-deb", "--extract",
                                                   "/var/cache/apt/archives/stw-conf_1.1_all.deb",
                                                   "/var/tmp/steward-conffiles.Ab12Cd/3.data"}));
  ASSERT_EQ(RunsOf("mktemp").size(), 1u);
  EXPECT_EQ(RunsOf("mktemp")[0][3], "/var/tmp");
  ASSERT_EQ(RunsOf("rm").size(), 1u);
  EXPECT_EQ(RunsOf("rm")[0].back(), "/var/tmp/steward-conffiles.Ab12Cd");

  ASSERT_TRUE(result.packages.has_value());
  EXPECT_EQ((*result.packages)[0].outcome, "installed");
  EXPECT_EQ((*result.packages)[1].outcome, "installed");
  const auto& conf = (*result.packages)[2];
  EXPECT_EQ(conf.outcome, "held");
  EXPECT_EQ(conf.version, "1.0");
  EXPECT_EQ(conf.state, "installed");
  EXPECT_TRUE(conf.reason.starts_with(
      "/etc/stw-conf.conf was changed on this machine and the new version changes it too"))
      << conf.reason;
  EXPECT_NE(conf.reason.find("stays at 1.0"), std::string::npos) << conf.reason;
  EXPECT_EQ(result.exit_code, 1);
}

TEST_F(PackageInstallTest, AConffileOnlyOneSideChangedDoesNotHold) {
  fake_.SetFile(kStatus, StatusWithConffiles());
  fake_.SetFile("/tmp/root/etc/stw-app.conf", "colour=red\n");  // edited; 1.1 leaves it
  fake_.SetFile("/tmp/root/etc/stw-conf.conf", kConfV1);        // as shipped; 1.1 changes it
  fake_.SetFile("/var/cache/apt/archives/stw-app_1.1_all.deb", "!<arch>\n");
  fake_.SetFile("/var/cache/apt/archives/stw-conf_1.1_all.deb", "!<arch>\n");
  fake_.SetProgramOutput("mktemp", "/var/tmp/steward-conffiles.x\n");
  fake_.SetProgramOutput("rm", "");
  fake_.SetProgram("dpkg-deb", [this](const std::vector<std::string>& argv) {
    bool app = argv[2].find("stw-app") != std::string::npos;
    std::string file = app ? "/etc/stw-app.conf" : "/etc/stw-conf.conf";
    if (argv[1] == "--control") fake_.SetFile(argv[3] + "/conffiles", file + "\n");
    if (argv[1] == "--extract") fake_.SetFile(argv[3] + file, app ? kAppConf : kConfV11);
    return Result<ProcessResult>(ProcessResult{0, "", "", false, false});
  });
  AptInstallDoes("", 0,
                 Stanza("stw-app", "1.1", "installed") + Stanza("stw-fail", "1.1", "installed") +
                     Stanza("stw-conf", "1.1", "installed"));
  auto result = InstallPackages(fake_, envelope_, options_);
  SCOPED_TRACE(result.stdout_text);
  ASSERT_EQ(AptRuns().size(), 1u);
  EXPECT_TRUE(Contains(AptRuns()[0], "stw-conf=1.1"));
  for (const auto& p : *result.packages) EXPECT_EQ(p.outcome, "installed") << p.name;
  // No .deb for stw-fail in the archives: it is installed unchecked (dpkg's
  // refused prompt is still there) and the log says so.
  EXPECT_NE(result.stdout_text.find("stw-fail's configuration files not checked"),
            std::string::npos);
}

TEST_F(PackageInstallTest, AnUnattributableRefusalFailsEveryPackage) {
  AptInstallDoes("E: Could not get lock /var/lib/dpkg/lock-frontend\n", 100,
                 Stanza("stw-app", "1.0", "installed"));
  auto result = InstallPackages(fake_, envelope_, options_);
  EXPECT_EQ(AptRuns().size(), 1u);
  for (const auto& p : *result.packages) {
    EXPECT_EQ(p.outcome, "failed");
    EXPECT_NE(p.log_tail.find("Could not get lock"), std::string::npos);
  }
}

TEST_F(PackageInstallTest, RebootFollowsThePolicy) {
  AptInstallDoes("Setting up stw-app (1.1) ...\n", 0,
                 Stanza("stw-app", "1.1", "installed") + Stanza("stw-fail", "1.1", "installed") +
                     Stanza("stw-conf", "1.1", "installed"));
  auto reboots = [this] {
    auto runs = fake_.Runs();
    return std::count_if(runs.begin(), runs.end(),
                         [](const auto& r) { return r[0] == "reboot-now"; });
  };
  // Nothing asks for one: if_required does not reboot.
  envelope_.action->reboot = proto::RebootPolicy::kIfRequired;
  auto result = InstallPackages(fake_, envelope_, options_);
  EXPECT_FALSE(result.reboot_required);
  EXPECT_FALSE(result.reboot_scheduled);
  EXPECT_EQ(reboots(), 0);

  // A maintainer script's flag file under the root.
  fake_.SetFile("/tmp/root/var/run/reboot-required", "*** System restart required ***\n");
  result = InstallPackages(fake_, envelope_, options_);
  EXPECT_TRUE(result.reboot_required);
  EXPECT_TRUE(result.reboot_scheduled);
  EXPECT_EQ(reboots(), 1);

  // never: reported, not acted on.
  envelope_.action->reboot = proto::RebootPolicy::kNever;
  result = InstallPackages(fake_, envelope_, options_);
  EXPECT_TRUE(result.reboot_required);
  EXPECT_FALSE(result.reboot_scheduled);
  EXPECT_EQ(reboots(), 1);
}

TEST_F(PackageInstallTest, APackageTheHintsNameRequiresAReboot) {
  envelope_.action->packages = {{"libc6", "2.36-9+deb12u9"}};
  envelope_.action->reboot = proto::RebootPolicy::kAlways;
  fake_.SetFile(kStatus, Stanza("libc6", "2.36-9+deb12u8", "installed"));
  AptInstallDoes("Setting up libc6:amd64 (2.36-9+deb12u9) ...\n", 0,
                 Stanza("libc6", "2.36-9+deb12u9", "installed"));
  auto result = InstallPackages(fake_, envelope_, options_);
  EXPECT_EQ((*result.packages)[0].outcome, "installed");
  EXPECT_TRUE(result.reboot_required);
  EXPECT_TRUE(result.reboot_scheduled);
}

TEST_F(PackageInstallTest, WithoutAptGetTheCommandFails) {
  auto result = InstallPackages(fake_, envelope_, options_);  // no "env" program
  EXPECT_EQ(result.status, "failed");
  EXPECT_EQ(result.exit_code, -1);
  ASSERT_TRUE(result.packages.has_value());
  EXPECT_EQ((*result.packages)[0].outcome, "failed");
  EXPECT_EQ((*result.packages)[0].version, "1.0");
}

TEST_F(PackageInstallTest, RunCommandDispatchesAnActionToTheInstaller) {
  AptInstallDoes("Setting up stw-app (1.1) ...\n", 0,
                 Stanza("stw-app", "1.1", "installed") + Stanza("stw-fail", "1.1", "installed") +
                     Stanza("stw-conf", "1.1", "installed"));
  fake_.SetProgram("/bin/sh", [](const std::vector<std::string>&) {
    ADD_FAILURE() << "an action must not reach a shell";
    return Result<ProcessResult>(ProcessResult{});
  });
  auto result = RunCommand(fake_, envelope_, {}, options_);
  ASSERT_TRUE(result.packages.has_value());
  EXPECT_EQ(result.packages->size(), 3u);
  EXPECT_EQ(AptRuns().size(), 1u);

  // A script envelope still goes to the shell, with no packages in its result.
  proto::CommandEnvelope script = envelope_;
  script.action.reset();
  script.script = "echo hi";
  fake_.SetProgram("/bin/sh", [](const std::vector<std::string>&) {
    return Result<ProcessResult>(ProcessResult{0, "hi\n", "", false, false});
  });
  auto ran = RunCommand(fake_, script);
  EXPECT_EQ(ran.stdout_text, "hi\n");
  EXPECT_FALSE(ran.packages.has_value());
}

}  // namespace
}  // namespace steward::agent
