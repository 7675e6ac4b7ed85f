// Issue 14 item 7's proof: real .deb packages, built here with dpkg-deb and
// served from a local file: repository, are really installed by the agent's
// installer with the real apt-get and dpkg — into a throwaway root with its
// own apt and dpkg state, so the host's dpkg database stays byte-identical.
#include <gtest/gtest.h>

#include "agent/exec/apt_output.h"
#include "agent/exec/conffile_check.h"
#include "agent/exec/deb_test_repo.h"
#include "agent/exec/package_install.h"

namespace steward::agent {
namespace {

constexpr char kHostStatus[] = "/var/lib/dpkg/status";

class DebInstallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = debtest::Unsupported();
    ASSERT_TRUE(why.empty()) << why;
    host_status_ = debtest::ReadWholeFile(kHostStatus);
    system_ = platform::MakeSystem();
    auto box = debtest::Sandbox::WithTestPackages(*system_);
    ASSERT_TRUE(box.ok()) << box.status().message();
    box_ = std::move(*box);
    options_ = box_->Options();
  }

  void TearDown() override {
    // Whatever happened, the host's package database is untouched.
    EXPECT_TRUE(debtest::ReadWholeFile(kHostStatus) == host_status_)
        << kHostStatus << " changed during the test";
  }

  proto::CommandEnvelope Envelope(const std::string& version) {
    proto::CommandEnvelope e;
    e.command_id = ++next_id_;
    e.device_id = 1;
    e.customer_id = 1;
    e.timeout_seconds = 120;
    proto::CommandAction a;
    for (const char* name : {"stw-app", "stw-fail", "stw-conf"})
      a.packages.push_back({name, version});
    e.action = a;
    return e;
  }

  std::map<std::string, DpkgStatusEntry> RootStatus() {
    return ParseDpkgStatus(debtest::ReadWholeFile(box_->root() + "/var/lib/dpkg/status"));
  }

  std::string host_status_;
  std::unique_ptr<platform::System> system_;
  std::unique_ptr<debtest::Sandbox> box_;
  PackageInstallOptions options_;
  int64_t next_id_ = 0;
};

TEST_F(DebInstallTest, UpgradesInstallFailAndHoldPerPackage) {
  // 1.0 of everything, by the installer itself, into the throwaway root.
  proto::CommandResultFrame first = InstallPackages(*system_, Envelope("1.0"), options_);
  ASSERT_TRUE(first.packages.has_value()) << first.stdout_text;
  for (const auto& p : *first.packages) {
    ASSERT_EQ(p.outcome, "installed") << p.name << ": " << p.log_tail << "\n" << first.stdout_text;
    EXPECT_EQ(p.version, "1.0");
  }
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_FALSE(first.reboot_required);
  ASSERT_EQ(debtest::ReadWholeFile(box_->root() + "/usr/share/stw-app/VERSION"), "1.0\n");

  // The administrator edits stw-conf's configuration file.
  debtest::WriteWholeFile(box_->root() + "/etc/stw-conf.conf", "listen=10.0.0.5:9090\n");

  proto::CommandResultFrame r = InstallPackages(*system_, Envelope("1.1"), options_);
  SCOPED_TRACE(r.stdout_text);
  EXPECT_EQ(r.status, "completed");
  EXPECT_NE(r.exit_code, 0);  // not everything went in
  ASSERT_TRUE(r.packages.has_value());
  ASSERT_EQ(r.packages->size(), 3u);
  auto status = RootStatus();

  // Upgraded: installed at 1.1, as the throwaway dpkg database says.
  const auto& app = (*r.packages)[0];
  EXPECT_EQ(app.name, "stw-app");
  EXPECT_EQ(app.outcome, "installed");
  EXPECT_EQ(app.version, "1.1");
  EXPECT_EQ(status.at("stw-app").version, "1.1");
  EXPECT_EQ(status.at("stw-app").state, "installed");
  EXPECT_EQ(debtest::ReadWholeFile(box_->root() + "/usr/share/stw-app/VERSION"), "1.1\n");

  // The failing postinst: failed with its exit status and the log's tail.
  const auto& fail = (*r.packages)[1];
  EXPECT_EQ(fail.name, "stw-fail");
  EXPECT_EQ(fail.outcome, "failed");
  EXPECT_EQ(fail.exit_code, 3);
  EXPECT_EQ(fail.state, "half-configured");
  EXPECT_NE(fail.log_tail.find("stw-fail: cannot migrate the database"), std::string::npos)
      << fail.log_tail;
  EXPECT_NE(fail.log_tail.find("returned error exit status 3"), std::string::npos) << fail.log_tail;

  // The edited configuration file that 1.1 changes too: held before dpkg
  // saw it, still fully installed at 1.0, the edit kept, nothing unpacked.
  const auto& conf = (*r.packages)[2];
  EXPECT_EQ(conf.name, "stw-conf");
  EXPECT_EQ(conf.outcome, "held");
  EXPECT_TRUE(conf.reason.starts_with(
      "/etc/stw-conf.conf was changed on this machine and the new version changes it too"))
      << conf.reason;
  EXPECT_EQ(conf.version, "1.0");
  EXPECT_EQ(conf.state, "installed");
  EXPECT_EQ(status.at("stw-conf").version, "1.0");
  EXPECT_EQ(status.at("stw-conf").state, "installed");
  EXPECT_EQ(debtest::ReadWholeFile(box_->root() + "/etc/stw-conf.conf"), "listen=10.0.0.5:9090\n");
  EXPECT_FALSE(std::filesystem::exists(box_->root() + "/etc/stw-conf.conf.dpkg-new"));
  EXPECT_EQ(debtest::ReadWholeFile(box_->root() + "/usr/share/stw-conf/VERSION"), "1.0\n");
  // Every package's .deb was found and looked into.
  EXPECT_EQ(r.stdout_text.find("not checked"), std::string::npos);
  // apt-get install was not asked for it (the log shows no unpacking).
  EXPECT_EQ(r.stdout_text.find("Unpacking stw-conf"), std::string::npos);
  // The scratch directory is gone.
  EXPECT_TRUE(std::filesystem::is_empty(box_->scratch()));

  // stw-app 1.1's postinst flagged a reboot inside the root (never the host's).
  EXPECT_TRUE(r.reboot_required);
  EXPECT_TRUE(std::filesystem::exists(box_->root() + "/var/run/reboot-required"));
  EXPECT_FALSE(r.reboot_scheduled);

  // What goes to the server.
  auto parsed = proto::ParseAgentFrame(proto::EncodeCommandResult(r));
  ASSERT_TRUE(parsed.ok()) << parsed.status().field() << ": " << parsed.status().message();
  EXPECT_EQ(*std::get<proto::CommandResultFrame>(*parsed).packages, *r.packages);
}

