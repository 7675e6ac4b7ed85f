// CollectInventory over a FakeSystem: every part, unreadable DMI, firmware
// placeholders, and a machine without dpkg/apt.
#include <set>

#include <gtest/gtest.h>

#include "agent/collectors/collector.h"
#include "testing/agent_fixture.h"
#include "testing/fake_system.h"

namespace steward::agent {
namespace {

using testing::FakeSystem;

class InventoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.SetHostname("web1");
    fake_.SetFile("/etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
    fake_.SetFile("/etc/os-release", Fixture("os_release.txt"));
    fake_.SetFile("/proc/cpuinfo", Fixture("cpuinfo.txt"));
    fake_.SetFile("/proc/meminfo", Fixture("meminfo.txt"));
    fake_.SetFile("/proc/self/mounts", Fixture("mounts_container.txt"));
    fake_.SetVolume("/", {50'000'000'000, 20'000'000'000});
    fake_.SetFile("/sys/block/sda/size", "1953525168\n");
    fake_.SetFile("/sys/block/sda/device/model", "Samsung SSD 870 \n");
    fake_.SetFile("/sys/block/sda/queue/rotational", "0\n");
    fake_.SetFile("/sys/block/loop0/size", "1000\n");
    fake_.SetFile("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
    fake_.SetFile("/sys/class/dmi/id/product_name", "PowerEdge R650\n");
    fake_.SetFileError("/sys/class/dmi/id/product_serial",
                       Status::PermissionDenied("product_serial: Permission denied"));
    fake_.SetFile("/sys/class/dmi/id/board_serial", "To Be Filled By O.E.M.\n");
    fake_.SetFile("/sys/class/net/eth0/address", "52:54:00:12:34:56\n");
    fake_.SetFile("/sys/class/net/lo/address", "00:00:00:00:00:00\n");
    fake_.SetAddresses({{"lo", "ipv4", "127.0.0.1"},
                        {"eth0", "ipv4", "192.0.2.10"},
                        {"eth0", "ipv6", "2001:db8::10"}});
    fake_.SetProgramOutput("dpkg-query", Fixture("dpkg_query.txt"));
    fake_.SetProgramOutput("apt-get", Fixture("apt_get_simulate.txt"));
  }

  FakeSystem fake_;
  CollectorConfig config_;
};

TEST_F(InventoryTest, CollectsEveryPart) {
  auto inv = CollectInventory(config_, fake_);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  const auto& j = *inv;
  EXPECT_EQ(j["hostname"], "web1");
  EXPECT_EQ(j["machine_id"], "3d1219c7c4c5404aaa1f6d2a48adfda4");
  EXPECT_EQ(j["os"], "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(j["os_id"], "debian");
  EXPECT_EQ(j["os_version"], "12");
  EXPECT_EQ(j["kernel"], "6.1.0-test-amd64");
  EXPECT_EQ(j["architecture"], "x86_64");
  EXPECT_EQ(j["cpu_model"], "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz");
  EXPECT_EQ(j["cpu_cores"], 2);
  EXPECT_EQ(j["ram_bytes"], 24684112ull * 1024);
  ASSERT_EQ(j["disks"].size(), 1u);  // loop devices are not disks
  EXPECT_EQ(j["disks"][0]["name"], "sda");
  EXPECT_EQ(j["disks"][0]["size_bytes"], 1953525168ull * 512);
  EXPECT_EQ(j["disks"][0]["model"], "Samsung SSD 870");
  EXPECT_EQ(j["disks"][0]["rotational"], false);
  ASSERT_EQ(j["volumes"].size(), 1u);
  EXPECT_EQ(j["volumes"][0]["mount"], "/");
  EXPECT_EQ(j["volumes"][0]["system"], true);
  EXPECT_EQ(j["manufacturer"], "Dell Inc.");
  EXPECT_EQ(j["model"], "PowerEdge R650");
  EXPECT_TRUE(j["serial_number"].is_null());  // unreadable, and the fallback is a placeholder
  ASSERT_EQ(j["addresses"].size(), 2u);
  EXPECT_EQ(j["addresses"][0]["address"], "192.0.2.10");
  EXPECT_EQ(j["addresses"][1]["family"], "ipv6");
  ASSERT_EQ(j["interfaces"].size(), 1u);
  EXPECT_EQ(j["interfaces"][0]["mac"], "52:54:00:12:34:56");
  ASSERT_EQ(j["packages"].size(), 4u);
  EXPECT_EQ(j["packages"][3]["name"], "openssh-server");
  EXPECT_EQ(j["packages"][3]["version"], "1:9.2p1-2+deb12u6");
  // apt's four, then nginx-common, which dpkg left unpacked: not installed.
  ASSERT_EQ(j["pending_updates"].size(), 5u);
  EXPECT_EQ(j["pending_updates"][3]["name"], "openssl");
  EXPECT_EQ(j["pending_updates"][3]["security"], true);
  EXPECT_EQ(j["pending_updates"][0]["current_version"], "12.4+deb12u11");
  EXPECT_EQ(j["pending_updates"][4]["name"], "nginx-common");
  EXPECT_EQ(j["pending_updates"][4]["available_version"], "1.22.1-9");
  EXPECT_EQ(j["pending_updates"][4]["origin"], "dpkg: unpacked");
  EXPECT_TRUE(j["collection_errors"].empty()) << j["collection_errors"].dump();
  // The simulation is read-only and offline.
  bool simulated = false;
  for (const auto& run : fake_.Runs()) {
    if (run[0] == "apt-get") simulated = run[1] == "-s";
  }
  EXPECT_TRUE(simulated);
}

TEST_F(InventoryTest, SerialFromDmiWhenReadable) {
  fake_.SetFileError("/sys/class/dmi/id/product_serial", Status::Ok());
  fake_.SetFile("/sys/class/dmi/id/product_serial", "CZJ12345AB\n");
  auto inv = CollectInventory(config_, fake_);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ((*inv)["serial_number"], "CZJ12345AB");
}

TEST_F(InventoryTest, MissingPackageToolsAndFilesBecomeEmptyOrNull) {
  FakeSystem bare;
  bare.SetHostname("bare");
  auto inv = CollectInventory(config_, bare);
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ((*inv)["hostname"], "bare");
  EXPECT_TRUE((*inv)["machine_id"].is_null());
  EXPECT_TRUE((*inv)["os"].is_null());
  EXPECT_TRUE((*inv)["packages"].empty());
  EXPECT_TRUE((*inv)["pending_updates"].empty());
  EXPECT_TRUE((*inv)["manufacturer"].is_null());
  std::set<std::string> parts;
  for (const auto& e : (*inv)["collection_errors"]) parts.insert(e["part"].get<std::string>());
  EXPECT_TRUE(parts.count("os"));
  EXPECT_TRUE(parts.count("machine_id"));
  EXPECT_FALSE(parts.count("packages"));  // no dpkg is not an error, it is another distribution
}

TEST_F(InventoryTest, FallsBackToAptListWithoutAptGet) {
  FakeSystem fake;
  fake.SetProgramOutput("apt", Fixture("apt_list_upgradable.txt"));
  auto inv = CollectInventory(config_, fake);
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ((*inv)["pending_updates"].size(), 2u);
  EXPECT_EQ((*inv)["pending_updates"][1]["name"], "libssl3");
}

TEST_F(InventoryTest, FailingDpkgIsReported) {
  fake_.SetProgramOutput("dpkg-query", "", 2, "dpkg-query: error: database locked");
  auto inv = CollectInventory(config_, fake_);
  ASSERT_TRUE(inv.ok());
  EXPECT_TRUE((*inv)["packages"].empty());
  ASSERT_EQ((*inv)["collection_errors"].size(), 1u);
  EXPECT_EQ((*inv)["collection_errors"][0]["part"], "packages");
}

}  // namespace
}  // namespace steward::agent
