// The attribute-oriented XML scanner: well-formed input, entity decoding,
// and hostile input (cut-off markup, huge values, garbage) that must end in
// a partial result and never in a crash or an out-of-bounds read (the
// sanitizer build checks the latter).
#include "agent/collectors/xml_tag_scanner.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

TEST(XmlTagScannerTest, ReadsTagsAttributesAndText) {
  auto scan = ScanXmlTags(
      "<?xml version='1.0'?>\n<!-- a <comment> -->\n<!DOCTYPE stream>\n"
      "<stream><update kind=\"package\" name='glibc' edition = \"2.38\">\n"
      "<summary>C library</summary><license/>"
      "<source url=\"https://x/?a=1&amp;b=2\" alias=\"repo\"/></update></stream>");
  EXPECT_TRUE(scan.complete);
  ASSERT_EQ(scan.tags.size(), 8u);
  EXPECT_EQ(scan.tags[0].name, "stream");
  const XmlTag& update = scan.tags[1];
  EXPECT_EQ(update.name, "update");
  EXPECT_FALSE(update.closing);
  EXPECT_FALSE(update.self_closing);
  ASSERT_NE(update.Attribute("name"), nullptr);
  EXPECT_EQ(*update.Attribute("name"), "glibc");
  EXPECT_EQ(*update.Attribute("edition"), "2.38");
  EXPECT_EQ(update.Attribute("missing"), nullptr);
  EXPECT_EQ(scan.tags[2].name, "summary");
  EXPECT_EQ(scan.tags[2].text, "C library");
  EXPECT_TRUE(scan.tags[3].closing);
  EXPECT_TRUE(scan.tags[4].self_closing);
  EXPECT_EQ(*scan.tags[5].Attribute("url"), "https://x/?a=1&b=2");
  EXPECT_TRUE(scan.tags[6].closing);
  EXPECT_EQ(scan.tags[6].name, "update");
}

TEST(XmlTagScannerTest, DecodesEntitiesAndCharacterReferences) {
  EXPECT_EQ(DecodeXmlText("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", 100),
            "a & b <c> \"d\" 'e'");
  EXPECT_EQ(DecodeXmlText("&#65;&#x42;&#x20AC;&#128512;", 100), "AB\xE2\x82\xAC\xF0\x9F\x98\x80");
  // Not references: kept as they are.
  EXPECT_EQ(DecodeXmlText("AT&T &nbsp; &; &#; &#x; &#xZZ; &amp", 100),
            "AT&T &nbsp; &; &#; &#x; &#xZZ; &amp");
  // References XML forbids.
  EXPECT_EQ(DecodeXmlText("&#0;&#xD800;&#x110000;&#99999999;", 100), "????");
  EXPECT_EQ(DecodeXmlText("&#xFFFFFFFFF;", 100), "&#xFFFFFFFFF;");  // too many digits
  // Cut to the limit, never inside a UTF-8 sequence.
  EXPECT_EQ(DecodeXmlText("abcdef", 3), "abc");
  EXPECT_EQ(DecodeXmlText("ab&#x20AC;", 4), "ab");
  auto scan = ScanXmlTags("<a v=\"&lt;&amp;&gt;\">x &amp; y<![CDATA[ <raw> &amp; ]]>z</a>");
  ASSERT_EQ(scan.tags.size(), 2u);
  EXPECT_EQ(*scan.tags[0].Attribute("v"), "<&>");
  EXPECT_EQ(scan.tags[0].text, "x & y <raw> &amp; z");
}

TEST(XmlTagScannerTest, UnterminatedMarkupEndsTheScanWithWhatCameBefore) {
  for (const char* cut : {"<a/><b x=\"1", "<a/><b x='1' ", "<a/><b", "<a/><!-- never closed",
                          "<a/><![CDATA[ open", "<a/><?xml", "<a/><b x=", "<a/></b"}) {
    auto scan = ScanXmlTags(cut);
    EXPECT_FALSE(scan.complete) << cut;
    ASSERT_EQ(scan.tags.size(), 1u) << cut;
    EXPECT_EQ(scan.tags[0].name, "a");
  }
}

