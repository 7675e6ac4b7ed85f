// The service over a real database (SQLite and PostgreSQL): incremental
// evaluation whose window state survives a restart, alert lifecycle, e-mail
// to whoever is on call, rollups and retention.
#include "server/monitoring/monitoring_service.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"
#include "server/monitoring/email_notifier.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::monitoring {
namespace {

using steward::testing::Backend;

class MonitoringServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    url_ = steward::testing::NewTestDatabaseUrl(GetParam());
    Open();
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row cu, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                             " VALUES ('Acme', 0, 0) RETURNING id"));
             customer_ = cu.Int("id");
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row d, c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                                            " updated_at) VALUES (?, 'server', 'acme-dc1', 0, 0)"
                                            " RETURNING id",
                                            {customer_}));
             device_ = d.Int("id");
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row p, c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                                            " updated_at) VALUES (?, 'printer', 'acme-prn', 0, 0)"
                                            " RETURNING id",
                                            {customer_}));
             printer_ = p.Int("id");
             return c
                 .Execute(
                     "INSERT INTO users (email, name, role, password_hash,"
                     " created_at, updated_at) VALUES"
                     " ('boss@msp.example', 'Boss', 'owner', 'x', 0, 0)")
                 .status();
           })
            .ok());
  }

  void Open() {
    service_.reset();
    db_.reset();
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    service_ = std::make_unique<MonitoringService>(*db_, clock_);
    service_->AddListener(&notifier_);
  }

  Status Ingest(std::vector<Sample> samples, int64_t device = 0) {
    for (Sample& s : samples) s.device_id = device ? device : device_;
    return db_->Transact([&](storage::Connection& c) {
      return service_->IngestInTransaction(c, customer_, device ? device : device_, samples);
    });
  }

  Sample Cpu(int minute, double v) {
    return Sample{0, "cpu.used_percent", start_ + std::chrono::minutes(minute), v, {}};
  }

  std::vector<Alert> Alerts(std::optional<AlertStatus> status = std::nullopt,
                            std::optional<Condition> condition = std::nullopt) {
    auto p = accounts::Principal::System("test");
    auto r =
        service_->ListAlerts(p, {.device_id = device_, .status = status, .condition = condition});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<Alert>();
  }

  int64_t Count(const char* sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(storage::Row r, c.QueryOne(sql));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  const Timestamp start_ = *ParseIso8601("2026-11-23T09:00:00Z");
  ManualClock clock_{start_};
  std::string url_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<MonitoringService> service_;
  EmailAlertNotifier notifier_;
  int64_t customer_ = 0, device_ = 0, printer_ = 0;
};

TEST_P(MonitoringServiceTest, WindowStateSurvivesARestart) {
  for (int m = 0; m <= 3; ++m) {
    clock_.Set(start_ + std::chrono::minutes(m));
    ASSERT_TRUE(Ingest({Cpu(m, 97)}).ok());
  }
  EXPECT_TRUE(Alerts().empty());
  Open();  // a new process: only the database remains
  clock_.Set(start_ + std::chrono::minutes(4));
  ASSERT_TRUE(Ingest({Cpu(4, 97)}).ok());
  EXPECT_TRUE(Alerts().empty());
  clock_.Set(start_ + std::chrono::minutes(5));
  ASSERT_TRUE(Ingest({Cpu(5, 97)}).ok());
  std::vector<Alert> alerts = Alerts(AlertStatus::kOpen);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].condition, Condition::kCpuHigh);
  EXPECT_EQ(FormatIso8601(alerts[0].opened_at), "2026-11-23T09:05:00Z");
  // The owner is the fallback on-call recipient.
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM outbox_emails WHERE to_address = 'boss@msp.example'"
                  " AND related_type = 'alert'"),
            1);
}

