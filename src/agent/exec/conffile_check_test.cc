#include "agent/exec/conffile_check.h"

#include <gtest/gtest.h>

#include "agent/exec/apt_output.h"

namespace steward::agent {
namespace {

// A status database as dpkg writes it: Conffiles is a multi-line field.
constexpr std::string_view kConffilesStatus =
    "Package: stw-conf\n"
    "Status: install ok installed\n"
    "Priority: optional\n"
    "Version: 1.0\n"
    "Architecture: all\n"
    "Conffiles:\n"
    " /etc/stw-conf.conf 3a2ac6bba4c4e2e7d42b1c7a1c1b7a5e\n"
    " /etc/stw conf/with space.conf 0123456789abcdef0123456789abcdef\n"
    " /etc/stw-conf.d/old.conf d41d8cd98f00b204e9800998ecf8427e obsolete\n"
    " /etc/stw-conf.d/new.conf newconffile\n"
    "Description: stw-conf for the installer's tests\n"
    " a continuation line of the description\n"
    "\n"
    "Package: stw-app\n"
    "Status: install ok installed\n"
    "Version: 1.1\n"
    "Description: no conffiles\n"
    " Conffiles: /etc/not-a-conffile 0123\n";

TEST(ConffileCheckTest, StatusConffilesAreReadWithTheirSums) {
  auto status = ParseDpkgStatus(kConffilesStatus);
  const auto& conf = status.at("stw-conf").conffiles;
  ASSERT_EQ(conf.size(), 4u);
  EXPECT_EQ(conf[0].path, "/etc/stw-conf.conf");
  EXPECT_EQ(conf[0].md5, "3a2ac6bba4c4e2e7d42b1c7a1c1b7a5e");
  EXPECT_FALSE(conf[0].obsolete);
  EXPECT_EQ(conf[1].path, "/etc/stw conf/with space.conf");
  EXPECT_EQ(conf[1].md5, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(conf[2].path, "/etc/stw-conf.d/old.conf");
  EXPECT_TRUE(conf[2].obsolete);
  EXPECT_EQ(conf[3].md5, "newconffile");
  EXPECT_EQ(status.at("stw-conf").version, "1.0");
  // The description's continuation lines are not conffiles.
  EXPECT_TRUE(status.at("stw-app").conffiles.empty());
}

TEST(ConffileCheckTest, TheConffilesMemberListsPathsWithFlags) {
  auto files = ParseConffilesMember(
      "/etc/stw-conf.conf\n"
      "\n"
      "remove-on-upgrade /etc/stw-conf.d/gone.conf\r\n"
      "  /etc/stw-conf.d/indented.conf  \n"
      "not-a-path\n"
      "/etc/last.conf");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].path, "/etc/stw-conf.conf");
  EXPECT_FALSE(files[0].remove_on_upgrade);
  EXPECT_EQ(files[1].path, "/etc/stw-conf.d/gone.conf");
  EXPECT_TRUE(files[1].remove_on_upgrade);
  EXPECT_EQ(files[2].path, "/etc/stw-conf.d/indented.conf");
  EXPECT_EQ(files[3].path, "/etc/last.conf");
  EXPECT_TRUE(ParseConffilesMember("").empty());
}

TEST(ConffileCheckTest, Md5MatchesRfc1321AndMd5sum) {
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(Md5Hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(
      Md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
      "57edf4a22be3c955ac49da2e2107b67a");
  // 55, 56 and 64 bytes: the padding's edge cases.
  EXPECT_EQ(Md5Hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(Md5Hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(Md5Hex(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
  // What `md5sum` says of the test package's configuration file.
  EXPECT_EQ(Md5Hex("listen=127.0.0.1:8080\n"), "dded7d18164de66e05036cdd7cfe3891");
}

ConffileSums Sums(std::optional<std::string> recorded, std::optional<std::string> on_disk,
                  std::optional<std::string> in_package) {
  return {"/etc/stw-conf.conf", std::move(recorded), std::move(on_disk), std::move(in_package)};
}

TEST(ConffileCheckTest, APromptNeedsALocalChangeAndAPackagedChange) {
  // Untouched locally: dpkg installs the new copy without asking, whatever it is.
  EXPECT_FALSE(NeedsPackagedSum(Sums("aaa", "aaa", std::nullopt)));
  EXPECT_EQ(ConffilePromptReason(Sums("aaa", "aaa", "bbb")), "");
  // Changed locally, not by the package: dpkg keeps the local file.
  EXPECT_TRUE(NeedsPackagedSum(Sums("aaa", "ccc", std::nullopt)));
  EXPECT_EQ(ConffilePromptReason(Sums("aaa", "ccc", "aaa")), "");
  // Changed by both: the prompt.
  EXPECT_EQ(ConffilePromptReason(Sums("aaa", "ccc", "bbb")),
            "/etc/stw-conf.conf was changed on this machine and the new version changes it too");
  // ... unless both made the same change (dpkg: identical, keeps it).
  EXPECT_EQ(ConffilePromptReason(Sums("aaa", "bbb", "bbb")), "");
  // Deleted locally: dpkg does not ask.
  EXPECT_FALSE(NeedsPackagedSum(Sums("aaa", std::nullopt, std::nullopt)));
  EXPECT_EQ(ConffilePromptReason(Sums("aaa", std::nullopt, "bbb")), "");
  // The new copy could not be read: counted as a prompt.
  EXPECT_NE(ConffilePromptReason(Sums("aaa", "ccc", std::nullopt)), "");
}

TEST(ConffileCheckTest, ANewConffileAlreadyOnDiskIsAPrompt) {
  EXPECT_EQ(ConffilePromptReason(Sums(std::nullopt, "ccc", "bbb")),
            "/etc/stw-conf.conf already exists on this machine and the new version ships a "
            "different one");
  EXPECT_NE(ConffilePromptReason(Sums("newconffile", "ccc", "bbb")), "");
  EXPECT_TRUE(NeedsPackagedSum(Sums(std::nullopt, "ccc", std::nullopt)));
  // Not on disk: installed without a question.
  EXPECT_FALSE(NeedsPackagedSum(Sums(std::nullopt, std::nullopt, std::nullopt)));
  EXPECT_EQ(ConffilePromptReason(Sums(std::nullopt, std::nullopt, "bbb")), "");
  // The same contents: nothing to ask.
  EXPECT_EQ(ConffilePromptReason(Sums(std::nullopt, "bbb", "bbb")), "");
}

}  // namespace
}  // namespace steward::agent
