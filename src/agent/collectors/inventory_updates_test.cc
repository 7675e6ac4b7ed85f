// CollectInventory's "package_manager" and "pending_updates" over a
// FakeSystem, once per package manager: which one is chosen, which read-only
// queries run, the JSON each update becomes, and failures that cost a part
// of the answer rather than all of it. No test runs a real package manager.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/collectors/collector.h"
#include "core/json.h"
#include "testing/agent_fixture.h"
#include "testing/fake_system.h"

namespace steward::agent {
namespace {

using platform::ProcessResult;
using testing::FakeSystem;

ProcessResult Output(std::string text, int code = 0, std::string error = {}) {
  ProcessResult r;
  r.exit_code = code;
  r.stdout_text = std::move(text);
  r.stderr_text = std::move(error);
  return r;
}

bool Has(const std::vector<std::string>& argv, std::string_view word) {
  return std::find(argv.begin(), argv.end(), word) != argv.end();
}

class InventoryUpdatesTest : public ::testing::Test {
 protected:
  void SetUp() override { fake_.SetHostname("host1"); }

  // dnf answers check-update with `check` and `check_code`, and updateinfo
  // from the fixtures unless `updateinfo_code` says it fails.
  void InstallDnf(std::string check, int check_code, int updateinfo_code = 0) {
    fake_.SetProgram("dnf", [=](const std::vector<std::string>& argv) -> Result<ProcessResult> {
      if (Has(argv, "check-update")) return Output(check, check_code);
      if (Has(argv, "updateinfo") && updateinfo_code != 0) {
        return Output("", updateinfo_code, "Error: updateinfo metadata is corrupt");
      }
      if (Has(argv, "updateinfo") && Has(argv, "--with-cve")) {
        return Output(Fixture("dnf_updateinfo_cves.txt"));
      }
      if (Has(argv, "updateinfo")) return Output(Fixture("dnf_updateinfo_list.txt"));
      return Output("", 2, "unexpected dnf call");
    });
    fake_.SetProgramOutput("rpm", Fixture("rpm_query_all.txt"));
  }

  void InstallZypper(int updates_code = 0, int patches_code = 100) {
    fake_.SetProgram("zypper", [=](const std::vector<std::string>& argv) -> Result<ProcessResult> {
      if (Has(argv, "list-updates")) {
        return Output(Fixture("zypper_list_updates.xml"), updates_code);
      }
      if (Has(argv, "list-patches")) {
        return Output(Fixture("zypper_list_patches.xml"), patches_code);
      }
      return Output("", 2);
    });
  }

  Json Collect() {
    auto inv = CollectInventory(config_, fake_);
    EXPECT_TRUE(inv.ok()) << inv.status().ToString();
    return inv.ok() ? *inv : Json::object();
  }

  // The messages of the "pending_updates" collection errors (the bare fake
  // makes the other parts fail too; they are inventory_test.cc's business).
  std::vector<std::string> UpdateErrors(const Json& inv) {
    std::vector<std::string> errors;
    for (const auto& e : inv["collection_errors"]) {
      if (e["part"] == "pending_updates") errors.push_back(e["error"].get<std::string>());
    }
    return errors;
  }

  bool RanProgram(std::string_view program) {
    for (const auto& run : fake_.Runs()) {
      if (!run.empty() && run[0] == program) return true;
    }
    return false;
  }

  FakeSystem fake_;
  CollectorConfig config_;
};

TEST_F(InventoryUpdatesTest, AptRecordsCarryEveryField) {
  fake_.SetProgramOutput("apt-get", Fixture("apt_get_simulate_reboot.txt"));
  InstallDnf("", 0);  // present too, but apt comes first
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "apt");
  ASSERT_EQ(inv["pending_updates"].size(), 6u);
  EXPECT_EQ(inv["pending_updates"][3], Json::parse(R"({
    "name": "linux-image-6.1.0-25-amd64", "current_version": null,
    "available_version": "6.1.106-3", "origin": "Debian-Security:12/stable-security",
    "security": true, "severity": null, "cves": [], "advisories": [],
    "reboot_suggested": true})"));
  EXPECT_EQ(inv["pending_updates"][1]["name"], "libc-bin");
  EXPECT_EQ(inv["pending_updates"][1]["reboot_suggested"], false);
  EXPECT_FALSE(RanProgram("dnf"));
  EXPECT_FALSE(RanProgram("zypper"));
}

TEST_F(InventoryUpdatesTest, AptThatFailsIsReportedWithoutTryingOthers) {
  fake_.SetProgramOutput("apt-get", "", 100, "E: Could not open lock file /var/lib/dpkg/lock");
  InstallDnf("", 0);
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "apt");
  EXPECT_TRUE(inv["pending_updates"].empty());
  EXPECT_EQ(UpdateErrors(inv).size(), 1u);
  EXPECT_FALSE(RanProgram("dnf"));
}

