// Version order as dpkg and rpm decide it, and what counts as a new major
// version. The cases are the package managers' own (dpkg's t-version.c and
// Debian Policy §5.6.12, rpm's rpmvercmp.at), so the server agrees with
// `dpkg --compare-versions` and `rpmdev-vercmp` on the device.
#include "server/patching/rules/versions.h"

#include <gtest/gtest.h>

namespace steward::patching {
namespace {

// Checks both directions, so an answer that ignores its arguments fails.
void ExpectDebianOrder(const char* older, const char* newer) {
  EXPECT_EQ(CompareDebianVersions(older, newer), -1) << older << " < " << newer;
  EXPECT_EQ(CompareDebianVersions(newer, older), 1) << newer << " > " << older;
}

void ExpectRpm(const char* a, const char* b, int expected) {
  EXPECT_EQ(CompareRpmVersions(a, b), expected) << a << " vs " << b;
  EXPECT_EQ(CompareRpmVersions(b, a), -expected) << b << " vs " << a;
}

TEST(DebianVersionsTest, TildeSortsBeforeTheReleaseItPrecedes) {
  ExpectDebianOrder("1.0~rc1", "1.0");
  ExpectDebianOrder("1.0~beta1~svn1245", "1.0~beta1");
  // Debian Policy's example: ~~ < ~~a < ~ < (nothing) < a.
  ExpectDebianOrder("1.0~~", "1.0~~a");
  ExpectDebianOrder("1.0~~a", "1.0~");
  ExpectDebianOrder("1.0~", "1.0");
  ExpectDebianOrder("1.0", "1.0a");
}

TEST(DebianVersionsTest, TheEpochOutweighsEverythingElse) {
  ExpectDebianOrder("2.0", "1:0.9");
  ExpectDebianOrder("1:9.9-9", "2:0.1-1");
  EXPECT_EQ(CompareDebianVersions("0:1.2-1", "1.2-1"), 0);  // a missing epoch is 0
  EXPECT_EQ(CompareDebianVersions("00:1.2", "1.2"), 0);
  // An epoch of any length is compared as a number, not overflowing.
  ExpectDebianOrder("99999999999999999999:1", "100000000000000000000:1");
}

TEST(DebianVersionsTest, TheRevisionDecidesBetweenEqualUpstreamVersions) {
  ExpectDebianOrder("1.0-1", "1.0-1ubuntu1");
  ExpectDebianOrder("1.0-1", "1.0-2");
  ExpectDebianOrder("2.0-1", "2.0-1.1");
  ExpectDebianOrder("1.0-1ubuntu1", "1.0-1ubuntu2");
  ExpectDebianOrder("1.0-9", "1.0-10");
  // The revision is what follows the last hyphen; earlier ones are upstream.
  ExpectDebianOrder("1.0-beta-2", "1.0-beta-10");
  // No revision and revision "0" are the same.
  EXPECT_EQ(CompareDebianVersions("1.0", "1.0-0"), 0);
}

TEST(DebianVersionsTest, DigitRunsCompareAsNumbers) {
  ExpectDebianOrder("1.2.9", "1.2.10");
  ExpectDebianOrder("1.9", "1.10");
  EXPECT_EQ(CompareDebianVersions("1.01", "1.1"), 0);  // leading zeros do not count
  EXPECT_EQ(CompareDebianVersions("1.0", "1.0"), 0);
  ExpectDebianOrder("3.0.11", "3.0.11.1");
  ExpectDebianOrder("7.6-0", "7.6p2-4");
}

TEST(DebianVersionsTest, LettersSortBeforeOtherCharacters) {
  ExpectDebianOrder("1.0a", "1.0+");
  ExpectDebianOrder("1.0a", "1.0.1");
  ExpectDebianOrder("1.0+b1", "1.0.1");  // '+' (43) before '.' (46)
  ExpectDebianOrder("1.0", "1.0+deb12u1");
  ExpectDebianOrder("2.36-9+deb12u3", "2.36-9+deb12u4");
  ExpectDebianOrder("1.0A", "1.0a");  // letters by their ASCII code
}

TEST(DebianVersionsTest, ColonsAfterTheEpochBelongToTheUpstreamVersion) {
  EXPECT_EQ(CompareDebianVersions("1:2:3-1", "1:2:3-1"), 0);
  ExpectDebianOrder("1:2:3-1", "1:2:4-1");
}

TEST(RpmVersionsTest, SegmentsCompareNumericallyOrAlphabetically) {
  ExpectRpm("1.0", "1.0", 0);
  ExpectRpm("1.0", "2.0", -1);
  ExpectRpm("2.0", "2.0.1", -1);
  ExpectRpm("2.0.1a", "2.0.1", 1);
  ExpectRpm("5.5p1", "5.5p10", -1);
  ExpectRpm("10xyz", "10.1xyz", -1);
  ExpectRpm("xyz10", "xyz10.1", -1);
  ExpectRpm("xyz.4", "8", -1);  // a numeric segment is newer than a letter one
  ExpectRpm("6.0.rc1", "6.0", 1);
  ExpectRpm("10b2", "10a1", 1);
  ExpectRpm("1.0a", "1.0aa", -1);
  ExpectRpm("10.0001", "10.1", 0);
  ExpectRpm("10.0001", "10.0039", -1);
  ExpectRpm("4.999.9", "5.0", -1);
  ExpectRpm("20101121", "20101122", -1);
}

TEST(RpmVersionsTest, SeparatorsAreAllAlike) {
  ExpectRpm("2.0", "2_0", 0);
  ExpectRpm("a+", "a_", 0);
  ExpectRpm("+a", "_a", 0);
  ExpectRpm("_+", "_", 0);
}

TEST(RpmVersionsTest, TildeSortsBeforeEverything) {
  ExpectRpm("1.0~rc1", "1.0", -1);
  ExpectRpm("1.0~rc1", "1.0~rc2", -1);
  ExpectRpm("1.0~rc1~git123", "1.0~rc1", -1);
  ExpectRpm("1.0~rc1", "1.0~rc1", 0);
}

TEST(RpmVersionsTest, CaretSortsAfterTheBaseButBeforeAnyFurtherSegment) {
  ExpectRpm("1.0^", "1.0", 1);
  ExpectRpm("1.0^git1", "1.0", 1);
  ExpectRpm("1.0^git1", "1.0^git2", -1);
  ExpectRpm("1.0^git1", "1.01", -1);
  ExpectRpm("1.0^20160101", "1.0.1", -1);
  ExpectRpm("1.0^20160102", "1.0^20160101^git1", 1);
  ExpectRpm("1.0~rc1^git1", "1.0~rc1", 1);
  ExpectRpm("1.0^git1~pre", "1.0^git1", -1);
}

TEST(RpmVersionsTest, EpochVersionAndReleaseCompareInTurn) {
  ExpectRpm("1:0.9-1.el9", "2.0-1.el9", 1);
  ExpectRpm("0:2.0-1.el9", "2.0-1.el9", 0);
  ExpectRpm("2.0-1.el9", "2.0-1.el9_1", -1);
  ExpectRpm("2.0-9.el9", "2.0-10.el9", -1);
  ExpectRpm("2.0.1-1.el9", "2.0-10.el9", 1);  // the version first, then the release
  ExpectRpm("2.0", "2.0-1", -1);              // a missing release sorts first
}

TEST(MajorUpgradeTest, TheFirstNumberOfTheUpstreamVersionChanging) {
  EXPECT_TRUE(IsMajorUpgrade("1.9.4-1", "2.0.0-1"));
  EXPECT_TRUE(IsMajorUpgrade("91.13.0+build1-0ubuntu1", "102.2.2+build1-0ubuntu0.20.04.1"));
  EXPECT_FALSE(IsMajorUpgrade("2.36-9+deb12u3", "2.36-9+deb12u4"));
  EXPECT_FALSE(IsMajorUpgrade("3.0.11-1~deb12u1", "3.0.13-1~deb12u1"));
  EXPECT_FALSE(IsMajorUpgrade("10.1-1", "10.9-1"));
  // A revision's numbers are not the upstream version's.
  EXPECT_FALSE(IsMajorUpgrade("1.0-1", "1.0-2"));
  EXPECT_FALSE(IsMajorUpgrade("09.1", "9.2"));  // leading zeros do not count
}

TEST(MajorUpgradeTest, AnEpochChangeIsMajor) {
  EXPECT_TRUE(IsMajorUpgrade("2.0-1", "1:2.0-1"));
  EXPECT_TRUE(IsMajorUpgrade("1:2.0-1", "2:2.0-1"));
  EXPECT_FALSE(IsMajorUpgrade("1:2.0-1", "1:2.1-1"));
}

TEST(MajorUpgradeTest, DateVersionsAreNotMajorVersions) {
  EXPECT_FALSE(IsMajorUpgrade("2024a-0+deb12u1", "2025b-0+deb12u1"));
  EXPECT_FALSE(IsMajorUpgrade("20230311", "20240203"));
  // A real major number moving to a date scheme still counts.
  EXPECT_TRUE(IsMajorUpgrade("3.2-1", "2024.1-1"));
}

TEST(MajorUpgradeTest, NothingToCompareIsNotMajor) {
  EXPECT_FALSE(IsMajorUpgrade("", "6.1.0-18"));  // a newly installed package
  EXPECT_FALSE(IsMajorUpgrade("snapshot", "release"));
}

}  // namespace
}  // namespace steward::patching
