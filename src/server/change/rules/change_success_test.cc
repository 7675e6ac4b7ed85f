// The change success rate: successful among the changes that ran; a
// withdrawn change never ran; no change run, no rate.
#include "server/change/rules/change_success.h"

#include <gtest/gtest.h>

namespace steward::change {
namespace {

TEST(ChangeSuccessTest, SuccessfulAmongTheChangesThatRan) {
  EXPECT_EQ(SuccessRate({}), std::nullopt);
  EXPECT_EQ(SuccessRate({.withdrawn = 3}), std::nullopt) << "withdrawn changes never ran";
  EXPECT_DOUBLE_EQ(*SuccessRate({.successful = 3, .failed = 0, .backed_out = 1, .withdrawn = 5}),
                   0.75);
  EXPECT_DOUBLE_EQ(*SuccessRate({.successful = 0, .failed = 2}), 0.0);
}

}  // namespace
}  // namespace steward::change