TEST_F(DebInstallTest, AnUnchangedConffileUpgradesWithoutAQuestion) {
  proto::CommandEnvelope e = Envelope("1.0");
  e.action->packages = {{"stw-app", "1.0"}, {"stw-conf", "1.0"}};
  proto::CommandResultFrame first = InstallPackages(*system_, e, options_);
  ASSERT_TRUE(first.packages.has_value()) << first.stdout_text;
  ASSERT_EQ((*first.packages)[1].outcome, "installed") << first.stdout_text;
  ASSERT_EQ(debtest::ReadWholeFile(box_->root() + "/etc/stw-conf.conf"), "listen=127.0.0.1:8080\n");
  // stw-app's file is edited, but 1.1 ships it unchanged: no question either.
  debtest::WriteWholeFile(box_->root() + "/etc/stw-app.conf", "colour=green\n");

  e = Envelope("1.1");
  e.action->packages = {{"stw-app", "1.1"}, {"stw-conf", "1.1"}};
  proto::CommandResultFrame r = InstallPackages(*system_, e, options_);
  SCOPED_TRACE(r.stdout_text);
  ASSERT_TRUE(r.packages.has_value());
  for (const auto& p : *r.packages) {
    EXPECT_EQ(p.outcome, "installed") << p.name << ": " << p.reason << p.log_tail;
    EXPECT_EQ(p.version, "1.1");
  }
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text.find("not checked"), std::string::npos);
  auto status = RootStatus();
  EXPECT_EQ(status.at("stw-conf").version, "1.1");
  EXPECT_EQ(status.at("stw-conf").state, "installed");
  // The untouched file is replaced by 1.1's, the edited one kept.
  EXPECT_EQ(debtest::ReadWholeFile(box_->root() + "/etc/stw-conf.conf"), "listen=0.0.0.0:8080\n");
  EXPECT_EQ(debtest::ReadWholeFile(box_->root() + "/etc/stw-app.conf"), "colour=green\n");
  EXPECT_FALSE(std::filesystem::exists(box_->root() + "/etc/stw-conf.conf.dpkg-new"));
  EXPECT_FALSE(std::filesystem::exists(box_->root() + "/etc/stw-conf.conf.dpkg-old"));
  // dpkg's status database now records 1.1's sum for it.
  const auto& conffiles = status.at("stw-conf").conffiles;
  ASSERT_EQ(conffiles.size(), 1u);
  EXPECT_EQ(conffiles[0].path, "/etc/stw-conf.conf");
  EXPECT_EQ(conffiles[0].md5, Md5Hex("listen=0.0.0.0:8080\n"));
  EXPECT_TRUE(std::filesystem::is_empty(box_->scratch()));
}

TEST_F(DebInstallTest, AVersionTheRepositoryLacksFailsAlone) {
  proto::CommandEnvelope e = Envelope("1.0");
  e.action->packages = {{"stw-app", "1.0"}, {"stw-conf", "9.9"}, {"stw-nosuch", "1.0"}};
  proto::CommandResultFrame r = InstallPackages(*system_, e, options_);
  SCOPED_TRACE(r.stdout_text);
  ASSERT_TRUE(r.packages.has_value());
  EXPECT_EQ((*r.packages)[0].outcome, "installed");
  EXPECT_EQ((*r.packages)[1].outcome, "failed");
  EXPECT_NE((*r.packages)[1].log_tail.find("Version '9.9' for 'stw-conf' was not found"),
            std::string::npos)
      << (*r.packages)[1].log_tail;
  EXPECT_EQ((*r.packages)[2].outcome, "failed");
  EXPECT_NE((*r.packages)[2].log_tail.find("stw-nosuch"), std::string::npos);
  EXPECT_EQ(RootStatus().at("stw-app").version, "1.0");
  EXPECT_EQ(RootStatus().count("stw-conf"), 0u);
}

}  // namespace
}  // namespace steward::agent