TEST_F(InventoryUpdatesTest, DnfMergesCandidatesAdvisoriesCvesAndInstalledVersions) {
  InstallDnf(Fixture("dnf_check_update.txt"), 100);                 // 100: updates available
  fake_.SetProgramOutput("apt", "", 1, "apt: invalid flag: list");  // a JDK's apt, not Debian's
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "dnf");
  EXPECT_THAT(UpdateErrors(inv), ::testing::IsEmpty());
  ASSERT_EQ(inv["pending_updates"].size(), 13u);
  EXPECT_EQ(inv["pending_updates"][8], Json::parse(R"({
    "name": "openssl", "current_version": "1:3.0.7-25.el9_3",
    "available_version": "1:3.0.7-27.el9", "origin": "rhel-9-for-x86_64-baseos-rpms",
    "security": true, "severity": "moderate",
    "cves": ["CVE-2023-5678", "CVE-2023-6129", "CVE-2024-0727"],
    "advisories": ["RHSA-2024:2447"], "reboot_suggested": false})"));
  EXPECT_EQ(inv["pending_updates"][5]["name"], "kernel");
  EXPECT_EQ(inv["pending_updates"][5]["reboot_suggested"], true);
  EXPECT_EQ(inv["pending_updates"][5]["severity"], "important");
  EXPECT_FALSE(RanProgram("zypper"));
  // Only queries: nothing that installs or downloads packages.
  for (const auto& run : fake_.Runs()) {
    if (run[0] != "dnf") continue;
    EXPECT_TRUE(Has(run, "check-update") || Has(run, "updateinfo")) << run[1];
  }
}

TEST_F(InventoryUpdatesTest, DnfWithNothingPendingAsksNothingMore) {
  InstallDnf("", 0);
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "dnf");
  EXPECT_TRUE(inv["pending_updates"].empty());
  EXPECT_THAT(UpdateErrors(inv), ::testing::IsEmpty());
  EXPECT_FALSE(RanProgram("rpm"));
}

TEST_F(InventoryUpdatesTest, DnfCheckUpdateFailureIsAnError) {
  fake_.SetProgramOutput("dnf", "", 1,
                         "Error: Failed to download metadata for repo 'baseos': Cannot download "
                         "repomd.xml");
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "dnf");
  EXPECT_TRUE(inv["pending_updates"].empty());
  auto errors = UpdateErrors(inv);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], ::testing::HasSubstr("dnf check-update: exit code 1"));
  EXPECT_THAT(errors[0], ::testing::HasSubstr("Failed to download metadata"));
}

TEST_F(InventoryUpdatesTest, DnfWithoutUpdateinfoStillListsTheUpdates) {
  InstallDnf(Fixture("dnf_check_update.txt"), 100, /*updateinfo_code=*/1);
  Json inv = Collect();
  ASSERT_EQ(inv["pending_updates"].size(), 13u);
  EXPECT_EQ(inv["pending_updates"][8]["current_version"], "1:3.0.7-25.el9_3");
  EXPECT_EQ(inv["pending_updates"][8]["security"], false);
  EXPECT_TRUE(inv["pending_updates"][8]["advisories"].empty());
  auto errors = UpdateErrors(inv);
  ASSERT_EQ(errors.size(), 2u);  // both updateinfo queries
  EXPECT_THAT(errors[0], ::testing::HasSubstr("updateinfo metadata is corrupt"));
}

TEST_F(InventoryUpdatesTest, ZypperMergesPackagesAndPatches) {
  InstallZypper();
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "zypper");
  EXPECT_THAT(UpdateErrors(inv), ::testing::IsEmpty());
  ASSERT_EQ(inv["pending_updates"].size(), 8u);
  EXPECT_EQ(inv["pending_updates"][1], Json::parse(R"({
    "name": "kernel-default", "current_version": "6.4.0-150600.23.7.3",
    "available_version": "6.4.0-150600.23.14.2",
    "origin": "Basesystem_Module_15_SP6_x86_64:SLE-Module-Basesystem15-SP6-Updates",
    "security": true, "severity": "important",
    "cves": ["CVE-2024-26643", "CVE-2024-35905"],
    "advisories": ["SUSE-SLE-Module-Basesystem-15-SP6-2024-2190"], "reboot_suggested": true})"));
  EXPECT_EQ(inv["pending_updates"][7]["name"], "SUSE-SLE-Module-Python3-15-SP6-2024-1920");
  EXPECT_TRUE(inv["pending_updates"][7]["current_version"].is_null());
  // Always machine-readable and non-interactive.
  for (const auto& run : fake_.Runs()) {
    if (run[0] != "zypper") continue;
    EXPECT_TRUE(Has(run, "--xmlout") && Has(run, "--non-interactive"));
  }
}

