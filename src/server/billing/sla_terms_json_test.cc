// A contract's SLA terms in their one JSON form (the wire and the columns):
// read back to the same value, and every malformed shape named by field.
#include "server/billing/sla_terms_json.h"

#include <gtest/gtest.h>

namespace steward::billing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using Kind = SlaTarget::Kind;

SlaTerms BronzeJsonTerms() {
  SlaTerms t;
  const SlaTarget three_hours{Kind::kWorkingTime, hours(3), 0};
  t.critical.response = three_hours;
  t.high = {three_hours, {Kind::kBusinessDays, hours(0), 1}};
  t.normal = {three_hours, {Kind::kBusinessDays, hours(0), 2}};
  t.low.response = {Kind::kBusinessDays, hours(0), 1};
  t.escalation = {{1, 0.5, "service_manager"}, {2, 1.0, "owner"}};
  return t;
}

TEST(SlaTermsJsonTest, RoundTripsAndReadsTheDocumentedForm) {
  EXPECT_EQ(*SlaTermsFromJson(SlaTermsToJson(BronzeJsonTerms())), BronzeJsonTerms());
  Json wire = Json::parse(R"({
      "critical": {"response": {"minutes": 180}, "resolution": null},
      "normal": {"response": {"minutes": 180}, "resolution": {"business_days": 2}},
      "escalation": [{"percent": 75, "notify_role": "service_manager"}]})");
  auto t = SlaTermsFromJson(wire);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->critical.response, (SlaTarget{Kind::kWorkingTime, minutes(180), 0}));
  EXPECT_EQ(t->critical.resolution.kind, Kind::kNone);
  EXPECT_EQ(t->normal.resolution, (SlaTarget{Kind::kBusinessDays, minutes(0), 2}));
  EXPECT_EQ(t->high.response.kind, Kind::kNone) << "a missing priority has no targets";
  ASSERT_EQ(t->escalation.size(), 1u);
  EXPECT_EQ(t->escalation[0], (EscalationLevel{1, 0.75, "service_manager"}));
  EXPECT_EQ(SlaTermsToJson(*t)["escalation"][0]["percent"], 75);
}

TEST(SlaTermsJsonTest, MalformedTermsNameTheirField) {
  auto field = [](const char* text) {
    auto r = SlaTermsFromJson(Json::parse(text));
    return r.ok() ? std::string("ok") : r.status().field();
  };
  EXPECT_EQ(field("[]"), "sla");
  EXPECT_EQ(field(R"({"urgent": {}})"), "sla.urgent");
  EXPECT_EQ(field(R"({"high": {"response": {"hours": 3}}})"), "sla.high.response");
  EXPECT_EQ(field(R"({"high": {"response": {"minutes": "3"}}})"), "sla.high.response");
  EXPECT_EQ(field(R"({"high": {"response": {"minutes": -3}}})"), "sla.high.response");
  EXPECT_EQ(field(R"({"high": {"response": {"minutes": 3, "business_days": 1}}})"),
            "sla.high.response");
  EXPECT_EQ(field(R"({"high": {"reply": null}})"), "sla.high.reply");
  EXPECT_EQ(field(R"({"high": 5})"), "sla.high");
  EXPECT_EQ(field(R"({"escalation": {}})"), "sla.escalation");
  EXPECT_EQ(field(R"({"escalation": [{"percent": 50}]})"), "sla.escalation");
  EXPECT_EQ(field(R"({"escalation": [{"percent": 50.5, "notify_role": "owner"}]})"),
            "sla.escalation");
  EXPECT_EQ(field(R"({"high": null, "escalation": []})"), "ok");
}

}  // namespace
}  // namespace steward::billing
