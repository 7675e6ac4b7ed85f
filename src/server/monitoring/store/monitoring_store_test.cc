// The monitoring stores' tenant scope on SQLite and PostgreSQL: under one
// customer's scope another customer's alerts, maintenance windows, device
// groups and devices are NotFound for every read and write, never come back
// in a list, and a refused write changes nothing.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/monitoring/store/alert_store.h"
#include "server/monitoring/store/device_group_store.h"
#include "server/monitoring/store/device_lookup.h"
#include "server/monitoring/store/maintenance_window_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::monitoring {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class MonitoringStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                     for (const char* name : {"Acme", "Beta"}) {
                       STEWARD_ASSIGN_OR_RETURN(
                           storage::Row r,
                           c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                      " VALUES (?, 0, 0) RETURNING id",
                                      {std::string(name)}));
                       int64_t customer = r.Int("id");
                       STEWARD_ASSIGN_OR_RETURN(
                           storage::Row ci,
                           c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                                      " updated_at) VALUES (?, 'server', ?, 0, 0) RETURNING id",
                                      {customer, std::string(name) + "-srv"}));
                       STEWARD_ASSIGN_OR_RETURN(
                           storage::Row alert,
                           c.QueryOne("INSERT INTO alerts (customer_id, device_id, condition_name,"
                                      " severity, status, message, opened_at, last_event_at,"
                                      " repeat_count) VALUES (?, ?, 'cpu_high', 'warning', 'open',"
                                      " 'hot', 1000, 1000, 0) RETURNING id",
                                      {customer, ci.Int("id")}));
                       STEWARD_RETURN_IF_ERROR(
                           c.Execute("INSERT INTO alert_events (alert_id, at, kind, message)"
                                     " VALUES (?, 1000, 'opened', 'hot')",
                                     {alert.Int("id")})
                               .status());
                       customers_.push_back(customer);
                       servers_.push_back(ci.Int("id"));
                       alerts_.push_back(alert.Int("id"));
                     }
                     STEWARD_ASSIGN_OR_RETURN(
                         storage::Row user,
                         c.QueryOne("INSERT INTO users (email, name, role, password_hash,"
                                    " created_at, updated_at) VALUES ('tech@msp.example', 'Tech',"
                                    " 'technician', 'x', 0, 0) RETURNING id"));
                     user_ = user.Int("id");
                     return Status::Ok();
                   })
                    .ok());
    a_ = customers_[0];
    b_ = customers_[1];
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                    NewMaintenanceWindow w;
                    w.customer_id = customers_[i];
                    w.starts_at = FromMillis(0);
                    w.ends_at = FromMillis(10'000);
                    w.reason = "patching";
                    STEWARD_ASSIGN_OR_RETURN(
                        int64_t window, MaintenanceWindowStore(sc).Insert(w, std::nullopt, Now()));
                    windows_.push_back(window);
                    DeviceGroupStore groups(sc);
                    STEWARD_ASSIGN_OR_RETURN(int64_t group,
                                             groups.Insert({customers_[i], "Servers"}, Now()));
                    groups_.push_back(group);
                    return groups.AddMember(group, servers_[i]).status();
                  }).ok());
    }
  }

  Timestamp Now() const { return clock_.Now(); }

  Status Run(const TenantScope& scope, const std::function<Status(const ScopedConnection&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) { return fn(sc); });
  }

  ManualClock clock_{FromMillis(5'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, servers_, alerts_, windows_, groups_;
  int64_t a_ = 0, b_ = 0, user_ = 0;
};

TEST_P(MonitoringStoreTest, ACustomerSeesAndChangesOnlyItsOwnAlerts) {
  const TenantScope acme = TenantScope::Customer(a_);
  ASSERT_TRUE(
      Run(acme, [&](const ScopedConnection& sc) -> Status {
        AlertStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(std::vector<Alert> all, store.List({}));
        EXPECT_EQ(all.size(), 1u);
        if (!all.empty()) {
          EXPECT_EQ(all[0].id, alerts_[0]);
        }
        // Even asking for the other customer's rows by name finds none.
        AlertQuery theirs;
        theirs.customer_id = b_;
        STEWARD_ASSIGN_OR_RETURN(std::vector<Alert> none, store.List(theirs));
        EXPECT_TRUE(none.empty());
        EXPECT_EQ(store.Get(alerts_[1]).status().code(), StatusCode::kNotFound);
        STEWARD_ASSIGN_OR_RETURN(auto open, store.OpenFor(servers_[1], Condition::kCpuHigh));
        EXPECT_FALSE(open.has_value());
        STEWARD_ASSIGN_OR_RETURN(auto events, store.Events(alerts_[1]));
        EXPECT_TRUE(events.empty());
        STEWARD_ASSIGN_OR_RETURN(auto own, store.Events(alerts_[0]));
        EXPECT_EQ(own.size(), 1u);
        EXPECT_EQ(store.Acknowledge(alerts_[1], Now(), user_, "someone").code(),
                  StatusCode::kNotFound);
        EXPECT_EQ(store.Repeat(alerts_[1], 1, "critical", "hotter", Now()).code(),
                  StatusCode::kNotFound);
        EXPECT_EQ(store.Resolve(alerts_[1], Now()).code(), StatusCode::kNotFound);
        EXPECT_EQ(store.Open(b_, servers_[1], Condition::kMemoryHigh, "warning", "full", Now(), 0)
                      .status()
                      .code(),
                  StatusCode::kNotFound);
        STEWARD_ASSIGN_OR_RETURN(int64_t beta_open, store.CountOpen(servers_[1]));
        EXPECT_EQ(beta_open, 0);
        return Status::Ok();
      }).ok());
  // The refused acknowledgement changed nothing of Beta's.
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                AlertStore store(sc);
                STEWARD_ASSIGN_OR_RETURN(Alert beta, store.Get(alerts_[1]));
                EXPECT_FALSE(beta.acknowledged_at.has_value());
                EXPECT_EQ(beta.status, AlertStatus::kOpen);
                EXPECT_EQ(beta.repeat_count, 0);
                EXPECT_EQ(beta.severity, "warning");
                STEWARD_ASSIGN_OR_RETURN(auto events, store.Events(alerts_[1]));
                EXPECT_EQ(events.size(), 1u);
                STEWARD_ASSIGN_OR_RETURN(int64_t beta_open, store.CountOpen(servers_[1]));
                EXPECT_EQ(beta_open, 1);
                STEWARD_ASSIGN_OR_RETURN(std::vector<Alert> all, store.List({}));
                EXPECT_EQ(all.size(), 2u);
                return Status::Ok();
              }).ok());
  // Acme's own acknowledgement lands, with its event.
  ASSERT_TRUE(Run(acme, [&](const ScopedConnection& sc) -> Status {
                AlertStore store(sc);
                STEWARD_RETURN_IF_ERROR(store.Acknowledge(alerts_[0], Now(), user_, "someone"));
                STEWARD_ASSIGN_OR_RETURN(Alert mine, store.Get(alerts_[0]));
                EXPECT_EQ(mine.acknowledged_by.value_or(0), user_);
                EXPECT_TRUE(mine.acknowledged_at == std::optional<Timestamp>(Now()));
                STEWARD_ASSIGN_OR_RETURN(auto events, store.Events(alerts_[0]));
                EXPECT_EQ(events.size(), 2u);
                return Status::Ok();
              }).ok());
}

