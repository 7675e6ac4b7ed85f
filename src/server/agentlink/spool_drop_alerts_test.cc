// The rule that turns an agent's drop totals into alerts: only a growth
// raises one, a spool created anew counts from zero, and the event names
// what was lost and why.
#include "server/agentlink/spool_drop_alerts.h"

#include <gtest/gtest.h>

#include "server/monitoring/conditions.h"

namespace steward::agentlink {
namespace {

TEST(SpoolDropAlerts, OnlyAGrowthOfTheTotalIsNews) {
  EXPECT_EQ(NewlyDropped(5, std::nullopt), 5) << "the first report of drops";
  EXPECT_EQ(NewlyDropped(0, std::nullopt), 0);
  EXPECT_EQ(NewlyDropped(5, 5), 0) << "the same total every collection";
  EXPECT_EQ(NewlyDropped(9, 5), 4);
  EXPECT_EQ(NewlyDropped(2, 5), 2) << "a new spool counts from zero again";
}

TEST(SpoolDropAlerts, ReportsMustBeWholeCountsOfAKnownReason) {
  EXPECT_EQ(ReportedDropTotal(12), 12);
  EXPECT_EQ(ReportedDropTotal(0), 0);
  EXPECT_FALSE(ReportedDropTotal(-1));
  EXPECT_FALSE(ReportedDropTotal(1.5));
  EXPECT_FALSE(ReportedDropTotal(std::nan("")));
  EXPECT_FALSE(ReportedDropTotal(1e300));
  for (const char* reason : {"overflow", "refused", "unparsable", "oversize"}) {
    EXPECT_TRUE(ExplainDropReason(reason)) << reason;
  }
  EXPECT_FALSE(ExplainDropReason("Overflow"));
  EXPECT_FALSE(ExplainDropReason(""));
}

TEST(SpoolDropAlerts, TheEventIsAWarningThatSaysWhatWasLostAndWhy) {
  Timestamp at = FromMillis(1795424400000);
  monitoring::Sample e = SpoolDropEvent(7, "overflow", 3, 10, at);
  EXPECT_EQ(e.device_id, 7);
  EXPECT_EQ(e.metric, monitoring::kEventLog);
  EXPECT_EQ(e.value, 4) << "syslog warning";
  EXPECT_EQ(e.ts, at);
  EXPECT_EQ(e.labels.at("source"), "steward-agent");
  EXPECT_EQ(e.labels.at("reason"), "overflow");
  const std::string& m = e.labels.at("message");
  EXPECT_NE(m.find("3 batches"), std::string::npos) << m;
  EXPECT_NE(m.find("spool was full"), std::string::npos) << m;
  EXPECT_NE(m.find("10 in all"), std::string::npos) << m;
  EXPECT_NE(SpoolDropEvent(7, "refused", 1, 1, at).labels.at("message").find("1 batch of"),
            std::string::npos);
}

}  // namespace
}  // namespace steward::agentlink
