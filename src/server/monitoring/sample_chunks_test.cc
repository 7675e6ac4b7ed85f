// Compaction of raw samples into compressed chunks, on SQLite and
// PostgreSQL: what a query returns is the same before and after, every
// sample is in exactly one place, late samples and duplicates survive, and
// history costs a few bytes per sample.
#include "server/monitoring/sample_chunks.h"

#include <cmath>

#include <gtest/gtest.h>

#include "server/monitoring/conditions.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::monitoring {
namespace {

using steward::testing::Backend;
using storage::Connection;

constexpr int64_t kMinute = 60 * 1000;
// 2026-11-02 00:00 UTC, on a window boundary.
constexpr int64_t kStart = 1793577600000;

class SampleChunksTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_EQ(kStart % kChunkWindowMs, 0);
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(db_->Transact([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row cu,
                         c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                    " VALUES ('Acme', 0, 0) RETURNING id"));
                     customer_ = cu.Int("id");
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row d,
                         c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                                    " updated_at) VALUES (?, 'server', 'dc1', 0, 0) RETURNING id",
                                    {customer_}));
                     device_ = d.Int("id");
                     return Status::Ok();
                   })
                    .ok());
  }

  // A free-space percentage that drifts like a real volume: one decimal.
  static double Value(const std::string& mount, int minute) {
    double base = mount == "/" ? 40 : 70;
    return std::round((base + 5 * std::sin(minute / 50.0)) * 10) / 10;
  }

  void Append(const std::string& mount, int from_minute, int to_minute) {
    std::vector<Sample> samples;
    for (int m = from_minute; m < to_minute; ++m) {
      samples.push_back(Sample{device_,
                               "volume.free_percent",
                               FromMillis(kStart + m * kMinute),
                               Value(mount, m),
                               {{"mount", mount}}});
    }
    ASSERT_TRUE(
        db_->Transact([&](Connection& c) { return store_->Append(c, customer_, device_, samples); })
            .ok());
  }

  std::vector<Series> ReadAll() {
    SeriesQuery q{.device_id = device_,
                  .metric = "volume.free_percent",
                  .from_ms = kStart - kMinute,
                  .to_ms = kStart + 24 * 60 * kMinute};
    std::vector<Series> out;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(out, store_->Read(c, q));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  int64_t Compact(int64_t now_ms, int64_t max_rows = 100000) {
    int64_t moved = -1;
    EXPECT_TRUE(db_->Transact([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(moved, store_->Compact(c, now_ms, max_rows));
                     return Status::Ok();
                   })
                    .ok());
    return moved;
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql, {}));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  static void ExpectSameSeries(const std::vector<Series>& a, const std::vector<Series>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].labels, b[i].labels);
      ASSERT_EQ(a[i].points.size(), b[i].points.size());
      for (size_t j = 0; j < a[i].points.size(); ++j) {
        EXPECT_EQ(a[i].points[j].ts_ms, b[i].points[j].ts_ms) << j;
        EXPECT_EQ(a[i].points[j].sum, b[i].points[j].sum) << j;  // bit-exact values
      }
    }
  }

  ManualClock clock_{FromMillis(kStart)};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<SampleStore> store_ = MakeSqlSampleStore();
  int64_t customer_ = 0, device_ = 0;
};

