// Classifying pending updates: the customer's overrides (exact name, then
// the longest glob), each family's severity words, the Debian security
// archive, CVEs without a severity, a new major version (after every
// security signal), and point releases.
#include "server/patching/rules/classification.h"

#include <vector>

#include <gtest/gtest.h>

namespace steward::patching {
namespace {

// A point release from the normal archive unless the test says otherwise.
PendingUpdate Update(std::string package, std::string severity = "", std::string origin = "") {
  PendingUpdate u;
  u.package = std::move(package);
  u.installed_version = "3.0.11-1~deb12u1";
  u.candidate_version = "3.0.13-1~deb12u1";
  u.severity = std::move(severity);
  u.origin = std::move(origin);
  return u;
}

UpdateClass Classify(const PendingUpdate& u, PackageFamily family,
                     const std::vector<ClassOverride>& overrides = {}) {
  return ClassifyUpdate(u, family, overrides);
}

TEST(ClassificationTest, RedHatSeveritiesMapOneToOneInAnyCase) {
  const PackageFamily rh = PackageFamily::kRedHat;
  EXPECT_EQ(Classify(Update("openssl", "Critical"), rh), UpdateClass::kCritical);
  EXPECT_EQ(Classify(Update("openssl", "Important"), rh), UpdateClass::kImportant);
  EXPECT_EQ(Classify(Update("openssl", "Moderate"), rh), UpdateClass::kModerate);
  EXPECT_EQ(Classify(Update("openssl", "Low"), rh), UpdateClass::kLow);
  EXPECT_EQ(Classify(Update("openssl", " IMPORTANT "), rh), UpdateClass::kImportant);
  // A bug-fix advisory's "None" is no severity: a point release.
  EXPECT_EQ(Classify(Update("openssl", "None"), rh), UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, WindowsUpdatesTakeTheMsrcSeverity) {
  PendingUpdate kb;
  kb.package = "KB5048667";
  kb.candidate_version = "2024-12 Cumulative Update for Windows 11 Version 23H2";
  kb.severity = "Critical";
  EXPECT_EQ(ClassifyUpdate(kb, PackageFamily::kWindows, {}), UpdateClass::kCritical);
  kb.severity = "Important";
  EXPECT_EQ(ClassifyUpdate(kb, PackageFamily::kWindows, {}), UpdateClass::kImportant);
  kb.severity = "";  // a definition update or a non-security fix
  EXPECT_EQ(ClassifyUpdate(kb, PackageFamily::kWindows, {}), UpdateClass::kServiceRelease);
  EXPECT_EQ(ParsePackageFamily("windows"), PackageFamily::kWindows);
  EXPECT_EQ(PackageFamilyName(PackageFamily::kWindows), "windows");
}

TEST(ClassificationTest, SuseSeveritiesMapOneToOne) {
  const PackageFamily suse = PackageFamily::kSuse;
  EXPECT_EQ(Classify(Update("kernel-default", "critical"), suse), UpdateClass::kCritical);
  EXPECT_EQ(Classify(Update("kernel-default", "important"), suse), UpdateClass::kImportant);
  EXPECT_EQ(Classify(Update("kernel-default", "moderate"), suse), UpdateClass::kModerate);
  EXPECT_EQ(Classify(Update("kernel-default", "low"), suse), UpdateClass::kLow);
  EXPECT_EQ(Classify(Update("kernel-default", "unspecified"), suse), UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, UbuntuPrioritiesMapToTheClasses) {
  const PackageFamily ubuntu = PackageFamily::kUbuntu;
  EXPECT_EQ(Classify(Update("libc6", "critical"), ubuntu), UpdateClass::kCritical);
  EXPECT_EQ(Classify(Update("libc6", "high"), ubuntu), UpdateClass::kImportant);
  EXPECT_EQ(Classify(Update("libc6", "medium"), ubuntu), UpdateClass::kModerate);
  EXPECT_EQ(Classify(Update("libc6", "low"), ubuntu), UpdateClass::kLow);
  EXPECT_EQ(Classify(Update("libc6", "negligible"), ubuntu), UpdateClass::kLow);
  // The severity decides even from the security archive.
  EXPECT_EQ(Classify(Update("libc6", "low", "Ubuntu:22.04/jammy-security"), ubuntu),
            UpdateClass::kLow);
  // "important" is not an Ubuntu priority; from the normal archive that is
  // a point release, not a guess.
  EXPECT_EQ(Classify(Update("libc6", "important"), ubuntu), UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, TheSecurityArchiveWithoutSeverityIsImportant) {
  const PackageFamily debian = PackageFamily::kDebian;
  EXPECT_EQ(Classify(Update("openssl", "", "Debian-Security"), debian), UpdateClass::kImportant);
  EXPECT_EQ(Classify(Update("openssl", "", "bookworm-security"), debian), UpdateClass::kImportant);
  EXPECT_EQ(Classify(Update("openssl", "", "Ubuntu:22.04/JAMMY-SECURITY"), PackageFamily::kUbuntu),
            UpdateClass::kImportant);
  // An unknown severity word does not lower a security update.
  EXPECT_EQ(Classify(Update("openssl", "urgent", "Debian-Security"), debian),
            UpdateClass::kImportant);
  // "security" alone (no hyphen) is not the archive suffix.
  EXPECT_EQ(Classify(Update("openssl", "", "securityonion"), debian), UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, CvesWithoutSeverityAreImportant) {
  PendingUpdate u = Update("curl", "", "Debian:12.5/stable");
  u.cves = {"CVE-2024-2398"};
  EXPECT_EQ(Classify(u, PackageFamily::kDebian), UpdateClass::kImportant);
  // With a severity, the severity decides.
  u.severity = "Moderate";
  EXPECT_EQ(Classify(u, PackageFamily::kRedHat), UpdateClass::kModerate);
}

TEST(ClassificationTest, APointReleaseFromTheNormalArchiveIsAServiceRelease) {
  EXPECT_EQ(Classify(Update("tzdata", "", "Debian:12.5/stable"), PackageFamily::kDebian),
            UpdateClass::kServiceRelease);
  EXPECT_EQ(Classify(Update("tzdata", "", "jammy-updates"), PackageFamily::kUbuntu),
            UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, ANewMajorVersionIsAMajorRevision) {
  PendingUpdate u = Update("postgresql", "", "Debian:12.5/stable");
  u.installed_version = "15.6-0+deb12u1";
  u.candidate_version = "16.2-1";
  EXPECT_EQ(Classify(u, PackageFamily::kDebian), UpdateClass::kMajorRevision);
  u.installed_version = "";  // newly installed: no major number to compare
  EXPECT_EQ(Classify(u, PackageFamily::kDebian), UpdateClass::kServiceRelease);
}

TEST(ClassificationTest, AMajorVersionShippedAsASecurityFixKeepsTheSecurityDeadline) {
  // Thunderbird 91 -> 102 went out through focal-security.
  PendingUpdate u = Update("thunderbird", "", "focal-security");
  u.installed_version = "1:91.13.0+build1-0ubuntu0.20.04.1";
  u.candidate_version = "1:102.4.2+build2-0ubuntu0.20.04.1";
  EXPECT_EQ(Classify(u, PackageFamily::kUbuntu), UpdateClass::kImportant);
  u.severity = "high";
  EXPECT_EQ(Classify(u, PackageFamily::kUbuntu), UpdateClass::kImportant);
  u.severity = "critical";
  EXPECT_EQ(Classify(u, PackageFamily::kUbuntu), UpdateClass::kCritical);
  u.severity = "";
  u.origin = "focal-updates";
  u.cves = {"CVE-2022-45403"};
  EXPECT_EQ(Classify(u, PackageFamily::kUbuntu), UpdateClass::kImportant);
  u.cves.clear();
  EXPECT_EQ(Classify(u, PackageFamily::kUbuntu), UpdateClass::kMajorRevision);
}

TEST(ClassificationTest, AnExactOverrideBeatsAnyGlob) {
  const std::vector<ClassOverride> overrides = {
      {"openssl*", UpdateClass::kLow},
      {"openssl", UpdateClass::kCritical},
      {"opens?l", UpdateClass::kModerate},
  };
  EXPECT_EQ(Classify(Update("openssl", "Low"), PackageFamily::kRedHat, overrides),
            UpdateClass::kCritical);
  // The exact name matches only itself.
  EXPECT_EQ(Classify(Update("openssl-libs"), PackageFamily::kRedHat, overrides), UpdateClass::kLow);
}

TEST(ClassificationTest, TheLongestMatchingGlobWinsAndTiesGoToTheFirst) {
  const std::vector<ClassOverride> overrides = {
      {"lib*", UpdateClass::kLow},
      {"libssl*", UpdateClass::kCritical},
      {"libss?3", UpdateClass::kModerate},  // as long as "libssl*"
      {"*", UpdateClass::kServiceRelease},
  };
  const PackageFamily debian = PackageFamily::kDebian;
  EXPECT_EQ(Classify(Update("libssl3"), debian, overrides), UpdateClass::kCritical);
  EXPECT_EQ(Classify(Update("libc6"), debian, overrides), UpdateClass::kLow);
  EXPECT_EQ(Classify(Update("nginx", "", "Debian-Security"), debian, overrides),
            UpdateClass::kServiceRelease);
  // An override wins over a major version too.
  PendingUpdate major = Update("libssl3");
  major.installed_version = "1.1.1w-0+deb11u1";
  EXPECT_EQ(Classify(major, debian, overrides), UpdateClass::kCritical);
}

TEST(ClassificationTest, GlobsMatchTheWholeName) {
  EXPECT_TRUE(GlobMatches("lib*", "libc6"));
  EXPECT_TRUE(GlobMatches("lib*", "lib"));
  EXPECT_TRUE(GlobMatches("*-dev", "libssl-dev"));
  EXPECT_TRUE(GlobMatches("linux-image-*-amd64", "linux-image-6.1.0-18-amd64"));
  EXPECT_TRUE(GlobMatches("python3.??", "python3.11"));
  EXPECT_FALSE(GlobMatches("python3.??", "python3.9"));
  EXPECT_FALSE(GlobMatches("*-dev", "libssl-dev-doc"));
  EXPECT_FALSE(GlobMatches("Lib*", "libc6"));  // case-sensitive, like package names
  EXPECT_TRUE(GlobMatches("*a*b*c", "xxaxxbxxbxc"));
}

TEST(ClassificationTest, ClassNamesRoundTrip) {
  for (UpdateClass c :
       {UpdateClass::kCritical, UpdateClass::kImportant, UpdateClass::kModerate, UpdateClass::kLow,
        UpdateClass::kServiceRelease, UpdateClass::kMajorRevision}) {
    EXPECT_EQ(ParseUpdateClass(UpdateClassName(c)), c);
  }
  EXPECT_EQ(UpdateClassName(UpdateClass::kServiceRelease), "service_release");
  EXPECT_EQ(UpdateClassName(UpdateClass::kMajorRevision), "major_revision");
  EXPECT_EQ(ParseUpdateClass("Critical"), std::nullopt);
  EXPECT_EQ(ParseUpdateClass("service release"), std::nullopt);
  EXPECT_EQ(ParseUpdateClass(""), std::nullopt);
}

}  // namespace
}  // namespace steward::patching
