#include "server/cmdb/csv.h"

#include <random>

#include <gtest/gtest.h>

namespace steward::cmdb {
namespace {

std::vector<std::vector<std::string>> Fields(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

using Table = std::vector<std::vector<std::string>>;

TEST(CsvParseTest, PlainRowsWithAndWithoutFinalLineEnd) {
  auto a = ParseCsv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(Fields(*a), (Table{{"a", "b", "c"}, {"1", "2", "3"}}));
  auto b = ParseCsv("a,b,c\r\n1,2,3");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(Fields(*b), (Table{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvParseTest, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  auto r = ParseCsv("name,notes\r\n\"Smith, John\",\"said \"\"hi\"\"\r\nand left\"\r\n\"\",x\r\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Fields(*r),
            (Table{{"name", "notes"}, {"Smith, John", "said \"hi\"\r\nand left"}, {"", "x"}}));
  // Line numbers count physical lines, so the record after the embedded
  // line break starts on line 4.
  EXPECT_EQ((*r)[0].line, 1);
  EXPECT_EQ((*r)[1].line, 2);
  EXPECT_EQ((*r)[2].line, 4);
}

TEST(CsvParseTest, EmptyFieldsTrailingCommaBlankLinesAndLoneCr) {
  auto r = ParseCsv("a,,c,\n\nx\ry");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Fields(*r), (Table{{"a", "", "c", ""}, {""}, {"x"}, {"y"}}));
  auto empty = ParseCsv("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(CsvParseTest, ByteOrderMarkIsSkipped) {
  auto r = ParseCsv("\xEF\xBB\xBFname\nx\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].fields[0], "name");
}

TEST(CsvParseTest, MalformedInputIsAnErrorWithTheLine) {
  struct Case {
    std::string text;
    std::string expect;  // part of the message
  } cases[] = {
      {"a,b\n\"open,x\n", "line 2: unterminated"},
      {"a,b\n1,2\nx\"y,3\n", "line 3: a quote inside an unquoted field"},
      {"\"a\"b,c\n", "line 1: unexpected text after a closing quote"},
      {"a\n\"never closed", "line 2: unterminated"},
      {"\"", "unterminated"},
  };
  for (const auto& tc : cases) {
    auto r = ParseCsv(tc.text);
    ASSERT_FALSE(r.ok()) << tc.text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(tc.expect), std::string::npos)
        << tc.text << " -> " << r.status().message();
  }
}

TEST(CsvParseTest, RejectsNulAndInvalidUtf8) {
  EXPECT_FALSE(ParseCsv(std::string("a,b\n1,\0", 7)).ok());
  EXPECT_FALSE(ParseCsv("a,\xff\xfe\n").ok());
}

TEST(CsvParseTest, LimitsAreEnforced) {
  EXPECT_FALSE(ParseCsv("a\nb\nc\n", {.max_records = 2}).ok());
  EXPECT_FALSE(ParseCsv("a,b,c\n", {.max_fields = 2}).ok());
  EXPECT_FALSE(ParseCsv("\"abcdef\"\n", {.max_field_bytes = 3}).ok());
  EXPECT_TRUE(ParseCsv("a\nb\n", {.max_records = 2}).ok());
}

TEST(CsvParseTest, RandomInputNeverCrashes) {
  // Deterministic noise over the characters that matter to the state machine.
  std::mt19937 rng(4180);
  const char alphabet[] = {'a', ',', '"', '\r', '\n', ' ', 'x', '\xc3', '\xa9'};
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s;
    size_t len = rng() % 40;
    for (size_t i = 0; i < len; ++i) s += alphabet[rng() % sizeof alphabet];
    auto r = ParseCsv(s);
    if (r.ok()) {
      for (const auto& rec : *r) EXPECT_FALSE(rec.fields.empty());
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(CsvWriteTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvCell(" padded "), "\" padded \"");
  EXPECT_EQ(CsvLine({"a", "", "c"}), "a,,c\r\n");
}

TEST(CsvWriteTest, FormulasAreDefused) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
  EXPECT_EQ(CsvCell("+1-555"), "'+1-555");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("a=b"), "a=b");
  EXPECT_EQ(UnguardFormula("'=1+1"), "=1+1");
  EXPECT_EQ(UnguardFormula("'quoted"), "'quoted");
  EXPECT_EQ(UnguardFormula("plain"), "plain");
}

TEST(CsvWriteTest, WriterOutputParsesBackToTheSameValues) {
  std::vector<std::string> values = {"",
                                     "plain",
                                     "a,b",
                                     "q\"uote",
                                     "line\r\nbreak",
                                     "caf\xc3\xa9",
                                     " edge ",
                                     "=cmd|' /C calc'!A0"};
  auto r = ParseCsv(CsvLine(values) + CsvLine(values));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  std::vector<std::string> back;
  for (const auto& f : (*r)[1].fields) back.push_back(UnguardFormula(f));
  EXPECT_EQ(back, values);
}

}  // namespace
}  // namespace steward::cmdb
