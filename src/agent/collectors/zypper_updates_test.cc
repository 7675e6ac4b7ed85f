// The zypper parsers and their merge, on fixtures written in zypper's real
// --xmlout format (SLES 15 SP6, zypper 1.14). The commands that produce them:
//   zypper_list_updates.xml    zypper --xmlout --non-interactive list-updates
//   zypper_list_patches.xml    zypper --xmlout --non-interactive list-patches
// (the patches fixture has an update-stack patch pending, so zypper lists
// it in <update-list> and holds the others in <blocked-update-list>).
#include "agent/collectors/zypper_updates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "agent/collectors/find_update_test_util.h"
#include "testing/agent_fixture.h"

namespace steward::agent {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kBasesystem =
    "Basesystem_Module_15_SP6_x86_64:SLE-Module-Basesystem15-SP6-Updates";

TEST(ZypperListUpdatesTest, ParsesPackagesWithInstalledEditionAndRepository) {
  auto updates = ParseZypperListUpdates(Fixture("zypper_list_updates.xml"));
  ASSERT_EQ(updates.size(), 7u);
  EXPECT_EQ(updates[0].name, "glibc");
  EXPECT_EQ(updates[0].current_version, "2.38-150600.14.5.1");
  EXPECT_EQ(updates[0].available_version, "2.38-150600.14.8.2");
  EXPECT_EQ(updates[0].origin, kBasesystem);
  EXPECT_TRUE(updates[0].reboot_suggested);
  EXPECT_FALSE(updates[0].security);  // list-updates knows nothing of advisories
  EXPECT_EQ(updates[1].name, "kernel-default");
  EXPECT_TRUE(updates[1].reboot_suggested);
  EXPECT_EQ(updates[2].name, "libopenssl3");
  EXPECT_FALSE(updates[2].reboot_suggested);
  EXPECT_EQ(updates[6].name, "zypper");
}

TEST(ZypperListPatchesTest, ParsesNeededAndBlockedPatches) {
  auto patches = ParseZypperListPatches(Fixture("zypper_list_patches.xml"));
  ASSERT_EQ(patches.size(), 6u);
  EXPECT_EQ(patches[0].name, "SUSE-SLE-Module-Basesystem-15-SP6-2024-2802");
  EXPECT_EQ(patches[0].category, "recommended");
  EXPECT_EQ(patches[0].summary, "Recommended update for libzypp, zypper");
  EXPECT_THAT(patches[0].cves, IsEmpty());  // bugzilla issues are no CVEs
  const ZypperPatch& kernel = patches[1];
  EXPECT_EQ(kernel.name, "SUSE-SLE-Module-Basesystem-15-SP6-2024-2190");
  EXPECT_EQ(kernel.edition, "1");
  EXPECT_EQ(kernel.category, "security");
  EXPECT_EQ(kernel.severity, "important");
  EXPECT_TRUE(kernel.reboot);
  EXPECT_EQ(kernel.repository, kBasesystem);
  EXPECT_THAT(kernel.cves, ElementsAre("CVE-2024-26643", "CVE-2024-35905"));
  EXPECT_EQ(patches[2].severity, "moderate");
  EXPECT_FALSE(patches[2].reboot);
}

TEST(ZypperListPatchesTest, SkipsPatchesThatAreNotPending) {
  auto patches = ParseZypperListPatches(
      "<update-list>"
      "<update kind=\"patch\" name=\"p-applied\" status=\"applied\"/>"
      "<update kind=\"patch\" name=\"p-not-needed\" status=\"not-needed\"/>"
      "<update kind=\"patch\" name=\"p-retracted\" status=\"retracted\"/>"
      "<update kind=\"patch\" name=\"p-locked\" status=\"unwanted\"/>"
      "<update kind=\"package\" name=\"not-a-patch\" edition=\"1-1\"/>"
      "<update kind=\"patch\" status=\"needed\"/>"  // no name
      "<update kind=\"patch\" name=\"p-optional\" status=\"optional\" severity=\"unspecified\"/>"
      "<update kind=\"patch\" name=\"p-old-zypper\" category=\"Security\" severity=\"Critical\"/>"
      "</update-list>");
  ASSERT_EQ(patches.size(), 2u);
  EXPECT_EQ(patches[0].name, "p-optional");
  EXPECT_EQ(patches[0].severity, "");
  EXPECT_EQ(patches[1].category, "security");
  EXPECT_EQ(patches[1].severity, "critical");
}

TEST(ZypperMergeTest, PatchesDecorateThePackagesTheirSummaryNames) {
  auto updates = MergeZypperPatches(ParseZypperListUpdates(Fixture("zypper_list_updates.xml")),
                                    ParseZypperListPatches(Fixture("zypper_list_patches.xml")));
  // Seven packages plus the Jinja2 patch, whose source package name matches
  // no pending binary package.
  ASSERT_EQ(updates.size(), 8u);

  const PendingUpdate* kernel = FindUpdate(updates, "kernel-default");
  ASSERT_NE(kernel, nullptr);
  EXPECT_TRUE(kernel->security);
  EXPECT_EQ(kernel->severity, "important");
  EXPECT_THAT(kernel->advisories, ElementsAre("SUSE-SLE-Module-Basesystem-15-SP6-2024-2190"));
  EXPECT_THAT(kernel->cves, ElementsAre("CVE-2024-26643", "CVE-2024-35905"));
  EXPECT_TRUE(kernel->reboot_suggested);

  const PendingUpdate* openssl = FindUpdate(updates, "openssl-3");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->severity, "moderate");
  EXPECT_THAT(openssl->cves, ElementsAre("CVE-2024-4603", "CVE-2024-4741"));
  EXPECT_FALSE(openssl->reboot_suggested);
  // The summary names the source package only: the library built from it
  // goes without (the TODO in zypper_updates.h).
  EXPECT_THAT(FindUpdate(updates, "libopenssl3")->advisories, IsEmpty());

