// A contract's SLA terms: which can be kept.
#include "server/billing/rules/sla_terms_check.h"

#include <gtest/gtest.h>

namespace steward::billing {
namespace {

using std::chrono::hours;
using Kind = SlaTarget::Kind;

bool StaffRole(std::string_view name) {
  return name == "owner" || name == "service_manager" || name == "technician";
}

SlaTerms BronzeSla() {
  SlaTerms t;
  const SlaTarget three_hours{Kind::kWorkingTime, hours(3), 0};
  t.critical.response = three_hours;
  t.high = {three_hours, {Kind::kBusinessDays, hours(0), 1}};
  t.normal = {three_hours, {Kind::kBusinessDays, hours(0), 2}};
  t.low.response = {Kind::kBusinessDays, hours(0), 1};
  t.escalation = {{1, 0.5, "service_manager"}, {2, 1.0, "owner"}};
  return t;
}

std::string FieldOf(const SlaTerms& t) { return CheckSlaTerms(t, StaffRole).field(); }

TEST(SlaTermsCheckTest, ABronzeContractsThreeHourResponseIsValid) {
  EXPECT_TRUE(CheckSlaTerms(BronzeSla(), StaffRole).ok());
  EXPECT_TRUE(CheckSlaTerms(SlaTerms{}, StaffRole).ok()) << "no targets at all: best effort";
}

TEST(SlaTermsCheckTest, TargetsOutOfRangeNameTheirField) {
  SlaTerms t = BronzeSla();
  t.high.response.working = std::chrono::seconds(30);
  EXPECT_EQ(FieldOf(t), "sla.high.response");
  t = BronzeSla();
  t.critical.response.working = hours(24 * 30 + 1);
  EXPECT_EQ(FieldOf(t), "sla.critical.response");
  t = BronzeSla();
  t.low.response.business_days = 0;
  EXPECT_EQ(FieldOf(t), "sla.low.response");
  t = BronzeSla();
  t.normal.resolution.business_days = 31;
  EXPECT_EQ(FieldOf(t), "sla.normal.resolution");
  // Resolution before response, same kind: refused.
  t = BronzeSla();
  t.critical.resolution = {Kind::kWorkingTime, hours(2), 0};
  EXPECT_EQ(FieldOf(t), "sla.critical.resolution");
  t.critical.resolution.working = hours(3);  // equal is fine
  EXPECT_TRUE(CheckSlaTerms(t, StaffRole).ok());
}

TEST(SlaTermsCheckTest, EscalationLevelsRiseAndNameAStaffRole) {
  SlaTerms t = BronzeSla();
  t.escalation = {{1, 1.0, "owner"}, {2, 0.75, "service_manager"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "falling shares";
  t.escalation = {{1, 0.75, "portal"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "not a staff role";
  t.escalation = {{1, 0.0, "owner"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "0 %";
  t.escalation = {{1, 3.01, "owner"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "over 300 %";
  t.escalation = {{2, 0.5, "owner"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "numbered from 1";
  t.escalation = {{1, 0.5, "owner"}, {2, 0.6, "owner"}, {3, 0.7, "owner"},
                  {4, 0.8, "owner"}, {5, 0.9, "owner"}, {6, 1.0, "owner"}};
  EXPECT_EQ(FieldOf(t), "sla.escalation") << "six levels";
  t.escalation = {{1, 0.01, "technician"}, {2, 3.0, "owner"}};
  EXPECT_TRUE(CheckSlaTerms(t, StaffRole).ok());
}

}  // namespace
}  // namespace steward::billing