TEST_F(InventoryUpdatesTest, ZypperLockedIsAnErrorAndSkippedReposAPartialAnswer) {
  InstallZypper(/*updates_code=*/7);
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "zypper");
  EXPECT_TRUE(inv["pending_updates"].empty());
  EXPECT_EQ(UpdateErrors(inv).size(), 1u);

  InstallZypper(/*updates_code=*/106, /*patches_code=*/0);
  inv = Collect();
  EXPECT_EQ(inv["pending_updates"].size(), 8u);
  EXPECT_EQ(UpdateErrors(inv).size(), 1u);
}

// --package-root: apt and dpkg-query read the other root's configuration,
// lists and database, and nothing else is asked about it.
TEST_F(InventoryUpdatesTest, AnotherRootIsAskedThroughAptWithItsDirectories) {
  config_.package_dirs.apt_config_file = "/srv/root/apt.conf";
  config_.package_dirs.apt_etc_dir = "/srv/root/etc/apt";
  config_.package_dirs.apt_state_dir = "/srv/root/var/lib/apt";
  config_.package_dirs.apt_cache_dir = "/srv/root/var/cache/apt";
  config_.package_dirs.dpkg_admindir = "/srv/root/var/lib/dpkg";
  std::vector<std::string> simulation;
  fake_.SetProgram("env", [&](const std::vector<std::string>& argv) -> Result<ProcessResult> {
    simulation = argv;
    return Output(Fixture("apt_get_simulate_reboot.txt"));
  });
  fake_.SetProgramOutput("dpkg-query", "stw-app\t1.0\tall\tii \n");
  InstallDnf("", 0);  // the host's: never asked about another root
  Json inv = Collect();
  EXPECT_EQ(inv["package_manager"], "apt");
  EXPECT_EQ(inv["pending_updates"].size(), 6u);
  EXPECT_EQ(simulation, (std::vector<std::string>{
                            "env", "APT_CONFIG=/srv/root/apt.conf", "apt-get", "-s", "-q", "-o",
                            "Dir::Etc=/srv/root/etc/apt", "-o", "Dir::State=/srv/root/var/lib/apt",
                            "-o", "Dir::Cache=/srv/root/var/cache/apt", "-o",
                            "Dir::State::status=/srv/root/var/lib/dpkg/status", "upgrade"}));
  bool queried_root = false;
  for (const auto& run : fake_.Runs()) {
    if (run[0] == "dpkg-query")
      queried_root = run.size() > 1 && run[1] == "--admindir=/srv/root/var/lib/dpkg";
  }
  EXPECT_TRUE(queried_root);
  ASSERT_EQ(inv["packages"].size(), 1u);
  EXPECT_EQ(inv["packages"][0]["name"], "stw-app");
  EXPECT_FALSE(RanProgram("apt-get"));
  EXPECT_FALSE(RanProgram("apt"));
  EXPECT_FALSE(RanProgram("dnf"));

  // A root without apt-get is an error about apt, not the host's dnf.
  fake_.SetProgramOutput("env", "", 127, "env: 'apt-get': No such file or directory");
  inv = Collect();
  EXPECT_EQ(inv["package_manager"], "apt");
  EXPECT_EQ(UpdateErrors(inv).size(), 1u);
  EXPECT_FALSE(RanProgram("dnf"));
}

TEST_F(InventoryUpdatesTest, NoPackageManagerIsNullAndNoError) {
  Json inv = Collect();
  EXPECT_TRUE(inv["package_manager"].is_null());
  EXPECT_TRUE(inv["pending_updates"].empty());
  EXPECT_THAT(UpdateErrors(inv), ::testing::IsEmpty());
  EXPECT_TRUE(RanProgram("apt-get"));
  EXPECT_TRUE(RanProgram("dnf"));
  EXPECT_TRUE(RanProgram("zypper"));
}

}  // namespace
}  // namespace steward::agent
