#include "server/monitoring/sample_validation.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace steward::monitoring {
namespace {

const Timestamp kNow = *ParseIso8601("2026-11-23T09:00:00Z");
constexpr std::chrono::milliseconds kWeek = std::chrono::hours(24 * 7);

Sample Good() { return Sample{1, "cpu.used_percent", kNow, 42, {}}; }

std::string FieldOf(const Sample& s) {
  Status st = ValidateSample(s, kNow, kWeek, "samples[0].");
  return st.ok() ? "" : st.field();
}

TEST(SampleValidationTest, AcceptsGoodSamples) {
  EXPECT_EQ(FieldOf(Good()), "");
  Sample custom{1, "app.queue_depth", kNow - std::chrono::hours(24 * 6), 1e9, {{"queue", "mail"}}};
  EXPECT_EQ(FieldOf(custom), "");
  Sample event{1, "event.log", kNow, 3, {{"message", std::string(1500, 'x')}}};
  EXPECT_EQ(FieldOf(event), "");
}

TEST(SampleValidationTest, MetricNamesAreDottedLowerCaseSegments) {
  for (const char* good : {"cpu.used_percent", "load.1m", "ups.battery_charge_percent", "a.b"}) {
    EXPECT_TRUE(ValidMetricName(good)) << good;
  }
  for (const char* bad :
       {"1cpu.x", "cpu", "cpu..x", ".cpu", "cpu.", "cpu._x", "Cpu.x", "cpu.x-y"}) {
    EXPECT_FALSE(ValidMetricName(bad)) << bad;
  }
}

TEST(SampleValidationTest, RefusesBadInputNamingTheField) {
  Sample s = Good();
  s.metric = "CPU";
  EXPECT_EQ(FieldOf(s), "samples[0].metric");
  s.metric = "cpu..x";
  EXPECT_EQ(FieldOf(s), "samples[0].metric");
  s.metric = "cpu.";
  EXPECT_EQ(FieldOf(s), "samples[0].metric");
  s = Good();
  s.ts = kNow + std::chrono::minutes(5) + std::chrono::seconds(1);
  EXPECT_EQ(FieldOf(s), "samples[0].ts");
  s.ts = kNow + std::chrono::minutes(5);
  EXPECT_EQ(FieldOf(s), "");
  s.ts = kNow - kWeek - std::chrono::seconds(1);
  EXPECT_EQ(FieldOf(s), "samples[0].ts");
  s = Good();
  s.value = std::numeric_limits<double>::infinity();
  EXPECT_EQ(FieldOf(s), "samples[0].value");
  s.value = std::nan("");
  EXPECT_EQ(FieldOf(s), "samples[0].value");
  s.value = 100.5;
  EXPECT_EQ(FieldOf(s), "samples[0].value");
  Sample ev{1, "event.log", kNow, 8, {}};
  EXPECT_EQ(FieldOf(ev), "samples[0].value");
  Sample ups{1, "ups.status", kNow, 3, {}};
  EXPECT_EQ(FieldOf(ups), "samples[0].value");
  Sample label = Good();
  label.labels["Mount"] = "/";
  EXPECT_EQ(FieldOf(label), "samples[0].labels");
  label.labels = {{"mount", std::string(300, 'x')}};
  EXPECT_EQ(FieldOf(label), "samples[0].labels.mount");
}

TEST(SampleValidationTest, ParsesTheIngestShape) {
  Json j = {{"device_id", 4},
            {"metric", "volume.free_bytes"},
            {"ts", "2026-11-23T08:59:00Z"},
            {"value", 123},
            {"labels", {{"mount", "/"}, {"system", "true"}}}};
  auto s = ParseSampleJson(j, "samples[0].");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->device_id, 4);
  EXPECT_EQ(s->labels.at("system"), "true");
  j["ts"] = "yesterday";
  EXPECT_EQ(ParseSampleJson(j, "samples[0].").status().field(), "samples[0].ts");
  j["ts"] = "2026-11-23T08:59:00Z";
  j["value"] = "12";
  EXPECT_EQ(ParseSampleJson(j, "samples[0].").status().field(), "samples[0].value");
  j["value"] = 1;
  j["labels"] = {{"mount", 5}};
  EXPECT_EQ(ParseSampleJson(j, "samples[0].").status().field(), "samples[0].labels.mount");
  j.erase("labels");
  j["extra"] = 1;
  EXPECT_EQ(ParseSampleJson(j, "samples[0].").status().field(), "samples[0].extra");
}

}  // namespace
}  // namespace steward::monitoring
