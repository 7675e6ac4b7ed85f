#include "server/monitoring/policy.h"

#include <gtest/gtest.h>

namespace steward::monitoring {
namespace {

TEST(PolicyTest, DefaultsAreTheSpecTable) {
  Policy p;
  EXPECT_EQ(p.cpu_percent, 90);
  EXPECT_EQ(p.cpu_minutes, 5);
  EXPECT_EQ(p.memory_percent, 80);
  EXPECT_EQ(p.system_volume_min_gb, 2);
  EXPECT_EQ(p.data_volume_min_percent, 10);
  for (Condition c : AllConditions()) EXPECT_TRUE(p.Enabled(c));
}

TEST(PolicyTest, OverridesApplyInOrder) {
  Policy p;
  auto customer = ValidatePolicyOverride({{"cpu_percent", 95}, {"memory_percent", 70}});
  ASSERT_TRUE(customer.ok()) << customer.status().ToString();
  auto device = ValidatePolicyOverride(
      {{"cpu_percent", 99}, {"disabled_conditions", {"ups"}}, {"on_call_user_id", 7}});
  ASSERT_TRUE(device.ok()) << device.status().ToString();
  ApplyOverride(p, *customer);
  ApplyOverride(p, *device);
  EXPECT_EQ(p.cpu_percent, 99);
  EXPECT_EQ(p.memory_percent, 70);
  EXPECT_FALSE(p.Enabled(Condition::kUps));
  EXPECT_EQ(p.on_call_user_id, 7);
  Json j = PolicyJson(p);
  EXPECT_EQ(j["cpu_percent"], 99);
  EXPECT_EQ(j["disabled_conditions"], Json::array({"ups"}));
}

TEST(PolicyTest, BadOverridesNameTheField) {
  auto bad = ValidatePolicyOverride({{"cpu_percent", 101}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "settings.cpu_percent");
  auto unknown = ValidatePolicyOverride({{"cpu_pct", 50}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "settings.cpu_pct");
  auto cond = ValidatePolicyOverride({{"disabled_conditions", {"fire"}}});
  ASSERT_FALSE(cond.ok());
  EXPECT_EQ(cond.status().field(), "settings.disabled_conditions");
  EXPECT_FALSE(ValidatePolicyOverride(Json::array()).ok());
}

}  // namespace
}  // namespace steward::monitoring