TEST_P(MonitoringStoreTest, ACustomerSeesAndChangesOnlyItsOwnMaintenanceWindows) {
  const TenantScope acme = TenantScope::Customer(a_);
  ASSERT_TRUE(
      Run(acme, [&](const ScopedConnection& sc) -> Status {
        MaintenanceWindowStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(auto all, store.List(std::nullopt));
        EXPECT_EQ(all.size(), 1u);
        if (!all.empty()) {
          EXPECT_EQ(all[0].id, windows_[0]);
        }
        STEWARD_ASSIGN_OR_RETURN(auto theirs, store.List(b_));
        EXPECT_TRUE(theirs.empty());
        EXPECT_EQ(store.Get(windows_[1]).status().code(), StatusCode::kNotFound);
        EXPECT_EQ(store.Delete(windows_[1]).code(), StatusCode::kNotFound);
        STEWARD_ASSIGN_OR_RETURN(bool covered, store.Covers(b_, servers_[1], FromMillis(5'000)));
        EXPECT_FALSE(covered);
        STEWARD_ASSIGN_OR_RETURN(bool own, store.Covers(a_, servers_[0], FromMillis(5'000)));
        EXPECT_TRUE(own);
        NewMaintenanceWindow w;
        w.customer_id = b_;
        w.starts_at = FromMillis(0);
        w.ends_at = FromMillis(1'000);
        w.reason = "not mine";
        EXPECT_EQ(store.Insert(w, std::nullopt, Now()).status().code(), StatusCode::kNotFound);
        return Status::Ok();
      }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto all, MaintenanceWindowStore(sc).List(std::nullopt));
                EXPECT_EQ(all.size(), 2u);  // Beta's still there, nothing added
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(acme, [&](const ScopedConnection& sc) -> Status {
                MaintenanceWindowStore store(sc);
                STEWARD_RETURN_IF_ERROR(store.Delete(windows_[0]));
                EXPECT_EQ(store.Get(windows_[0]).status().code(), StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
}

TEST_P(MonitoringStoreTest, ACustomerSeesAndChangesOnlyItsOwnDeviceGroups) {
  const TenantScope acme = TenantScope::Customer(a_);
  ASSERT_TRUE(
      Run(acme, [&](const ScopedConnection& sc) -> Status {
        DeviceGroupStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(auto all, store.List(std::nullopt));
        EXPECT_EQ(all.size(), 1u);
        if (!all.empty()) {
          EXPECT_EQ(all[0].id, groups_[0]);
          EXPECT_EQ(all[0].device_ids, std::vector<int64_t>{servers_[0]});
        }
        STEWARD_ASSIGN_OR_RETURN(auto theirs, store.List(b_));
        EXPECT_TRUE(theirs.empty());
        EXPECT_EQ(store.Get(groups_[1]).status().code(), StatusCode::kNotFound);
        EXPECT_EQ(store.AddMember(groups_[1], servers_[0]).status().code(), StatusCode::kNotFound);
        EXPECT_EQ(store.RemoveMember(groups_[1], servers_[1]).code(), StatusCode::kNotFound);
        EXPECT_EQ(store.Insert({b_, "Mine now"}, Now()).status().code(), StatusCode::kNotFound);
        // Its own: a second member is added once, a name only once.
        STEWARD_ASSIGN_OR_RETURN(bool again, store.AddMember(groups_[0], servers_[0]));
        EXPECT_FALSE(again);
        EXPECT_EQ(store.Insert({a_, "Servers"}, Now()).status().code(), StatusCode::kAlreadyExists);
        return Status::Ok();
      }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                DeviceGroupStore store(sc);
                STEWARD_ASSIGN_OR_RETURN(DeviceGroup beta, store.Get(groups_[1]));
                EXPECT_EQ(beta.device_ids, std::vector<int64_t>{servers_[1]});
                STEWARD_ASSIGN_OR_RETURN(auto all, store.List(std::nullopt));
                EXPECT_EQ(all.size(), 2u);
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(acme, [&](const ScopedConnection& sc) -> Status {
                DeviceGroupStore store(sc);
                STEWARD_RETURN_IF_ERROR(store.RemoveMember(groups_[0], servers_[0]));
                EXPECT_EQ(store.RemoveMember(groups_[0], servers_[0]).code(),
                          StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
}

TEST_P(MonitoringStoreTest, ACustomerFindsOnlyItsOwnDevicesAndItself) {
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](const ScopedConnection& sc) -> Status {
                DeviceLookup lookup(sc);
                STEWARD_ASSIGN_OR_RETURN(MonitoredDevice mine, lookup.Device(servers_[0]));
                EXPECT_EQ(mine.customer_id, a_);
                EXPECT_EQ(lookup.Device(servers_[1]).status().code(), StatusCode::kNotFound);
                EXPECT_TRUE(lookup.RequireCustomer(a_).ok());
                EXPECT_EQ(lookup.RequireCustomer(b_).code(), StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::monitoring