TEST_P(MonitoringServiceTest, OneOpenAlertPerConditionWithRepeatsAndResolution) {
  auto ev = [&](int minute, int severity) {
    return Sample{0,
                  "event.log",
                  start_ + std::chrono::minutes(minute),
                  double(severity),
                  {{"message", "disk\nerror"}}};
  };
  ASSERT_TRUE(Ingest({ev(0, 4)}).ok());
  ASSERT_TRUE(Ingest({ev(1, 3), ev(2, 7)}).ok());
  std::vector<Alert> open = Alerts(AlertStatus::kOpen);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].repeat_count, 1);
  EXPECT_EQ(open[0].severity, "critical");
  EXPECT_EQ(open[0].message.find('\n'), std::string::npos);
  // Quiet for an hour: the job resolves it.
  clock_.Set(start_ + std::chrono::minutes(61));
  ASSERT_TRUE(service_->RunJobs(clock_.Now()).ok());
  EXPECT_TRUE(Alerts(AlertStatus::kOpen, Condition::kEventLog).empty());
  ASSERT_EQ(Alerts(AlertStatus::kResolved).size(), 1u);
  // The same job saw the device silent for an hour: offline.
  ASSERT_EQ(Alerts(AlertStatus::kOpen).size(), 1u);
  EXPECT_EQ(Alerts(AlertStatus::kOpen)[0].condition, Condition::kOffline);
  auto full = service_->GetAlert(accounts::Principal::System("t"), open[0].id);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->events.size(), 3u);
  EXPECT_EQ(full->events[1].kind, "repeated");
  EXPECT_EQ(full->events[2].kind, "resolved");
}

TEST_P(MonitoringServiceTest, RefusesForeignAndWrongDevicesAndBadSamplesStoreNothing) {
  EXPECT_EQ(Ingest({Cpu(0, 10)}, printer_).code(), StatusCode::kInvalidArgument);
  auto other = db_->Transact([&](storage::Connection& c) {
    std::vector<Sample> s = {Cpu(0, 10)};
    s[0].device_id = device_;
    return service_->IngestInTransaction(c, customer_ + 1000, device_, s);
  });
  EXPECT_EQ(other.code(), StatusCode::kNotFound);
  // A device never reports for another one.
  auto spoof = db_->Transact([&](storage::Connection& c) {
    std::vector<Sample> s = {Cpu(0, 10)};
    s[0].device_id = printer_;
    return service_->IngestInTransaction(c, customer_, device_, s);
  });
  EXPECT_EQ(spoof.field(), "samples[0].device_id");
  Sample bad = Cpu(1, 10);
  bad.value = 250;
  Status st = Ingest({Cpu(0, 10), bad});
  EXPECT_EQ(st.field(), "samples[1].value");
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_batches"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_rollups"), 0);
}

TEST_P(MonitoringServiceTest, RollupsFoldBatchesAndRetentionPrunes) {
  // Two batches touching the same 5-minute bucket answer as one bucket,
  // while recent (from the records) and once compacted (from the table).
  ASSERT_TRUE(Ingest({Cpu(0, 10), Cpu(1, 30)}).ok());
  clock_.Set(start_ + std::chrono::minutes(3));
  ASSERT_TRUE(Ingest({Cpu(2, 50), Cpu(3, 2)}).ok());
  auto p = accounts::Principal::System("t");
  auto expect_bucket = [&](const char* when) {
    auto five = service_->QueryMetric(p, device_,
                                      {.metric = "cpu.used_percent",
                                       .from = start_,
                                       .to = start_ + std::chrono::minutes(5),
                                       .step_seconds = 300});
    ASSERT_TRUE(five.ok()) << five.status().ToString();
    EXPECT_EQ((*five)["resolution"], "5m") << when;
    ASSERT_EQ((*five)["series"][0]["points"].size(), 1u) << when;
    Json pt = (*five)["series"][0]["points"][0];
    EXPECT_EQ(pt["min"], 2.0) << when;
    EXPECT_EQ(pt["max"], 50.0) << when;
    EXPECT_EQ(pt["count"], 4) << when;
    EXPECT_DOUBLE_EQ(pt["value"].get<double>(), 23.0) << when;
  };
  expect_bucket("recent");
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_rollups"), 0);
  clock_.Set(start_ + std::chrono::hours(3));
  ASSERT_TRUE(service_->RunJobs(clock_.Now()).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_rollups WHERE resolution_ms = 300000"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_batches"), 0);
  expect_bucket("compacted");
  // Eight days later the raw samples are gone, the rollups are not.
  clock_.Set(start_ + std::chrono::hours(24 * 8));
  ASSERT_TRUE(service_->RunJobs(clock_.Now()).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_chunks"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM metric_rollups"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringServiceTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::monitoring