TEST(XmlTagScannerTest, MalformedTagsAreDroppedAndScanningGoesOn) {
  auto scan =
      ScanXmlTags("1 < 2 <> < / > <b x=\"1\" <c y=\"2\"/> <d =\"v\" / z w=\"3\">text</d> <e a=b>");
  ASSERT_EQ(scan.tags.size(), 4u);
  EXPECT_EQ(scan.tags[0].name, "c");  // <b ... never closed before <c
  EXPECT_EQ(*scan.tags[0].Attribute("y"), "2");
  EXPECT_EQ(scan.tags[1].name, "d");
  EXPECT_EQ(*scan.tags[1].Attribute("w"), "3");
  EXPECT_EQ(scan.tags[1].Attribute("z")->size(), 0u);  // an attribute without a value
  EXPECT_EQ(scan.tags[1].text, "text");
  EXPECT_EQ(scan.tags[3].name, "e");
  EXPECT_EQ(*scan.tags[3].Attribute("a"), "b");  // unquoted, tolerated
}

TEST(XmlTagScannerTest, HugeInputIsCapped) {
  XmlScanLimits limits;
  std::string huge_value(1 << 20, 'v');
  auto scan = ScanXmlTags("<a v=\"" + huge_value + "\">" + huge_value + "</a>", limits);
  ASSERT_EQ(scan.tags.size(), 2u);
  EXPECT_EQ(scan.tags[0].Attribute("v")->size(), limits.max_value_bytes);
  EXPECT_EQ(scan.tags[0].text.size(), limits.max_value_bytes);

  // A name longer than any real one: the tag is not read.
  std::string long_name(limits.max_name_bytes + 1, 'n');
  scan = ScanXmlTags("<" + long_name + "/><ok " + long_name + "=\"1\"/><fine/>", limits);
  ASSERT_EQ(scan.tags.size(), 1u);
  EXPECT_EQ(scan.tags[0].name, "fine");

  std::string many_attributes = "<a";
  for (int i = 0; i < 100; ++i) many_attributes += " k" + std::to_string(i) + "=\"v\"";
  scan = ScanXmlTags(many_attributes + "/>", limits);
  ASSERT_EQ(scan.tags.size(), 1u);
  EXPECT_EQ(scan.tags[0].attributes.size(), limits.max_attributes_per_tag);

  limits.max_tags = 10;
  std::string many_tags;
  for (int i = 0; i < 50; ++i) many_tags += "<t/>";
  scan = ScanXmlTags(many_tags, limits);
  EXPECT_EQ(scan.tags.size(), 10u);
  EXPECT_FALSE(scan.complete);
}

TEST(XmlTagScannerTest, EveryPrefixAndGarbageScansWithoutCrashing) {
  const std::string doc =
      "<?xml version='1.0'?><stream><update kind=\"patch\" name=\"S&amp;P\">"
      "<summary>x &lt; y</summary><issue-list><issue type=\"cve\" id=\"CVE-1\"/>"
      "</issue-list><![CDATA[c]]><!-- c --></update></stream>";
  for (size_t cut = 0; cut <= doc.size(); ++cut) {
    auto scan = ScanXmlTags(std::string_view(doc).substr(0, cut));
    EXPECT_LE(scan.tags.size(), 10u);
  }
  // Deterministic pseudo-random bytes drawn mostly from XML's own characters.
  const std::string alphabet = "<>/=\"'&;#x!?-[]aAzZ09 \n\t\xC3\xA9\xFF";
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string junk;
    for (int i = 0; i < 300; ++i) {
      state = state * 1103515245u + 12345u;
      junk += alphabet[(state >> 16) % alphabet.size()];
    }
    auto scan = ScanXmlTags(junk);
    for (const auto& tag : scan.tags) EXPECT_FALSE(tag.name.empty());
  }
}

}  // namespace
}  // namespace steward::agent
