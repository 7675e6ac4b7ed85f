// The shared vocabulary of pending updates: severity words and the packages
// whose update suggests a reboot.
#include <gtest/gtest.h>

#include "agent/collectors/reboot_hints.h"
#include "agent/collectors/update_severity.h"

namespace steward::agent {
namespace {

TEST(UpdateSeverityTest, NormalizesTheFourLevelsOfRedHatAndSuse) {
  EXPECT_EQ(NormalizeSeverity("Critical"), "critical");
  EXPECT_EQ(NormalizeSeverity("IMPORTANT"), "important");
  EXPECT_EQ(NormalizeSeverity("moderate"), "moderate");
  EXPECT_EQ(NormalizeSeverity("Low"), "low");
  EXPECT_EQ(NormalizeSeverity("unspecified"), "");
  EXPECT_EQ(NormalizeSeverity("None"), "");
  EXPECT_EQ(NormalizeSeverity(""), "");
  EXPECT_EQ(NormalizeSeverity("Lowest"), "");
}

TEST(UpdateSeverityTest, RanksAndPicksTheHigher) {
  EXPECT_GT(SeverityRank("critical"), SeverityRank("Important"));
  EXPECT_GT(SeverityRank("important"), SeverityRank("moderate"));
  EXPECT_GT(SeverityRank("moderate"), SeverityRank("low"));
  EXPECT_GT(SeverityRank("low"), SeverityRank(""));
  EXPECT_EQ(HigherSeverity("Moderate", "important"), "important");
  EXPECT_EQ(HigherSeverity("critical", "low"), "critical");
  EXPECT_EQ(HigherSeverity("", "Low"), "low");
  EXPECT_EQ(HigherSeverity("", "bogus"), "");
}

TEST(RebootHintsTest, DebianKernelLibcSystemdDbusAndFirmware) {
  EXPECT_TRUE(DebianUpdateSuggestsReboot("linux-image-6.1.0-25-amd64"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("linux-image-amd64"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("linux-firmware"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("libc6"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("libc6:i386"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("systemd"));
  EXPECT_TRUE(DebianUpdateSuggestsReboot("dbus"));
  EXPECT_FALSE(DebianUpdateSuggestsReboot("libc-bin"));
  EXPECT_FALSE(DebianUpdateSuggestsReboot("linux-headers-6.1.0-25-amd64"));
  EXPECT_FALSE(DebianUpdateSuggestsReboot("systemd-timesyncd"));
  EXPECT_FALSE(DebianUpdateSuggestsReboot("openssl"));
}

TEST(RebootHintsTest, RpmFollowsNeedsRestartingAndEveryBootedKernel) {
  for (const char* name :
       {"kernel", "kernel-core", "kernel-modules", "kernel-modules-extra", "kernel-rt",
        "kernel-default", "kernel-firmware-intel", "glibc", "linux-firmware", "systemd", "dbus",
        "dbus-broker", "dbus-daemon", "dbus-1"}) {
    EXPECT_TRUE(RpmUpdateSuggestsReboot(name)) << name;
  }
  for (const char* name : {"kernel-headers", "kernel-devel", "kernel-tools", "kernel-tools-libs",
                           "kernel-rt-devel", "kernel-default-devel", "kernel-doc", "glibc-common",
                           "systemd-libs", "openssl", "kernelshark"}) {
    EXPECT_FALSE(RpmUpdateSuggestsReboot(name)) << name;
  }
}

}  // namespace
}  // namespace steward::agent
