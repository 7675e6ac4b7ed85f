// The agent's pending updates as a scan report: the family from the
// package manager, cleaned and bounded entries, and no scan at all when the
// agent could not collect one.
#include "server/agentlink/inventory_updates.h"

#include <gtest/gtest.h>

#include "server/patching/rules/report_check.h"

namespace steward::agentlink {
namespace {

using patching::PackageFamily;

TEST(InventoryUpdatesTest, EachEntryBecomesAnUpdateOfTheRightFamily) {
  Json inv = {{"package_manager", "apt"},
              {"os_id", "ubuntu"},
              {"pending_updates",
               {{{"name", "openssl"},
                 {"current_version", "3.0.2-0ubuntu1.15"},
                 {"available_version", "3.0.2-0ubuntu1.18"},
                 {"origin", "jammy-security"},
                 {"security", true},
                 {"severity", "medium"},
                 {"cves", {"CVE-2024-5535", "not-a-cve"}},
                 {"advisories", {"USN-6937-1"}},
                 {"reboot_suggested", false}},
                {{"name", "linux-image-generic"},
                 {"current_version", "5.15.0.112.112"},
                 {"available_version", "5.15.0.116.116"},
                 {"reboot_suggested", true}}}}};
  auto report = InventoryUpdates(inv);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->family, PackageFamily::kUbuntu);
  ASSERT_EQ(report->updates.size(), 2u);
  const patching::PendingUpdate& u = report->updates[0];
  EXPECT_EQ(u.package, "openssl");
  EXPECT_EQ(u.installed_version, "3.0.2-0ubuntu1.15");
  EXPECT_EQ(u.candidate_version, "3.0.2-0ubuntu1.18");
  EXPECT_EQ(u.origin, "jammy-security");
  EXPECT_EQ(u.severity, "medium");
  EXPECT_EQ(u.cves, (std::vector<std::string>{"CVE-2024-5535"})) << "a malformed id is left out";
  EXPECT_EQ(u.advisories, (std::vector<std::string>{"USN-6937-1"}));
  EXPECT_TRUE(report->updates[1].reboot_suggested);
  EXPECT_TRUE(patching::CheckUpdateReport(*report).ok());
}

TEST(InventoryUpdatesTest, TheFamilyFollowsThePackageManager) {
  EXPECT_EQ(FamilyOf("apt", "debian"), PackageFamily::kDebian);
  EXPECT_EQ(FamilyOf("apt", "ubuntu"), PackageFamily::kUbuntu);
  EXPECT_EQ(FamilyOf("dnf", "rocky"), PackageFamily::kRedHat);
  EXPECT_EQ(FamilyOf("zypper", "opensuse-leap"), PackageFamily::kSuse);
  EXPECT_EQ(FamilyOf("", ""), PackageFamily::kDebian) << "older agents spoke apt only";
}

TEST(InventoryUpdatesTest, HostileEntriesAreCleanedOrLeftOutNeverFatal) {
  Json inv = {{"pending_updates",
               {{{"name", "bash"}, {"available_version", "5.2-3"}, {"origin", "a\nb"}},
                {{"name", "bash"}, {"available_version", "5.2-3"}},  // multi-arch twin
                {{"name", ""}, {"available_version", "1"}},
                {{"name", "nocandidate"}},
                "not an object",
                {{"name", std::string(500, 'x')}, {"available_version", "1"}},
                {{"name", "evil"}, {"available_version", 42}}}}};
  auto report = InventoryUpdates(inv);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->updates.size(), 2u);
  EXPECT_EQ(report->updates[0].origin, "a b");
  EXPECT_EQ(report->updates[1].package.size(), 200u);
  EXPECT_TRUE(patching::CheckUpdateReport(*report).ok());
}

TEST(InventoryUpdatesTest, NoListOrAFailedCollectionIsNoScan) {
  EXPECT_FALSE(InventoryUpdates(Json{{"os", "Debian"}}));
  EXPECT_FALSE(InventoryUpdates(Json::array()));
  Json failed = {{"pending_updates", Json::array()},
                 {"collection_errors", {{{"part", "pending_updates"}, {"error", "apt: 100"}}}}};
  EXPECT_FALSE(InventoryUpdates(failed)) << "an empty list after a failure is not 'fully patched'";
  Json patched = {{"pending_updates", Json::array()}};
  ASSERT_TRUE(InventoryUpdates(patched));
  EXPECT_TRUE(InventoryUpdates(patched)->updates.empty());
}

}  // namespace
}  // namespace steward::agentlink
