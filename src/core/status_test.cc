#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace steward {
namespace {

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, NotFoundNamesTheObject) {
  Status s = Status::NotFound("customer", "42");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not_found: customer 42 not found");
}

TEST(StatusTest, InvalidArgumentCarriesField) {
  Status s = Status::InvalidArgument("is required", "name");
  EXPECT_EQ(s.field(), "name");
  EXPECT_EQ(s.ToString(), "invalid_argument: is required (field name)");
  EXPECT_EQ(s.WithContext("creating").message(), "creating: is required");
}

Result<int> Half(int n) {
  if (n % 2) return Status::InvalidArgument("odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  STEWARD_ASSIGN_OR_RETURN(int half, Half(n));
  STEWARD_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(ResultTest, PropagatesErrorsAndValues) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
  EXPECT_EQ(Quarter(6).status().message(), "odd");
  EXPECT_EQ(Quarter(5).value_or(-1), -1);
}

TEST(ResultDeathTest, ReadingErrorValueAborts) {
  Result<int> r = Status::Internal("x");
  EXPECT_DEATH((void)r.value(), "");
}

}  // namespace
}  // namespace steward
