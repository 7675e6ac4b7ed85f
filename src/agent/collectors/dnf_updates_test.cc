// The dnf and rpm parsers and their merge, on fixtures written in the tools'
// real output formats (RHEL 9.4, dnf 4.14). The commands that produce them:
//   dnf_check_update.txt       dnf -q check-update            (exit code 100)
//   dnf_updateinfo_list.txt    dnf -q updateinfo list --updates
//   dnf_updateinfo_cves.txt    dnf -q updateinfo list --updates --with-cve
//   rpm_query_all.txt          rpm -qa --qf '%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\n'
#include "agent/collectors/dnf_updates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/collectors/find_update_test_util.h"
#include "testing/agent_fixture.h"

namespace steward::agent {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DnfCheckUpdateTest, ParsesCandidatesAndStopsAtObsoletes) {
  auto candidates = ParseDnfCheckUpdate(Fixture("dnf_check_update.txt"));
  ASSERT_EQ(candidates.size(), 13u);
  EXPECT_EQ(candidates[0].name, "NetworkManager");
  EXPECT_EQ(candidates[0].arch, "x86_64");
  EXPECT_EQ(candidates[0].version, "1:1.46.0-26.el9_4");
  EXPECT_EQ(candidates[0].repository, "rhel-9-for-x86_64-baseos-rpms");
  EXPECT_EQ(candidates[2].name, "glibc");
  EXPECT_EQ(candidates[2].arch, "i686");
  // The name that dnf wrapped onto a line of its own.
  EXPECT_EQ(candidates[10].name, "subscription-manager-rhsm-certificates");
  EXPECT_EQ(candidates[10].arch, "noarch");
  EXPECT_EQ(candidates[10].version, "20220623-4.el9");
  EXPECT_EQ(candidates[12].name, "tzdata");
  for (const auto& c : candidates) EXPECT_NE(c.name, "grub2-tools");  // obsoleting section
}

TEST(DnfCheckUpdateTest, SkipsProseAndKeepsWhatPrecedesACut) {
  auto candidates = ParseDnfCheckUpdate(
      "Last metadata expiration check: 0:42:17 ago on Mon 24 Jun 2024 10:00:00 AM UTC.\n"
      "Security: kernel-core-5.14.0-427.22.1.el9_4.x86_64 is an installed security update\n"
      "\n"
      "bash.x86_64   5.1.8-9.el9   baseos\n"
      "noversion.x86_64   5   baseos\n"          // no release: not a build
      "   1.0-1   orphan-tail\n"                 // a continuation without its head
      "a-b-c.x86_64  1.0-1  repo  extra\n"       // four columns
      "openssl.x86_64   1:3.0.7-27.el9   bas");  // cut off mid-word: still three columns
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].name, "bash");
  EXPECT_EQ(candidates[1].name, "openssl");
  EXPECT_EQ(candidates[1].repository, "bas");
  EXPECT_THAT(ParseDnfCheckUpdate("kernel.x86_64\n"), IsEmpty());
  EXPECT_THAT(ParseDnfCheckUpdate(""), IsEmpty());
  EXPECT_THAT(ParseDnfCheckUpdate(".x86_64 1-1 r\nname. 1-1 r\n"), IsEmpty());
}

TEST(DnfUpdateinfoTest, ParsesAdvisoryTypesAndSeverities) {
  auto refs = ParseDnfUpdateinfoList(Fixture("dnf_updateinfo_list.txt"));
  ASSERT_EQ(refs.size(), 15u);
  EXPECT_EQ(refs[0].id, "RHBA-2024:2515");
  EXPECT_FALSE(refs[0].security);
  EXPECT_EQ(refs[0].severity, "");
  EXPECT_EQ(refs[0].package.name, "NetworkManager");
  EXPECT_EQ(refs[0].package.Evr(), "1:1.46.0-26.el9_4");
  EXPECT_EQ(refs[2].id, "RHSA-2024:3339");
  EXPECT_TRUE(refs[2].security);
  EXPECT_EQ(refs[2].severity, "important");
  EXPECT_EQ(refs[2].package.arch, "i686");
  EXPECT_EQ(refs[5].severity, "moderate");
  EXPECT_EQ(refs[12].id, "RHEA-2024:2520");
  EXPECT_FALSE(refs[12].security);
}

