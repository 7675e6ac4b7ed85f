#include "server/api/route_table.h"

#include <gtest/gtest.h>

namespace steward::api {
namespace {

Route Make(std::string method, std::string pattern) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = [](RequestContext&) -> Result<ApiResponse> { return ApiResponse::NoContent(); };
  return r;
}

TEST(RouteTableTest, MatchesLiteralsBeforeParametersBeforeCatchAll) {
  RouteTable t;
  t.Add(Make("GET", "/{*path}"));
  t.Add(Make("GET", "/api/v1/cis/{id}"));
  t.Add(Make("GET", "/api/v1/cis/export.csv"));
  t.Add(Make("PATCH", "/api/v1/cis/{id}"));

  auto m = t.Match("GET", "/api/v1/cis/export.csv");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/v1/cis/export.csv");

  m = t.Match("GET", "/api/v1/cis/42");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/v1/cis/{id}");
  EXPECT_EQ(m.params["id"], "42");

  m = t.Match("PATCH", "/api/v1/cis/42");
  EXPECT_EQ(m.route->method, "PATCH");

  m = t.Match("GET", "/assets/app.js");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params["path"], "assets/app.js");
}

TEST(RouteTableTest, ReportsPathMatchWithoutMethodFor405) {
  RouteTable t;
  t.Add(Make("GET", "/api/v1/things/{id}"));
  auto m = t.Match("DELETE", "/api/v1/things/1");
  EXPECT_FALSE(m.route);
  EXPECT_TRUE(m.path_matched);
  EXPECT_FALSE(t.Match("GET", "/api/v1/things").path_matched);
  EXPECT_FALSE(t.Match("GET", "/api/v1/things/1/extra").route);
}

TEST(RouteTableTest, BodyLimitComesFromTheRoute) {
  RouteTable t;
  Route big = Make("POST", "/api/v1/documents");
  big.max_body_bytes = 20 << 20;
  t.Add(big);
  EXPECT_EQ(t.BodyLimit("POST", "/api/v1/documents"), size_t{20} << 20);
  EXPECT_EQ(t.BodyLimit("POST", "/api/v1/other"), size_t{64} * 1024);
}

TEST(RouteTableDeathTest, DuplicateRouteAborts) {
  RouteTable t;
  t.Add(Make("GET", "/x"));
  EXPECT_DEATH(t.Add(Make("GET", "/x")), "");
}

}  // namespace
}  // namespace steward::api
