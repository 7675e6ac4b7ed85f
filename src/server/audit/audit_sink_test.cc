#include "server/audit/audit_sink.h"

#include <fstream>

#include <gtest/gtest.h>

#include "server/audit/audit_log.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::audit {
namespace {

using testing::Backend;

class AuditSinkTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    sink_ = testing::MakeTempDir("steward-audit-sink") + "/audit.jsonl";
  }
  void RecordEvents(int n) {
    auto system = accounts::Principal::System("test");
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(db_->Transact([&](storage::Connection& c) {
                       return Record(c, clock_.Now(), {system, "127.0.0.1"},
                                     {.action = "test.event",
                                      .object_type = "thing",
                                      .object_id = std::to_string(i)});
                     })
                      .ok());
    }
  }
  Status Verify() {
    return db_->Read([&](storage::Connection& c) { return VerifyAgainstSink(c, sink_); });
  }
  int64_t SinkLines() {
    std::ifstream in(sink_);
    std::string line;
    int64_t n = 0;
    while (std::getline(in, line)) ++n;
    return n;
  }
  ManualClock clock_{FromMillis(1'795'000'000'000)};
  std::unique_ptr<storage::Database> db_;
  std::string sink_;
};

TEST_P(AuditSinkTest, ExportsEachRecordOnceAndVerifies) {
  RecordEvents(3);
  auto first = ExportToSink(*db_, sink_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 3);
  auto again = ExportToSink(*db_, sink_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);  // nothing new: nothing appended
  RecordEvents(2);
  EXPECT_EQ(*ExportToSink(*db_, sink_), 2);
  EXPECT_EQ(SinkLines(), 5);
  EXPECT_TRUE(Verify().ok());
}

// What the chain alone cannot see: the newest records cut off.
TEST_P(AuditSinkTest, DetectsRecordsDeletedFromTheEndOfTheDatabase) {
  RecordEvents(4);
  ASSERT_TRUE(ExportToSink(*db_, sink_).ok());
  ASSERT_TRUE(db_->Transact([](storage::Connection& c) -> Status {
                   return c
                       .Execute(
                           "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM "
                           "audit_log)")
                       .status();
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([](storage::Connection& c) { return VerifyChain(c); }).ok());
  Status s = Verify();
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
}

TEST_P(AuditSinkTest, DetectsARebuiltRecord) {
  RecordEvents(2);
  ASSERT_TRUE(ExportToSink(*db_, sink_).ok());
  ASSERT_TRUE(db_->Transact([](storage::Connection& c) -> Status {
                   return c
                       .Execute(
                           "UPDATE audit_log SET hash = 'forged' WHERE id = (SELECT "
                           "MIN(id) FROM audit_log)")
                       .status();
                 })
                  .ok());
  EXPECT_EQ(Verify().code(), StatusCode::kDataLoss);
}

TEST_P(AuditSinkTest, ACorruptSinkIsReportedNotTrusted) {
  RecordEvents(1);
  std::ofstream(sink_) << "{\"id\":1,\"hash\":\"x\"\n";  // truncated line
  EXPECT_EQ(Verify().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(ExportToSink(*db_, sink_).ok());  // never appends after garbage
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditSinkTest, ::testing::ValuesIn(testing::AvailableBackends()),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace steward::audit