  const PendingUpdate* glibc = FindUpdate(updates, "glibc");
  EXPECT_EQ(glibc->severity, "important");
  EXPECT_THAT(glibc->cves, ElementsAre("CVE-2024-33599", "CVE-2024-33600"));

  // A recommended patch names its advisory but lends no severity.
  const PendingUpdate* systemd = FindUpdate(updates, "systemd");
  EXPECT_THAT(systemd->advisories, ElementsAre("SUSE-SLE-Module-Basesystem-15-SP6-2024-2613"));
  EXPECT_FALSE(systemd->security);
  EXPECT_EQ(systemd->severity, "");
  EXPECT_THAT(FindUpdate(updates, "libzypp")->advisories,
              ElementsAre("SUSE-SLE-Module-Basesystem-15-SP6-2024-2802"));
  EXPECT_THAT(FindUpdate(updates, "zypper")->advisories,
              ElementsAre("SUSE-SLE-Module-Basesystem-15-SP6-2024-2802"));

  const PendingUpdate* jinja = FindUpdate(updates, "SUSE-SLE-Module-Python3-15-SP6-2024-1920");
  ASSERT_NE(jinja, nullptr);
  EXPECT_EQ(jinja->current_version, "");
  EXPECT_EQ(jinja->available_version, "1");
  EXPECT_EQ(jinja->origin, "Python_3_Module_15_SP6_x86_64:SLE-Module-Python3-15-SP6-Updates");
  EXPECT_TRUE(jinja->security);
  EXPECT_EQ(jinja->severity, "moderate");
  EXPECT_THAT(jinja->cves, ElementsAre("CVE-2024-34064"));
  EXPECT_THAT(jinja->advisories, ElementsAre("SUSE-SLE-Module-Python3-15-SP6-2024-1920"));
}

TEST(ZypperMergeTest, SummaryListsWithAndAndPeriods) {
  std::vector<PendingUpdate> packages(3);
  packages[0].name = "libsolv-tools";
  packages[1].name = "libzypp";
  packages[2].name = "kernel-default-devel";
  ZypperPatch patch;
  patch.name = "P-1";
  patch.category = "security";
  patch.severity = "low";
  patch.summary = "Security update for libsolv, libsolv-tools and libzypp.";
  ZypperPatch live;
  live.name = "P-2";
  live.summary = "Security update for the Linux Kernel (Live Patch 12 for SLE 15 SP5)";
  auto merged = MergeZypperPatches(packages, {patch, live});
  ASSERT_EQ(merged.size(), 4u);  // the live patch names no pending kernel
  EXPECT_THAT(merged[0].advisories, ElementsAre("P-1"));
  EXPECT_THAT(merged[1].advisories, ElementsAre("P-1"));
  EXPECT_EQ(merged[1].severity, "low");
  EXPECT_THAT(merged[2].advisories, IsEmpty());  // -devel does not boot
  EXPECT_EQ(merged[3].name, "P-2");
}

TEST(ZypperParsersTest, CutOffAndHostileXmlYieldWhatWasRead) {
  std::string updates = Fixture("zypper_list_updates.xml");
  std::string patches = Fixture("zypper_list_patches.xml");
  for (size_t cut = 0; cut <= patches.size(); cut += 11) {
    auto u = ParseZypperListUpdates(std::string_view(updates).substr(0, cut));
    auto p = ParseZypperListPatches(std::string_view(patches).substr(0, cut));
    EXPECT_LE(u.size(), 7u);
    EXPECT_LE(p.size(), 6u);
    EXPECT_LE(MergeZypperPatches(u, p).size(), 13u);
  }
  // Cut inside the third package: the two before it are whole.
  size_t third = updates.find("<update kind=\"package\" name=\"libopenssl3\"");
  ASSERT_NE(third, std::string::npos);
  auto head = ParseZypperListUpdates(std::string_view(updates).substr(0, third + 20));
  ASSERT_EQ(head.size(), 2u);
  EXPECT_EQ(head[1].name, "kernel-default");
  EXPECT_EQ(head[1].origin, kBasesystem);

  EXPECT_THAT(ParseZypperListUpdates(""), IsEmpty());
  EXPECT_THAT(ParseZypperListUpdates("not xml at all"), IsEmpty());
  EXPECT_THAT(ParseZypperListUpdates("<stream><message type=\"error\">System management is "
                                     "locked by the application with pid 4711 (zypper).</message>"
                                     "</stream>"),
              IsEmpty());
  // An <update> opened inside another (never from zypper): both are read.
  auto nested = ParseZypperListUpdates(
      "<update name=\"a\" edition=\"1-1\"><update name=\"b\" edition=\"2-1\"></update>");
  ASSERT_EQ(nested.size(), 2u);
  EXPECT_EQ(nested[1].name, "b");
  // Control characters and overlong names are made safe, not passed on.
  auto odd = ParseZypperListUpdates("<update name=\"a&#x9;b&#27;\" edition=\"" +
                                    std::string(5000, '9') + "\"/>");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_LE(odd[0].available_version.size(), 256u);
}

}  // namespace
}  // namespace steward::agent
