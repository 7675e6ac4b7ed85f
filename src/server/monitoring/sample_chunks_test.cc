// The sample store on SQLite and PostgreSQL: recent samples in write-ahead
// batch records, compacted into compressed chunks and rollups. What a query
// returns (raw or rolled up) is the same before and after compaction, every
// sample is in exactly one place, late samples and duplicates survive, rows
// from before the records are still read and compacted, and history costs a
// few bytes per sample.
#include "server/monitoring/sample_chunks.h"

#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "server/monitoring/conditions.h"
#include "server/monitoring/sample_rollups.h"
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

  // One batch of a sample a minute; `per_batch` > 0 splits it like an
  // agent would.
  void Append(const std::string& mount, int from_minute, int to_minute, int per_batch = 0) {
    if (per_batch > 0) {
      for (int m = from_minute; m < to_minute; m += per_batch) {
        Append(mount, m, std::min(to_minute, m + per_batch));
      }
      return;
    }
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

  std::vector<Series> ReadAll(Resolution resolution = Resolution::kRaw) {
    SeriesQuery q{.device_id = device_,
                  .metric = "volume.free_percent",
                  .from_ms = kStart - kMinute,
                  .to_ms = kStart + 24 * 60 * kMinute,
                  .resolution = resolution};
    std::vector<Series> out;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(out, store_->Read(c, q));
                     return Status::Ok();
                   })
                    .ok());
    return out;
  }

  CompactionStep CompactStep(int64_t now_ms, int64_t max_samples) {
    CompactionStep step{-1, false};
    EXPECT_TRUE(db_->Transact([&](Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(step, store_->Compact(c, now_ms, max_samples));
                     return Status::Ok();
                   })
                    .ok());
    return step;
  }
  int64_t Compact(int64_t now_ms) { return CompactStep(now_ms, 100000).moved; }

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
        EXPECT_EQ(a[i].points[j].min, b[i].points[j].min) << j;  // bit-exact values
        EXPECT_EQ(a[i].points[j].max, b[i].points[j].max) << j;
        EXPECT_DOUBLE_EQ(a[i].points[j].sum, b[i].points[j].sum) << j;
        EXPECT_EQ(a[i].points[j].count, b[i].points[j].count) << j;
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
  // The open window: what is left of each batch, re-written as a record.
  EXPECT_EQ(Count("SELECT COALESCE(SUM(sample_count), 0) AS n FROM metric_batches"), 2 * 60);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_batches"), 2);
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
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_batches"), 0);
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
  Append("/", 0, 240, /*per_batch=*/10);
  std::vector<Series> before = ReadAll();
  int rounds = 0;
  for (CompactionStep step; (step = CompactStep(kStart + 5 * 60 * kMinute, 50)).more;) {
    EXPECT_GE(step.moved, 10);
    EXPECT_LE(step.moved, 100) << "bounded near the 50 asked for";
    ++rounds;
  }
  EXPECT_GE(rounds, 3);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_batches"), 0);
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

TEST_P(SampleChunksTest, RollupsAnswerTheSameFromRecordsAndFromChunks) {
  Append("/", 0, 300, /*per_batch=*/5);
  Append("/data", 0, 300, /*per_batch=*/7);
  auto raw = ReadAll();
  auto five = ReadAll(Resolution::kFiveMinutes);
  auto hourly = ReadAll(Resolution::kHourly);
  ASSERT_EQ(five.size(), 2u);
  ASSERT_EQ(five[0].points.size(), 60u);
  EXPECT_EQ(five[0].points[0].count, 5);
  ASSERT_EQ(hourly[0].points.size(), 5u);
  EXPECT_EQ(hourly[0].points[0].count, 60);
  double avg = 0;
  for (int m = 0; m < 60; ++m) avg += Value("/", m) / 60;
  EXPECT_NEAR(hourly[0].points[0].avg(), avg, 1e-9);

  // Compacting 0-4 h folds those buckets into the rollup table; 4-5 h stays
  // in records. Every answer is unchanged.
  EXPECT_EQ(Compact(kStart + 300 * kMinute), 2 * 240);
  EXPECT_GT(Count("SELECT COUNT(*) AS n FROM metric_rollups"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) AS n FROM metric_batches"), 0);
  ExpectSameSeries(ReadAll(), raw);
  ExpectSameSeries(ReadAll(Resolution::kFiveMinutes), five);
  ExpectSameSeries(ReadAll(Resolution::kHourly), hourly);

  // A late sample into a compacted hour lands in a record and still counts
  // in that hour's bucket, merged with the folded rollup.
  std::vector<Sample> late{Sample{device_,
                                  "volume.free_percent",
                                  FromMillis(kStart + 10 * kMinute + 1),
                                  99.5,
                                  {{"mount", "/"}}}};
  ASSERT_TRUE(
      db_->Transact([&](Connection& c) { return store_->Append(c, customer_, device_, late); })
          .ok());
  auto merged = ReadAll(Resolution::kHourly);
  EXPECT_EQ(merged[0].points[0].count, 61);
  EXPECT_EQ(merged[0].points[0].max, 99.5);
}

TEST_P(SampleChunksTest, ListSeriesNamesRecentAndCompactedSeries) {
  Append("/", 0, 130);
  EXPECT_EQ(Compact(kStart + 150 * kMinute), 120);
  Append("/data", 130, 135);  // only in a record
  std::vector<SampleStore::SeriesInfo> series;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   STEWARD_ASSIGN_OR_RETURN(series, store_->ListSeries(c, device_, kStart));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].labels.at("mount"), "/");
  EXPECT_EQ(series[1].labels.at("mount"), "/data");
}

TEST_P(SampleChunksTest, ADamagedRecordIsReportedNotCrashed) {
  Append("/", 0, 10);
  ASSERT_TRUE(db_->Transact([&](Connection& c) {
                   return c
                       .Execute("UPDATE metric_batches SET data = ?",
                                {storage::Bytes{std::string("\x01\xff\xff\xff", 4)}})
                       .status();
                 })
                  .ok());
  Status s = db_->Read([&](Connection& c) -> Status {
    SeriesQuery q{.device_id = device_,
                  .metric = "volume.free_percent",
                  .from_ms = kStart,
                  .to_ms = kStart + kMinute * 60};
    return store_->Read(c, q).status();
  });
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
}

// Databases from before the write-ahead records hold a row per sample (and
// rollups written at ingest): they are read and compacted like records.
TEST_P(SampleChunksTest, RowsFromBeforeTheRecordsAreReadAndCompacted) {
  ASSERT_TRUE(db_->Transact([&](Connection& c) -> Status {
                   for (int m = 0; m < 130; ++m) {
                     STEWARD_RETURN_IF_ERROR(
                         c.Execute("INSERT INTO metric_samples (customer_id, device_id, metric,"
                                   " series_key, labels_json, ts, value)"
                                   " VALUES (?, ?, 'volume.free_percent', ?, ?, ?, ?)",
                                   {customer_, device_, R"({"mount":"/"})", R"({"mount":"/"})",
                                    kStart + m * kMinute, Value("/", m)})
                             .status());
                   }
                   return Status::Ok();
                 })
                  .ok());
  Append("/", 130, 140);
  auto before = ReadAll();
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(before[0].points.size(), 140u);
  EXPECT_EQ(Compact(kStart + 150 * kMinute), 120);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_samples"), 10);
  ExpectSameSeries(ReadAll(), before);
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
