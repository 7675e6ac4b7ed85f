#include "server/agentlink/inventory_mapping.h"

#include <gtest/gtest.h>

namespace steward::agentlink {
namespace {

TEST(InventoryMappingTest, MapsKnownFieldsAndIgnoresTheRest) {
  Json inv = {
      {"hostname", "db01"},
      {"os", "Debian GNU/Linux 12"},
      {"os_version", "12"},
      {"manufacturer", "HP"},
      {"model", "ProLiant\nDL380"},
      {"serial_number", 42},  // wrong type: ignored
      {"ram_bytes", 17179869184},
      {"evil", "<img onerror=alert(1)>"},
      {"packages",
       Json::array({{{"name", "bash"}, {"version", "5.2"}}, {{"name", ""}}, "not-an-object"})},
      {"pending_updates", Json::array({"a", "b"})}};
  Json patch = InventoryToCiPatch(inv);
  EXPECT_EQ(patch["os_name"], "Debian GNU/Linux 12");
  EXPECT_EQ(patch["make"], "HP");
  EXPECT_EQ(patch["model"], "ProLiant DL380");  // control characters become spaces
  EXPECT_FALSE(patch.contains("serial_number"));
  EXPECT_FALSE(patch.contains("evil"));
  EXPECT_EQ(patch["hardware"]["ram_bytes"], 17179869184);
  EXPECT_EQ(patch["hardware"]["pending_updates"], 2);
  ASSERT_EQ(patch["installed_software"].size(), 1u);
  EXPECT_EQ(patch["installed_software"][0]["name"], "bash");
}

TEST(InventoryMappingTest, BoundsEverything) {
  Json packages = Json::array();
  for (int i = 0; i < 6000; ++i) packages.push_back({{"name", "pkg" + std::to_string(i)}});
  Json addresses = Json::array();
  for (int i = 0; i < 100; ++i) addresses.push_back(std::string(500, 'a'));
  Json patch = InventoryToCiPatch(
      {{"packages", packages}, {"addresses", addresses}, {"os", std::string(1000, 'x')}});
  EXPECT_EQ(patch["installed_software"].size(), kMaxInventoryPackages);
  EXPECT_LE(patch["hardware"]["addresses"].size(), 16u);
  EXPECT_LE(patch["hardware"].dump().size(), 16u * 1024u);
  EXPECT_EQ(patch["os_name"].get<std::string>().size(), 100u);
  EXPECT_TRUE(InventoryToCiPatch(Json::array()).empty());
}

}  // namespace
}  // namespace steward::agentlink
