#include "core/json.h"

#include <gtest/gtest.h>

namespace steward {
namespace {

TEST(JsonStrictTest, ParsesObjects) {
  auto j = ParseJsonStrict(R"({"a":1,"b":[true,null,"x"],"c":{"d":2.5}})");
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ((*j)["a"], 1);
  EXPECT_EQ((*j)["c"]["d"], 2.5);
}

TEST(JsonStrictTest, RejectsDuplicateKeys) {
  auto j = ParseJsonStrict(R"({"a":1,"a":2})");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("duplicate key"), std::string::npos);
  EXPECT_FALSE(ParseJsonStrict(R"({"x":{"a":1,"a":1}})").ok());
  // The same key in sibling objects is fine.
  EXPECT_TRUE(ParseJsonStrict(R"([{"a":1},{"a":2}])").ok());
}

TEST(JsonStrictTest, RejectsMalformedInput) {
  for (const char* bad : {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "nul", "{'a':1}"}) {
    EXPECT_FALSE(ParseJsonStrict(bad).ok()) << bad;
  }
}

TEST(JsonStrictTest, RejectsInvalidUtf8AndDeepNesting) {
  EXPECT_FALSE(ParseJsonStrict("{\"a\":\"\xff\"}").ok());
  EXPECT_FALSE(ParseJsonStrict("{\"a\":\"\xc0\xaf\"}").ok());  // overlong '/'
  EXPECT_FALSE(ParseJsonStrict(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_TRUE(ParseJsonStrict("{\"a\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}").ok());
}

TEST(JsonStrictTest, RefusesALeadingByteOrderMark) {
  auto r = ParseJsonStrict("\xEF\xBB\xBF{\"a\":1}");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("byte-order mark"), std::string::npos);
  // The same bytes inside a string are just a character.
  auto inside = ParseJsonStrict("{\"a\":\"\xEF\xBB\xBF\"}");
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ((*inside)["a"], "\xEF\xBB\xBF");
}

TEST(Utf8Test, ValidatesSequences) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_FALSE(IsValidUtf8(std::string_view("a\0b", 3)));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
}

TEST(ObjectReaderTest, ReadsTypedFields) {
  Json j = Json::parse(R"({"name":"Acme","n":5,"flag":true,"kind":"server","tags":["a"]})");
  ObjectReader r(j);
  EXPECT_EQ(r.RequiredString("name"), "Acme");
  EXPECT_EQ(r.OptionalInt("n", 0, 10), 5);
  EXPECT_EQ(r.OptionalBool("flag"), true);
  EXPECT_EQ(r.OptionalEnum("kind", {"server", "laptop"}), "server");
  EXPECT_EQ(r.OptionalStringArray("tags", 5, 10)->size(), 1u);
  EXPECT_FALSE(r.OptionalString("absent").has_value());
  EXPECT_TRUE(r.Finish().ok());
}

TEST(ObjectReaderTest, ReportsTheOffendingField) {
  Json j = Json::parse(R"({"name":"Acme","extra":1})");
  ObjectReader unknown(j);
  unknown.RequiredString("name");
  Status s = unknown.Finish();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "extra");

  Json k = Json::parse(R"({"name":42})");
  ObjectReader wrong_type(k);
  wrong_type.RequiredString("name");
  EXPECT_EQ(wrong_type.Finish().field(), "name");

  Json l = Json::parse(R"({"name":"xxxxxxxxxxx"})");
  ObjectReader too_long(l);
  too_long.RequiredString("name", 1, 10);
  EXPECT_NE(too_long.Finish().message().find("longer than 10"), std::string::npos);

  Json m = Json::parse(R"({})");
  ObjectReader missing(m);
  missing.RequiredString("name");
  EXPECT_EQ(missing.Finish().message(), "is required");

  Json n = Json::parse(R"({"n":11,"kind":"tablet"})");
  ObjectReader range(n);
  range.OptionalInt("n", 0, 10);
  range.OptionalEnum("kind", {"server"});
  EXPECT_EQ(range.Finish().field(), "n");  // the first error wins
}

TEST(ObjectReaderTest, NonObjectIsAnError) {
  Json j = Json::parse("[1]");
  ObjectReader r(j);
  EXPECT_FALSE(r.Finish().ok());
}

}  // namespace
}  // namespace steward
