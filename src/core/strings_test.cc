// Text helpers: ASCII lower-casing and cutting UTF-8 on character boundaries.
#include "core/strings.h"

#include <gtest/gtest.h>

namespace steward {
namespace {

TEST(StringsTest, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiLower("Dana@MSP.Example"), "dana@msp.example");
  EXPECT_EQ(AsciiLower("ÄÖÜ"), "ÄÖÜ");
}

TEST(StringsTest, Utf8PrefixNeverEndsInsideACharacter) {
  const std::string text = "Störung: 日本";  // ö: 2 bytes, 日 and 本: 3 bytes each
  EXPECT_EQ(Utf8Prefix(text, 100), text);
  EXPECT_EQ(Utf8Prefix(text, 2), "St");
  EXPECT_EQ(Utf8Prefix(text, 3), "St");  // inside ö
  EXPECT_EQ(Utf8Prefix(text, 4), "Stö");
  EXPECT_EQ(Utf8Prefix(text, 12), "Störung: ");  // inside 日 (bytes 10–12)
  EXPECT_EQ(Utf8Prefix(text, 13), "Störung: 日");
  EXPECT_EQ(Utf8Prefix(text, 0), "");
  // Every cut of a string of 4-byte characters is whole characters.
  const std::string emoji = "🔥🔥🔥";
  for (size_t n = 0; n <= emoji.size(); ++n) EXPECT_EQ(Utf8Prefix(emoji, n).size() % 4, 0u) << n;
}

}  // namespace
TEST(StringsTest, TrimAsciiSpaceKeepsInnerSpaceAndUtf8) {
  EXPECT_EQ(TrimAsciiSpace("  \t12 Main St\r\n"), "12 Main St");
  EXPECT_EQ(TrimAsciiSpace("Z\xc3\xbcrich "), "Z\xc3\xbcrich");
  EXPECT_EQ(TrimAsciiSpace(" \n\t "), "");
  EXPECT_EQ(TrimAsciiSpace(""), "");
}

TEST(StringsTest, ListsRoundTripThroughOneLinePerItem) {
  const std::vector<std::string> items = {"USN-7001-1", "CVE-2026-1234", "x"};
  EXPECT_EQ(JoinLines(items), "USN-7001-1\nCVE-2026-1234\nx");
  EXPECT_EQ(SplitLines(JoinLines(items)), items);
  EXPECT_TRUE(SplitLines("").empty());
  EXPECT_EQ(JoinLines({}), "");
  EXPECT_EQ(SplitLines("one"), std::vector<std::string>{"one"});
}

TEST(StringsTest, HasAsciiControlFindsControlsAndDelOnly) {
  EXPECT_FALSE(HasAsciiControl("Suite 4, \xc3\x89tage 2"));
  EXPECT_TRUE(HasAsciiControl("a\nb"));
  EXPECT_TRUE(HasAsciiControl(std::string_view("a\0b", 3)));
  EXPECT_TRUE(HasAsciiControl("a\x7f"));
  EXPECT_FALSE(HasAsciiControl(""));
}

}  // namespace steward