TEST(DnfUpdateinfoTest, ReadsTheCveFormAndOtherLayouts) {
  auto cves = ParseDnfUpdateinfoList(Fixture("dnf_updateinfo_cves.txt"));
  ASSERT_EQ(cves.size(), 15u);
  EXPECT_EQ(cves[0].id, "CVE-2024-2961");
  EXPECT_EQ(cves[0].severity, "important");
  EXPECT_EQ(cves[0].package.name, "glibc");

  auto refs = ParseDnfUpdateinfoList(
      "FEDORA-2024-1a2b3c4d5e security     curl-8.6.0-8.fc40.x86_64\n"
      "FEDORA-2024-9f8e7d6c5b Unknown/Sec. vim-minimal-2:9.1.393-1.fc40.x86_64\n"
      "i RHSA-2024:1 Critical/Sec. xz-libs-5.2.5-8.el9_0.x86_64\n"  // --all marks installed
      // dnf5's `advisory list`: a header and a severity column.
      "Name                    Type        Severity Package                   Issued\n"
      "FEDORA-2024-0123456789 security    Critical  sudo-1.9.15-2.p5.fc40.x86_64 2024-06-01 "
      "12:00:00\n"
      "RHSA-2024:2 Important/Sec.\n"                     // no package
      "RHSA-2024:3 Sideways/Ish openssl-1:3-1.x86_64\n"  // unknown type
      "RHSA-2024:4 bugfix not-a-nevra\n");
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_TRUE(refs[0].security);
  EXPECT_EQ(refs[0].severity, "");
  EXPECT_EQ(refs[1].package.name, "vim-minimal");
  EXPECT_EQ(refs[1].severity, "");
  EXPECT_EQ(refs[2].id, "RHSA-2024:1");
  EXPECT_EQ(refs[2].severity, "critical");
  EXPECT_EQ(refs[3].package.name, "sudo");
  EXPECT_EQ(refs[3].severity, "critical");
}

TEST(RpmQueryAllTest, ParsesInstalledBuilds) {
  auto installed = ParseRpmQueryAll(Fixture("rpm_query_all.txt"));
  ASSERT_EQ(installed.size(), 19u);
  EXPECT_EQ(installed[0].name, "gpg-pubkey");
  EXPECT_EQ(installed[0].architecture, "");  // "(none)"
  EXPECT_EQ(installed[1].name, "NetworkManager");
  EXPECT_EQ(installed[1].version, "1:1.46.0-19.el9_4");
  EXPECT_EQ(installed[3].version, "5.1.8-9.el9");  // epoch 0 dropped
  EXPECT_EQ(installed[3].architecture, "x86_64");

  auto rough =
      ParseRpmQueryAll("noarch-column\t1.0-1\n\t1.0-1\nonly-name\nbad\t:1.0\nx\t(none):2-1");
  ASSERT_EQ(rough.size(), 2u);
  EXPECT_EQ(rough[0].name, "noarch-column");
  EXPECT_EQ(rough[1].version, "2-1");
}

