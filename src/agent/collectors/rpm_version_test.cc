// NEVRA splitting and rpm's version order (cases from rpm's own
// rpmvercmp test table).
#include "agent/collectors/rpm_version.h"

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

TEST(NevraTest, SplitsNameEpochVersionReleaseArch) {
  auto n = ParseNevra("openssl-1:3.0.7-25.el9_3.x86_64");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->name, "openssl");
  EXPECT_EQ(n->epoch, "1");
  EXPECT_EQ(n->version, "3.0.7");
  EXPECT_EQ(n->release, "25.el9_3");
  EXPECT_EQ(n->arch, "x86_64");
  EXPECT_EQ(n->Evr(), "1:3.0.7-25.el9_3");

  auto dashed = ParseNevra("python3.11-pip-wheel-22.3.1-4.el9_3.1.noarch");
  ASSERT_TRUE(dashed.has_value());
  EXPECT_EQ(dashed->name, "python3.11-pip-wheel");
  EXPECT_EQ(dashed->epoch, "");
  EXPECT_EQ(dashed->version, "22.3.1");
  EXPECT_EQ(dashed->release, "4.el9_3.1");
  EXPECT_EQ(dashed->Evr(), "22.3.1-4.el9_3.1");

  auto zero = ParseNevra("bash-0:5.1.8-9.el9.x86_64");
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->Evr(), "5.1.8-9.el9");
}

TEST(NevraTest, RejectsIncompleteText) {
  for (const char* text :
       {"", ".", "openssl", "openssl.x86_64", "openssl-3.0.7.x86_64", "-3.0.7-1.x86_64",
        "openssl-3.0.7-.x86_64", "openssl-3.0.7-1.", "openssl-1:-1.x86_64", "name-1.0-1.el9-x"}) {
    EXPECT_FALSE(ParseNevra(text).has_value()) << text;
  }
}

TEST(RpmVersionTest, OrdersLikeRpmvercmp) {
  struct Case {
    const char* a;
    const char* b;
    int expected;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"1.0", "1.0", 0},
           {"1.0", "2.0", -1},
           {"2.0.1", "2.0", 1},
           {"2.0.1a", "2.0.1", 1},
           {"5.5p1", "5.5p10", -1},
           {"10xyz", "10.1xyz", -1},
           {"xyz10", "xyz10.1", -1},
           {"1.01", "1.1", 0},
           {"1.0a", "1.0", 1},
           {"1.0", "1.0a", -1},
           {"1.0a", "1.0.1", -1},  // a number beats letters
           {"2.50", "2.5", 1},
           {"a+", "a_", 0},
           {"1.0~rc1", "1.0", -1},
           {"1.0~rc1", "1.0~rc2", -1},
           {"1.0~rc1~git1", "1.0~rc1", -1},
           {"1.0^", "1.0", 1},
           {"1.0^git1", "1.0.1", -1},
           {"1.0^git1~pre", "1.0^git1", -1},
           {"427.22.1.el9_4", "427.18.1.el9_4", 1},
           {"99999999999999999999", "99999999999999999998", 1},
       }) {
    EXPECT_EQ(CompareRpmVersion(c.a, c.b), c.expected) << c.a << " vs " << c.b;
    EXPECT_EQ(CompareRpmVersion(c.b, c.a), -c.expected) << c.b << " vs " << c.a;
  }
}

TEST(RpmVersionTest, EpochBeatsVersionAndReleaseBreaksTies) {
  EXPECT_GT(CompareEvr("1:1.0-1", "2.0-1"), 0);
  EXPECT_EQ(CompareEvr("0:1.0-1", "1.0-1"), 0);
  EXPECT_EQ(CompareEvr("(none):1.0-1", "1.0-1"), 0);
  EXPECT_LT(CompareEvr("5.14.0-427.13.1.el9_4", "5.14.0-427.18.1.el9_4"), 0);
  EXPECT_GT(CompareEvr("2.34-100.el9_4.1", "2.34-83.el9_3.12"), 0);
  EXPECT_EQ(CompareEvr("1.0", "1.0-5"), 0);  // no release on one side: versions decide
  EXPECT_EQ(DropZeroEpoch("0:3.0.7-25"), "3.0.7-25");
  EXPECT_EQ(DropZeroEpoch("(none):3.0.7-25"), "3.0.7-25");
  EXPECT_EQ(DropZeroEpoch("1:3.0.7-25"), "1:3.0.7-25");
}

}  // namespace
}  // namespace steward::agent