TEST_P(SampleChunksTest, QueriesAnswerTheSameBeforeAndAfterCompaction) {
  Append("/", 0, 300);  // five hours: windows 0-2 h, 2-4 h closed at 5 h; 4-6 h open
  Append("/data", 0, 300);
  std::vector<Series> before = ReadAll();
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(before[0].points.size(), 300u);

  // At 4 h 10 min the 2-4 h window is still inside the grace period.
  EXPECT_EQ(Compact(kStart + 250 * kMinute), 240);  // 0-2 h of both series
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_chunks"), 2);
  EXPECT_EQ(Compact(kStart + 300 * kMinute), 240);  // then 2-4 h of both
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_chunks"), 4);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_samples"), 2 * 60);  // the open window
  EXPECT_EQ(Count("SELECT COALESCE(SUM(sample_count), 0) AS n FROM metric_chunks"), 2 * 240);
  EXPECT_EQ(Compact(kStart + 300 * kMinute), 0);  // nothing left to do

  ExpectSameSeries(ReadAll(), before);

  // A narrow query inside a chunk gets exactly its range.
  SeriesQuery q{.device_id = device_,
                .metric = "volume.free_percent",
                .from_ms = kStart + 30 * kMinute,
                .to_ms = kStart + 40 * kMinute,
                .label_filter = {{"mount", "/"}}};
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(auto series, store_->Read(c, q));
                   EXPECT_EQ(series.size(), 1u);
                   if (series.empty()) return Status::Ok();
                   EXPECT_EQ(series[0].points.size(), 10u);
                   EXPECT_EQ(series[0].points.front().ts_ms, kStart + 30 * kMinute);
                   EXPECT_EQ(series[0].points.front().sum, Value("/", 30));
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(SampleChunksTest, LateSamplesAndDuplicatesAreNeverLost) {
  Append("/", 0, 120);
  EXPECT_EQ(Compact(kStart + 6 * 60 * kMinute), 120);
  // An agent back from hours offline delivers a sample into the compacted
  // window, and the ingest API two values at one millisecond.
  std::vector<Sample> late;
  for (auto [offset, value] : {std::pair{30 * kMinute + 500, 1.5}, std::pair{31 * kMinute, 2.5},
                               std::pair{31 * kMinute, 3.5}}) {
    late.push_back(Sample{
        device_, "volume.free_percent", FromMillis(kStart + offset), value, {{"mount", "/"}}});
  }
  ASSERT_TRUE(
      db_->Transact([&](Connection& c) { return store_->Append(c, customer_, device_, late); })
          .ok());
  auto series = ReadAll();
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].points.size(), 123u);
  EXPECT_EQ(Compact(kStart + 6 * 60 * kMinute), 3);
  // The late pair becomes a second chunk, the same-millisecond one a third.
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_chunks"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_samples"), 0);
  series = ReadAll();
  ASSERT_EQ(series.size(), 1u);
  ASSERT_EQ(series[0].points.size(), 123u);
  double sum = 0;
  for (size_t i = 0; i < series[0].points.size(); ++i) {
    if (i > 0) {
      EXPECT_LE(series[0].points[i - 1].ts_ms, series[0].points[i].ts_ms) << i;
    }
    sum += series[0].points[i].sum;
  }
  EXPECT_EQ(series[0].points[31].ts_ms, kStart + 30 * kMinute + 500);
  EXPECT_EQ(series[0].points[31].sum, 1.5);
  double expected = 1.5 + 2.5 + 3.5;
  for (int m = 0; m < 120; ++m) expected += Value("/", m);
  EXPECT_DOUBLE_EQ(sum, expected);
}

TEST_P(SampleChunksTest, CompactsInBoundedStepsAndPrunesOldChunks) {
  Append("/", 0, 240);
  std::vector<Series> before = ReadAll();
  int rounds = 0;
  while (Compact(kStart + 5 * 60 * kMinute, 50) == 50) ++rounds;
  EXPECT_GE(rounds, 4);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_samples"), 0);
  EXPECT_EQ(Count("SELECT COALESCE(SUM(sample_count), 0) AS n FROM metric_chunks"), 240);
  ExpectSameSeries(ReadAll(), before);

  Retention retention;
  ASSERT_TRUE(db_->Transact([&](Connection& c) -> Status {
                   return store_
                       ->Prune(c, retention,
                               kStart + 240 * kMinute + retention.raw.count() + kMinute)
                       .status();
                 })
                  .ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_chunks"), 0);
}

// The storage figure of issue 6: one-decimal percentages every minute.
TEST_P(SampleChunksTest, HistoryCostsAFewBytesPerSample) {
  Append("/", 0, 24 * 60);
  EXPECT_EQ(Compact(kStart + 25 * 60 * kMinute), 24 * 60);
  int64_t bytes = Count("SELECT SUM(LENGTH(data)) AS n FROM metric_chunks");
  double per_sample = static_cast<double>(bytes) / (24 * 60);
  EXPECT_LT(per_sample, 2.0) << bytes << " bytes";
  EXPECT_GT(per_sample, 0.1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SampleChunksTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::monitoring
