// The time entry store's tenant scope on SQLite and PostgreSQL: under one
// customer's scope another customer's entries are NotFound for reads and
// writes and never listed; an invoiced entry cannot be updated.
#include "server/servicedesk/store/time_entry_store.h"

#include <functional>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::servicedesk {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

constexpr billing::Date kDay{date::year{2026}, date::month{11}, date::day{2}};

class TimeEntryStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    ASSERT_TRUE(
        db_->Transact([&](storage::Connection& c) -> Status {
             STEWARD_ASSIGN_OR_RETURN(
                 storage::Row u, c.QueryOne("INSERT INTO users (email, name, role, password_hash,"
                                            " created_at, updated_at) VALUES ('t@msp.example', 't',"
                                            " 'technician', 'x', 0, 0) RETURNING id"));
             user_ = u.Int("id");
             for (const char* name : {"Acme", "Beta"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               customers_.push_back(r.Int("id"));
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row t,
                   c.QueryOne("INSERT INTO tickets (customer_id, subject, description, priority,"
                              " priority_rank, status, source, assignee_id, sla_policy,"
                              " created_at, updated_at) VALUES (?, 'Slow server', 'x', 'normal',"
                              " 2, 'open', 'phone', ?, 'default', 0, 0) RETURNING id",
                              {r.Int("id"), user_}));
               tickets_.push_back(t.Int("id"));
             }
             return Status::Ok();
           })
            .ok());
    for (size_t i = 0; i < 2; ++i) {
      ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                    STEWARD_ASSIGN_OR_RETURN(int64_t id, TimeEntryStore(sc).Insert(Entry(i)));
                    entries_.push_back(id);
                    return Status::Ok();
                  }).ok());
    }
  }

  TimeEntry Entry(size_t tenant) {
    TimeEntry e;
    e.ticket_id = tickets_[tenant];
    e.customer_id = customers_[tenant];
    e.user_id = user_;
    e.work_date = kDay;
    e.minutes = 45;
    e.work_type = WorkType::kEmergencyOnsite;
    e.created_at = e.updated_at = 1;
    return e;
  }

  Status Run(const TenantScope& scope, const std::function<Status(const ScopedConnection&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) { return fn(sc); });
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  int64_t user_ = 0;
  std::vector<int64_t> customers_, tickets_, entries_;
};

TEST_P(TimeEntryStoreTest, ACustomerScopeSeesAndWritesOnlyItsOwnEntries) {
  ASSERT_TRUE(Run(TenantScope::Customer(customers_[0]), [&](const ScopedConnection& sc) -> Status {
                TimeEntryStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(TimeEntry mine, s.Get(tickets_[0], entries_[0]));
                EXPECT_EQ(mine.work_date, kDay);
                EXPECT_EQ(mine.work_type, WorkType::kEmergencyOnsite);
                EXPECT_EQ(s.Get(tickets_[1], entries_[1]).status().code(), StatusCode::kNotFound);
                STEWARD_ASSIGN_OR_RETURN(auto theirs, s.ForTicket(tickets_[1]));
                EXPECT_TRUE(theirs.empty());
                EXPECT_EQ(s.Insert(Entry(1)).status().code(), StatusCode::kNotFound);
                TimeEntry changed = Entry(1);
                changed.id = entries_[1];
                changed.minutes = 15;
                EXPECT_FALSE(s.Update(changed, 2).ok());
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto theirs, TimeEntryStore(sc).ForTicket(tickets_[1]));
                EXPECT_EQ(theirs.size(), 1u);  // one entry, unchanged
                EXPECT_EQ(theirs[0].minutes, 45);
                return Status::Ok();
              }).ok());
}

TEST_P(TimeEntryStoreTest, AnInvoicedEntryIsNeverUpdated) {
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) {
                   return c
                       .Execute("UPDATE ticket_time_entries SET invoiced_at = 5 WHERE id = ?",
                                {entries_[0]})
                       .status();
                 })
                  .ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                TimeEntry e = Entry(0);
                e.id = entries_[0];
                e.minutes = 15;
                EXPECT_EQ(TimeEntryStore(sc).Update(e, 6).code(), StatusCode::kConflict);
                STEWARD_ASSIGN_OR_RETURN(TimeEntry after,
                                         TimeEntryStore(sc).Get(tickets_[0], entries_[0]));
                EXPECT_EQ(after.minutes, 45);
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, TimeEntryStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::servicedesk