TEST(DnfMergeTest, OneRecordPerPackageWithAdvisoriesCvesAndInstalledVersion) {
  auto updates = MergeDnfUpdates(ParseDnfCheckUpdate(Fixture("dnf_check_update.txt")),
                                 ParseDnfUpdateinfoList(Fixture("dnf_updateinfo_list.txt")),
                                 ParseDnfUpdateinfoList(Fixture("dnf_updateinfo_cves.txt")),
                                 ParseRpmQueryAll(Fixture("rpm_query_all.txt")));
  ASSERT_EQ(updates.size(), 13u);

  const PendingUpdate* openssl = FindUpdate(updates, "openssl");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->current_version, "1:3.0.7-25.el9_3");
  EXPECT_EQ(openssl->available_version, "1:3.0.7-27.el9");
  EXPECT_EQ(openssl->origin, "rhel-9-for-x86_64-baseos-rpms");
  EXPECT_TRUE(openssl->security);
  EXPECT_EQ(openssl->severity, "moderate");
  EXPECT_THAT(openssl->advisories, ElementsAre("RHSA-2024:2447"));
  EXPECT_THAT(openssl->cves, ElementsAre("CVE-2023-5678", "CVE-2023-6129", "CVE-2024-0727"));
  EXPECT_FALSE(openssl->reboot_suggested);

  // Two advisories: the highest severity wins; the newest of three installed
  // kernels is the current one although rpm listed it second.
  const PendingUpdate* kernel = FindUpdate(updates, "kernel");
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(kernel->current_version, "5.14.0-427.18.1.el9_4");
  EXPECT_EQ(kernel->severity, "important");
  EXPECT_THAT(kernel->advisories, ElementsAre("RHSA-2024:3618", "RHSA-2024:4211"));
  EXPECT_THAT(kernel->cves, ElementsAre("CVE-2023-52581", "CVE-2024-26643"));
  EXPECT_TRUE(kernel->reboot_suggested);
  EXPECT_TRUE(FindUpdate(updates, "kernel-core")->reboot_suggested);
  EXPECT_FALSE(FindUpdate(updates, "kernel-tools")->reboot_suggested);

  // glibc comes for two architectures: each record names one, and takes
  // its own installed build and CVEs.
  EXPECT_EQ(FindUpdate(updates, "glibc"), nullptr);
  const PendingUpdate* glibc32 = FindUpdate(updates, "glibc.i686");
  const PendingUpdate* glibc64 = FindUpdate(updates, "glibc.x86_64");
  ASSERT_NE(glibc32, nullptr);
  ASSERT_NE(glibc64, nullptr);
  EXPECT_EQ(glibc32->current_version, "2.34-83.el9_3.12");
  EXPECT_EQ(glibc64->current_version, "2.34-100.el9_4.1");
  EXPECT_THAT(glibc32->cves, ElementsAre("CVE-2024-2961", "CVE-2024-33599"));
  EXPECT_THAT(glibc64->cves, ElementsAre("CVE-2024-2961", "CVE-2024-33599", "CVE-2024-33600"));
  EXPECT_TRUE(glibc64->reboot_suggested);

  // A bug fix: advisory id, no security, no severity.
  const PendingUpdate* systemd = FindUpdate(updates, "systemd");
  ASSERT_NE(systemd, nullptr);
  EXPECT_FALSE(systemd->security);
  EXPECT_EQ(systemd->severity, "");
  EXPECT_THAT(systemd->advisories, ElementsAre("RHBA-2024:4262"));
  EXPECT_THAT(systemd->cves, IsEmpty());
  EXPECT_TRUE(systemd->reboot_suggested);
  EXPECT_EQ(FindUpdate(updates, "tzdata")->current_version, "2023c-1.el9");
}

TEST(DnfMergeTest, WorksWithoutAdvisoriesOrInstalledList) {
  auto updates =
      MergeDnfUpdates(ParseDnfCheckUpdate("curl.x86_64  7.76.1-29.el9_4  baseos\n"), {}, {}, {});
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].name, "curl");
  EXPECT_EQ(updates[0].current_version, "");
  EXPECT_FALSE(updates[0].security);
  EXPECT_THAT(updates[0].advisories, IsEmpty());
}

TEST(DnfMergeTest, CutOffOutputsYieldWhatWasRead) {
  std::string check = Fixture("dnf_check_update.txt");
  std::string advisories = Fixture("dnf_updateinfo_list.txt");
  std::string cves = Fixture("dnf_updateinfo_cves.txt");
  std::string rpm = Fixture("rpm_query_all.txt");
  // Every prefix of every output: no crash, and never more records than
  // the whole output gives.
  for (size_t cut = 0; cut <= check.size(); cut += 7) {
    auto updates =
        MergeDnfUpdates(ParseDnfCheckUpdate(std::string_view(check).substr(0, cut)),
                        ParseDnfUpdateinfoList(std::string_view(advisories).substr(0, cut)),
                        ParseDnfUpdateinfoList(std::string_view(cves).substr(0, cut)),
                        ParseRpmQueryAll(std::string_view(rpm).substr(0, cut)));
    EXPECT_LE(updates.size(), 13u);
  }
  // Half of check-update still names the packages in that half.
  auto half = ParseDnfCheckUpdate(std::string_view(check).substr(0, check.size() / 2));
  EXPECT_GE(half.size(), 5u);
  EXPECT_EQ(half[0].name, "NetworkManager");
}

}  // namespace
}  // namespace steward::agent
