// The change window store on SQLite and PostgreSQL: windows round-trip;
// under one customer's scope another customer's windows, groups and
// devices are NotFound for every read and write, and its own are there.
#include "server/patching/store/change_window_store.h"

#include <functional>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/patching/rules/recurrence.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::patching {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class ChangeWindowStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             for (const char* name : {"Acme", "Beta"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               const int64_t customer = r.Int("id");
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row d, c.QueryOne("INSERT INTO cis (customer_id, kind, name, status,"
                                              " created_at, updated_at) VALUES (?, 'server', ?,"
                                              " 'active', 0, 0) RETURNING id",
                                              {customer, std::string(name) + "-srv"}));
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row g,
                   c.QueryOne("INSERT INTO device_groups (customer_id, name, created_at)"
                              " VALUES (?, 'All', 0) RETURNING id",
                              {customer}));
               STEWARD_RETURN_IF_ERROR(
                   c.Execute("INSERT INTO device_group_members (group_id, device_id)"
                             " VALUES (?, ?)",
                             {g.Int("id"), d.Int("id")})
                       .status());
               customers_.push_back(customer);
               devices_.push_back(d.Int("id"));
               groups_.push_back(g.Int("id"));
             }
             return Status::Ok();
           })
            .ok());
  }

  Status Run(const TenantScope& scope, const std::function<Status(ChangeWindowStore&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) {
      ChangeWindowStore store(sc);
      return fn(store);
    });
  }

  // A weekly Saturday window for customer `i` at `level`.
  int64_t Add(size_t i, WindowLevel level) {
    ChangeWindow w;
    w.customer_id = customers_[i];
    w.level = level;
    w.target_id = level == WindowLevel::kCustomer ? customers_[i]
                  : level == WindowLevel::kGroup  ? groups_[i]
                                                  : devices_[i];
    w.name = "Saturday";
    w.rule = {ParseRRule("FREQ=WEEKLY;BYDAY=SA").value(),
              ParseLocalStart("2026-12-05T22:00").value(), 240};
    w.rrule = FormatRRule(w.rule.recurrence);
    w.created_at = clock_.Now();
    int64_t id = 0;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](ChangeWindowStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(id, s.Insert(w));
                  return Status::Ok();
                }).ok());
    return id;
  }

  ManualClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, devices_, groups_;
};

TEST_P(ChangeWindowStoreTest, WindowsRoundTripAndTheMostSpecificLevelApplies) {
  const int64_t customer_window = Add(0, WindowLevel::kCustomer);
  ChangeWindow back;
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ChangeWindowStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(back, s.Get(customer_window));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(back.rrule, "FREQ=WEEKLY;BYDAY=SA");
  EXPECT_EQ(FormatLocalStart(back.rule.start), "2026-12-05T22:00");
  EXPECT_EQ(back.rule.duration_minutes, 240);
  EXPECT_EQ(back.level, WindowLevel::kCustomer);

  auto level_of = [&](int64_t device) {
    std::optional<WindowLevel> level;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](ChangeWindowStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(auto found, s.ForDevice(device));
                  level = found.level;
                  return Status::Ok();
                }).ok());
    return level;
  };
  EXPECT_EQ(level_of(devices_[0]), WindowLevel::kCustomer);
  EXPECT_EQ(level_of(devices_[1]), std::nullopt) << "Beta has none";
  Add(0, WindowLevel::kGroup);
  EXPECT_EQ(level_of(devices_[0]), WindowLevel::kGroup);
  Add(0, WindowLevel::kDevice);
  EXPECT_EQ(level_of(devices_[0]), WindowLevel::kDevice);
}

TEST_P(ChangeWindowStoreTest, AScopeSeesAndChangesOnlyItsOwnCustomersWindows) {
  const int64_t acme_window = Add(0, WindowLevel::kCustomer);
  const int64_t beta_window = Add(1, WindowLevel::kDevice);
  const TenantScope beta = TenantScope::Customer(customers_[1]);
  std::vector<std::function<Status(ChangeWindowStore&)>> reaching_acme = {
      [&](ChangeWindowStore& s) { return s.Get(acme_window).status(); },
      [&](ChangeWindowStore& s) { return s.Delete(acme_window); },
      [&](ChangeWindowStore& s) { return s.ForCustomer(customers_[0]).status(); },
      [&](ChangeWindowStore& s) { return s.ForDevice(devices_[0]).status(); },
      [&](ChangeWindowStore& s) {
        return s.TargetCustomer(WindowLevel::kCustomer, customers_[0]).status();
      },
      [&](ChangeWindowStore& s) {
        return s.TargetCustomer(WindowLevel::kGroup, groups_[0]).status();
      },
      [&](ChangeWindowStore& s) {
        return s.TargetCustomer(WindowLevel::kDevice, devices_[0]).status();
      },
      [&](ChangeWindowStore& s) {
        ChangeWindow w;
        w.customer_id = customers_[0];
        w.level = WindowLevel::kCustomer;
        w.target_id = customers_[0];
        return s.Insert(w).status();
      },
  };
  for (size_t i = 0; i < reaching_acme.size(); ++i) {
    EXPECT_EQ(Run(beta, reaching_acme[i]).code(), StatusCode::kNotFound) << i;
  }
  // Acme's window is still there, and Beta reaches its own.
  EXPECT_TRUE(Run(TenantScope::Staff(), [&](ChangeWindowStore& s) {
                return s.Get(acme_window).status();
              }).ok());
  EXPECT_TRUE(Run(beta, [&](ChangeWindowStore& s) { return s.Get(beta_window).status(); }).ok());
  EXPECT_TRUE(
      Run(beta, [&](ChangeWindowStore& s) { return s.ForDevice(devices_[1]).status(); }).ok());
  EXPECT_TRUE(Run(beta, [&](ChangeWindowStore& s) { return s.Delete(beta_window); }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeWindowStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::patching
