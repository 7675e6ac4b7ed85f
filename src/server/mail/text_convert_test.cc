#include "server/mail/text_convert.h"

#include <gtest/gtest.h>

namespace steward::mail {
namespace {

TEST(TextConvertTest, Latin1AndWindows1252BecomeUtf8) {
  EXPECT_EQ(ToUtf8("Gr\xFC\xDF"
                   "e",
                   "ISO-8859-1"),
            "Grüße");
  // 0x80 is the euro sign in Windows-1252 (and in mail labelled Latin-1).
  EXPECT_EQ(ToUtf8("5 \x80 \x93quoted\x94", "windows-1252"), "5 € “quoted”");
  EXPECT_EQ(ToUtf8("\x80", "iso-8859-1"), "€");
}

TEST(TextConvertTest, OtherCharsetsGoThroughIconvAndBadBytesAreReplaced) {
  EXPECT_EQ(ToUtf8("\xC1\xE2", "koi8-r"), "аБ");
  EXPECT_EQ(ToUtf8("ok \xFF\xFE end", "utf-8"), "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(ToUtf8("caf\xE9", "x-unknown-charset"), "café");
  EXPECT_EQ(ToUtf8("plain", "no-such-charset"), "plain");
  // Broken input in a multi-byte charset still ends.
  std::string out = ToUtf8("\x82\xA0\x82", "shift_jis");
  EXPECT_FALSE(out.empty());
}

TEST(TextConvertTest, MakeValidUtf8RejectsOverlongsAndSurrogates) {
  EXPECT_EQ(MakeValidUtf8("a\xC0\xAF"
                          "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(MakeValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(MakeValidUtf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(MakeValidUtf8("ü€😀"), "ü€😀");
  // F5..FF start no sequence (found by fuzz_mime_parse).
  EXPECT_EQ(MakeValidUtf8("\xF8\x88\x80\x80\x80"),
            std::string(5 * 3, ' ')
                .replace(0, 15, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));
  EXPECT_EQ(MakeValidUtf8("a\xFF\xC1\x81z"), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz");
}

TEST(TextConvertTest, HtmlBecomesReadableText) {
  std::string html =
      "<html><head><title>T</title><style>p{color:red}</style></head><body>"
      "<script>alert('x')</script><p>Hello&nbsp;<b>World</b> &amp; you</p>"
      "<p>Line one<br>Line two</p><ul><li>first</li><li>second</li></ul>"
      "<!-- a comment --><div>&lt;tag&gt; &#252; &#x20AC; &euro;</div></body></html>";
  EXPECT_EQ(HtmlToText(html),
            "Hello World & you\n\nLine one\nLine two\n\n- first\n- second\n\n<tag> ü € €");
}

TEST(TextConvertTest, BrokenHtmlNeverFails) {
  EXPECT_EQ(HtmlToText("text <b"), "text");
  EXPECT_EQ(HtmlToText("<script>never closed"), "");
  EXPECT_EQ(HtmlToText("a &bogus; &#99999999; b"), "a &bogus; &#99999999; b");
}

}  // namespace
}  // namespace steward::mail
