#include "net/http_types.h"

#include <gtest/gtest.h>

namespace steward::net {
namespace {

TEST(PercentDecodeTest, DecodesAndRejects) {
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%2e%2E", false), "..");
  EXPECT_FALSE(PercentDecode("%", false).has_value());
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("%zz", false).has_value());
  EXPECT_FALSE(PercentDecode("%00", false).has_value());
  EXPECT_FALSE(PercentDecode(std::string_view("a\0b", 3), false).has_value());
}

TEST(HttpRequestTest, HeadersCookiesAndQuery) {
  HttpRequest r;
  r.headers = {{"Content-Type", "application/json"}, {"Cookie", "a=1; steward_session=xyz; b=2"}};
  r.query = "q=hello+world&limit=5&q=second&flag";
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_FALSE(r.Header("x-missing").has_value());
  EXPECT_EQ(r.Cookie("steward_session"), "xyz");
  EXPECT_EQ(r.Cookie("b"), "2");
  EXPECT_FALSE(r.Cookie("steward").has_value());
  EXPECT_EQ(r.QueryParam("q"), "hello world");
  EXPECT_EQ(r.QueryParam("limit"), "5");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_FALSE(r.QueryParam("nope").has_value());
  EXPECT_EQ(r.QueryParamNames().size(), 4u);
}

}  // namespace
}  // namespace steward::net
