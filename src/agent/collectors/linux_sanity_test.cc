// The collectors on the real machine this test runs on (osquery's sanity
// suites): values must be in range, whatever the machine is.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "agent/collectors/collector.h"
#include "core/clock.h"

namespace steward::agent {
namespace {

TEST(LinuxSanityTest, CollectorsProduceSaneHostSamples) {
  CollectorConfig config;
  config.state_dir = "/tmp/steward-collectors-sanity-" + std::to_string(::getpid());
  auto collectors = MakeCollectors(config);
  SystemClock clock;
  Collection out;
  for (auto& c : collectors) {
    Status s = c->Collect(clock.Now(), out);
    EXPECT_TRUE(s.ok()) << c->name() << ": " << s.ToString();
  }
  // CPU % is a rate: the second run has a previous reading to compare with.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (auto& c : collectors) {
    if (c->name() == "cpu") {
      EXPECT_TRUE(c->Collect(clock.Now(), out).ok());
    }
  }
  int cpu = 0, memory = 0, system_volume = 0;
  for (const auto& s : out.samples) {
    if (s.metric == "cpu.used_percent") {
      ++cpu;
      EXPECT_GE(s.value, 0.0);
      EXPECT_LE(s.value, 100.0);
    } else if (s.metric == "memory.used_percent") {
      ++memory;
      EXPECT_GT(s.value, 0.0);
      EXPECT_LT(s.value, 100.0);
    } else if (s.metric == "volume.free_percent") {
      EXPECT_GE(s.value, 0.0);
      EXPECT_LE(s.value, 100.0);
      if (s.labels.count("system")) {
        ++system_volume;
        EXPECT_EQ(s.labels.at("mount"), "/");
      }
    } else if (s.metric == "system.uptime_seconds") {
      EXPECT_GT(s.value, 0.0);
    } else if (s.metric == "system.boot_time") {
      EXPECT_GT(s.value, 1.0e9);  // after 2001
      EXPECT_LT(s.value, static_cast<double>(ToMillis(clock.Now())) / 1000.0);
    }
  }
  EXPECT_EQ(cpu, 1);
  EXPECT_EQ(memory, 1);
  EXPECT_EQ(system_volume, 1);
  std::filesystem::remove_all(config.state_dir);
}

TEST(LinuxSanityTest, InventoryNamesThisMachine) {
  auto inv = CollectInventory(CollectorConfig{});
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof(host) - 1), 0);
  EXPECT_EQ((*inv)["hostname"], host);
  ASSERT_TRUE((*inv)["os"].is_string());
  EXPECT_FALSE((*inv)["os"].get<std::string>().empty());
  ASSERT_TRUE((*inv)["kernel"].is_string());
  EXPECT_GT((*inv)["cpu_cores"].get<int>(), 0);
  EXPECT_GT((*inv)["ram_bytes"].get<uint64_t>(), uint64_t{64} << 20);
  // Every CI machine is Debian: dpkg knows at least libc.
  bool libc = false;
  for (const auto& p : (*inv)["packages"]) libc = libc || p["name"] == "libc6";
  EXPECT_TRUE(libc);
  EXPECT_TRUE((*inv)["pending_updates"].is_array());
}

}  // namespace
}  // namespace steward::agent
