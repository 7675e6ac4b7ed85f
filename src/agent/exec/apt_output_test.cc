#include "agent/exec/apt_output.h"

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

// `apt-get -q install -y stw-app=1.1 stw-conf=1.1 stw-fail=1.1` as captured
// from a real run (apt's pty: lines end in "\r\n", progress in "\r").
constexpr std::string_view kUpgradeLog =
    "Reading package lists...\r\n"
    "Building dependency tree...\r\n"
    "Reading state information...\r\n"
    "The following packages will be upgraded:\r\n"
    "  stw-app stw-conf stw-fail\r\n"
    "3 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\r\n"
    "Get:1 file:/tmp/repo ./ stw-app 1.1 [808 B]\r\n"
    "(Reading database ... \r(Reading database ... 100%\r(Reading database ... 12 files and "
    "directories currently installed.)\r\n"
    "Preparing to unpack .../repo/./stw-app_1.1_all.deb ...\r\n"
    "Unpacking stw-app (1.1) over (1.0) ...\r\n"
    "Preparing to unpack .../repo/./stw-conf_1.1_all.deb ...\r\n"
    "Unpacking stw-conf (1.1) over (1.0) ...\r\n"
    "Preparing to unpack .../repo/./stw-fail_1.1_all.deb ...\r\n"
    "Unpacking stw-fail:amd64 (1.1) over (1.0) ...\r\n"
    "Setting up stw-fail:amd64 (1.1) ...\r\n"
    "postinst of stw-fail failing\r\n"
    "dpkg: error processing package stw-fail:amd64 (--configure):\r\n"
    " installed stw-fail package post-installation script subprocess returned error exit "
    "status 3\r\n"
    "Setting up stw-app (1.1) ...\r\n"
    "Installing new version of config file /etc/stw-app.conf ...\r\n"
    "Setting up stw-conf (1.1) ...\r\n"
    "\r\n"
    "Configuration file '/etc/stw-conf.conf' (actually '/tmp/root/etc/stw-conf.conf')\r\n"
    " ==> Modified (by you or by a script) since installation.\r\n"
    " ==> Package distributor has shipped an updated version.\r\n"
    "   What would you like to do about it ?  Your options are:\r\n"
    "    Y or I  : install the package maintainer's version\r\n"
    "    N or O  : keep your currently-installed version\r\n"
    " The default action is to keep your current version.\r\n"
    "*** stw-conf.conf (Y/I/N/O/D/Z) [default=N] ? dpkg: error processing package stw-conf "
    "(--configure):\r\n"
    " end of file on stdin at conffile prompt\r\n"
    "Errors were encountered while processing:\r\n"
    " stw-fail\r\n"
    " stw-conf\r\n"
    "E: Sub-process /usr/bin/dpkg returned an error code (1)\n";

TEST(AptOutputTest, AFailedPostinstAndAConffilePromptAreAttributedToTheirPackages) {
  AptInstallLog log = ParseAptInstallLog(kUpgradeLog);
  EXPECT_TRUE(log.dpkg_ran);
  EXPECT_TRUE(log.unavailable.empty());

  const AptPackageEvents& fail = log.packages.at("stw-fail");
  EXPECT_TRUE(fail.dpkg_error);
  EXPECT_EQ(fail.script_exit_status, 3);
  EXPECT_TRUE(fail.conffile_prompt.empty());
  ASSERT_FALSE(fail.lines.empty());
  EXPECT_EQ(fail.lines.back(),
            " installed stw-fail package post-installation script subprocess returned error exit "
            "status 3");
  EXPECT_NE(std::find(fail.lines.begin(), fail.lines.end(), "postinst of stw-fail failing"),
            fail.lines.end());

  const AptPackageEvents& conf = log.packages.at("stw-conf");
  EXPECT_TRUE(conf.dpkg_error);
  EXPECT_EQ(conf.conffile_prompt, "/etc/stw-conf.conf");
  EXPECT_EQ(conf.script_exit_status, -1);

  const AptPackageEvents& app = log.packages.at("stw-app");
  EXPECT_FALSE(app.dpkg_error);
  EXPECT_TRUE(app.conffile_prompt.empty());
  EXPECT_EQ(app.lines.back(), "Installing new version of config file /etc/stw-app.conf ...");

  // The progress line's overwritten states are gone, the error list is not
  // attributed to anyone.
  for (const auto& line : log.lines) EXPECT_FALSE(line.starts_with("(Reading database")) << line;
  EXPECT_EQ(log.packages.count("stw-fail\r"), 0u);
}

TEST(AptOutputTest, PackagesAptCannotFindAreNamed) {
  AptInstallLog log = ParseAptInstallLog(
      "Reading package lists...\n"
      "Building dependency tree...\n"
      "Reading state information...\n"
      "E: Unable to locate package nosuch\n"
      "Package stw-old is not available, but is referred to by another package.\n"
      "This may mean that the package is missing, has been obsoleted, or\n"
      "is only available from another source\n"
      "E: Package 'stw-old' has no installation candidate\n"
      "E: Version '1.7' for 'stw-app' was not found\n");
  EXPECT_FALSE(log.dpkg_ran);
  ASSERT_EQ(log.unavailable.size(), 3u);
  EXPECT_EQ(log.unavailable.at("nosuch"), "E: Unable to locate package nosuch");
  EXPECT_EQ(log.unavailable.at("stw-old"), "E: Package 'stw-old' has no installation candidate");
  EXPECT_EQ(log.unavailable.at("stw-app"), "E: Version '1.7' for 'stw-app' was not found");
}

