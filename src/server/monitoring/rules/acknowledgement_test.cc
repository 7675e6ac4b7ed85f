#include "server/monitoring/rules/acknowledgement.h"

#include <gtest/gtest.h>

namespace steward::monitoring {
namespace {

TEST(AcknowledgementTest, AnOpenAlertIsAcknowledgedOnce) {
  Alert a;
  a.id = 3;
  auto first = NeedsAcknowledgement(a);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  a.acknowledged_at = FromMillis(1000);
  auto again = NeedsAcknowledgement(a);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST(AcknowledgementTest, AResolvedAlertCannotBeAcknowledged) {
  Alert a;
  a.id = 3;
  a.status = AlertStatus::kResolved;
  auto r = NeedsAcknowledgement(a);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "alert 3 is already resolved");
}

}  // namespace
}  // namespace steward::monitoring
