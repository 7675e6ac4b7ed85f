#include "agent/link/spool_rows.h"

#include <gtest/gtest.h>

namespace steward::agent {
namespace {

std::vector<proto::WireSample> RowSamples(size_t n) {
  std::vector<proto::WireSample> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back({"cpu.used_percent", 1795424400000 + static_cast<int64_t>(i), 1, {}});
  }
  return out;
}

TEST(SpoolRowsTest, ASmallCollectionIsOneRowWithItsInventory) {
  auto rows = SplitCollection(RowSamples(3), Json{{"hostname", "a"}}, RowLimits{});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].samples.size(), 3u);
  EXPECT_TRUE(rows[0].inventory);
}

TEST(SpoolRowsTest, RowsStayWithinTheSampleLimitInOrder) {
  auto rows = SplitCollection(RowSamples(25), std::nullopt, RowLimits{10, 1 << 20});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].samples.size(), 10u);
  EXPECT_EQ(rows[2].samples.size(), 5u);
  EXPECT_EQ(rows[1].samples.front().ts_ms, 1795424400010);
}

TEST(SpoolRowsTest, RowsStayWithinTheByteEstimate) {
  auto samples = RowSamples(100);
  for (auto& s : samples) s.labels["message"] = std::string(500, 'm');
  RowLimits limits{5000, 8 * 1024};
  auto rows = SplitCollection(samples, std::nullopt, limits);
  EXPECT_GT(rows.size(), 1u);
  size_t total = 0;
  for (const auto& r : rows) {
    std::string payload = EncodePayload(r);
    EXPECT_LE(EstimatedWireBytes(payload.size(), r.samples.size()), limits.max_bytes);
    total += r.samples.size();
  }
  EXPECT_EQ(total, 100u);
}

TEST(SpoolRowsTest, AnInventoryLargerThanARowTravelsAlone) {
  Json inventory = {{"notes", std::string(4096, 'n')}};
  auto rows = SplitCollection(RowSamples(5), inventory, RowLimits{5000, 1024});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].inventory);
  EXPECT_TRUE(rows[0].samples.empty());
  EXPECT_FALSE(rows[1].inventory);
  EXPECT_EQ(rows[1].samples.size(), 5u);
}

TEST(SpoolRowsTest, NothingIsStillOneRow) {
  EXPECT_EQ(SplitCollection({}, std::nullopt, RowLimits{}).size(), 1u);
}

TEST(SpoolRowsTest, PayloadsRoundTripAndDamageIsRefused) {
  SpooledBatch row;
  row.samples = RowSamples(2);
  row.samples[1].labels["mount"] = "/";
  row.inventory = Json{{"hostname", "web01"}};
  auto back = ParsePayload(EncodePayload(row));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->samples.size(), 2u);
  EXPECT_EQ(back->samples[1].labels.at("mount"), "/");
  EXPECT_EQ((*back->inventory)["hostname"], "web01");
  EXPECT_FALSE(ParsePayload("{not json").ok());
  EXPECT_FALSE(ParsePayload(R"({"s":[{"m":1,"t":2,"v":3}]})").ok()) << "a number for a name";
}

}  // namespace
}  // namespace steward::agent