TEST(AptOutputTest, UnpackFailuresAndDependencyProblemsNameThePackage) {
  AptInstallLog log = ParseAptInstallLog(
      "Preparing to unpack .../stw-pre_2.0-1_amd64.deb ...\n"
      "preinst says no\n"
      "dpkg: error processing archive /var/cache/apt/archives/stw-pre_2.0-1_amd64.deb "
      "(--unpack):\n"
      " new stw-pre package pre-installation script subprocess returned error exit status 7\n"
      "dpkg: dependency problems prevent configuration of stw-dep:\n"
      " stw-dep depends on stw-pre (>= 2.0); however:\n"
      "  Version of stw-pre on system is 1.0-1.\n"
      "\n"
      "dpkg: error processing package stw-dep (--configure):\n"
      " dependency problems - leaving unconfigured\n");
  EXPECT_TRUE(log.dpkg_ran);
  EXPECT_EQ(log.packages.at("stw-pre").script_exit_status, 7);
  EXPECT_TRUE(log.packages.at("stw-pre").dpkg_error);
  EXPECT_EQ(log.packages.at("stw-pre").lines.front(),
            "Preparing to unpack .../stw-pre_2.0-1_amd64.deb ...");
  EXPECT_TRUE(log.packages.at("stw-dep").dpkg_error);
  EXPECT_EQ(log.packages.at("stw-dep").script_exit_status, -1);
  EXPECT_EQ(log.packages.at("stw-dep").lines.back(), " dependency problems - leaving unconfigured");
}

TEST(AptOutputTest, DpkgStatusGivesVersionAndState) {
  auto status = ParseDpkgStatus(
      "Package: stw-app\n"
      "Status: install ok installed\n"
      "Priority: optional\n"
      "Version: 1.1\n"
      "Conffiles:\n"
      " /etc/stw-app.conf 82b2e5313a67f51605bddba83f592340\n"
      "Description: test\n"
      " more text: with a colon\n"
      "\n"
      "Package: stw-fail\n"
      "Status: install ok half-configured\n"
      "Version: 1:1.1-2\n"
      "Config-Version: 1.0\n"
      "\n"
      "Package: stw-gone\n"
      "Status: deinstall ok config-files\n"
      "Version: 0.9\n"
      "\n"
      "Package: broken\n"
      "\n"
      "Package: stw-app\n"
      "Status: install ok installed\n"
      "Architecture: i386\n"
      "Version: 9.9\n");
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status.at("stw-app").version, "1.1");  // the first architecture's
  EXPECT_EQ(status.at("stw-app").state, "installed");
  EXPECT_EQ(status.at("stw-fail").version, "1:1.1-2");
  EXPECT_EQ(status.at("stw-fail").state, "half-configured");
  EXPECT_EQ(status.at("stw-gone").state, "config-files");
  EXPECT_TRUE(ParseDpkgStatus("").empty());
}

TEST(AptOutputTest, TailLinesKeepsTheNewest) {
  std::vector<std::string> lines = {"one", "two", "three", "four"};
  EXPECT_EQ(TailLines(lines, 2, 100), "three\nfour");
  EXPECT_EQ(TailLines(lines, 10, 100), "one\ntwo\nthree\nfour");
  EXPECT_EQ(TailLines(lines, 10, 10), "three\nfour");
  EXPECT_EQ(TailLines({std::string(50, 'x')}, 5, 8), std::string(8, 'x'));
  EXPECT_EQ(TailLines({}, 5, 8), "");
}

TEST(AptOutputTest, PrintUrisSaysWhereEachArchiveComesFrom) {
  auto uris = ParseAptPrintUris(
      "Reading package lists...\n"
      "After this operation, 0 B of additional disk space will be used.\n"
      "'file:/tmp/steward-deb-x/repo/./stw-conf_1.1_all.deb' stw-conf_1.1_all.deb 712 "
      "MD5Sum:c1d611b02b88e5da973d2c4ef56a546a\n"
      "'http://deb.debian.org/debian/pool/main/o/openssl/openssl_3.0.15-1%7edeb12u1_amd64.deb' "
      "openssl_1%3a3.0.15-1~deb12u1_amd64.deb 1425456 SHA256:00ff\n"
      "'broken\n");
  ASSERT_EQ(uris.size(), 2u);
  EXPECT_EQ(uris.at("stw-conf_1.1_all.deb"), "file:/tmp/steward-deb-x/repo/./stw-conf_1.1_all.deb");
  EXPECT_EQ(LocalPathOfUri(uris.at("stw-conf_1.1_all.deb")),
            "/tmp/steward-deb-x/repo/./stw-conf_1.1_all.deb");
  EXPECT_EQ(LocalPathOfUri(uris.at("openssl_1%3a3.0.15-1~deb12u1_amd64.deb")), "");
  EXPECT_EQ(LocalPathOfUri("file:///srv/my%20repo/a.deb"), "/srv/my repo/a.deb");
  EXPECT_EQ(LocalPathOfUri("file://localhost/srv/a.deb"), "/srv/a.deb");
  EXPECT_EQ(LocalPathOfUri("copy:/srv/a.deb"), "");
}

}  // namespace
}  // namespace steward::agent
