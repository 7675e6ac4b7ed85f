// The stores of support time and flex hours on SQLite and PostgreSQL: under
// one customer's scope another customer's time and flex ledger are invisible
// and a write for them is NotFound and changes nothing; an entry is billed
// once; the flex balance is the sum of one year's rows; a month is earned
// once.
#include <functional>
#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/billing/model/test_dates.h"
#include "server/billing/store/billable_time_store.h"
#include "server/billing/store/flex_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class HoursStoreTest : public ::testing::TestWithParam<Backend> {
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
             for (const char* name : {"Acme", "Beta"}) {
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row r, c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                              " VALUES (?, 0, 0) RETURNING id",
                                              {std::string(name)}));
               const int64_t customer = r.Int("id");
               customers_.push_back(customer);
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row t,
                   c.QueryOne("INSERT INTO tickets (customer_id, subject, description, priority,"
                              " priority_rank, status, source, assignee_id, sla_policy,"
                              " created_at, updated_at) VALUES (?, 'Slow server', 'x', 'normal',"
                              " 2, 'open', 'phone', ?, 'default', 0, 0) RETURNING id",
                              {customer, u.Int("id")}));
               tickets_.push_back(t.Int("id"));
               // 90 min remote on 2 Nov, 30 min after hours on 9 Nov, and
               // 60 min of internal time that is never billed.
               for (auto [day, minutes, type, billable] :
                    {std::tuple{"2026-11-02", 90, "remote", true},
                     std::tuple{"2026-11-09", 30, "after_hours", true},
                     std::tuple{"2026-11-10", 60, "remote", false}}) {
                 STEWARD_ASSIGN_OR_RETURN(
                     storage::Row e,
                     c.QueryOne("INSERT INTO ticket_time_entries (ticket_id, customer_id, user_id,"
                                " work_date, minutes, work_type, billable, created_at, updated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id",
                                {t.Int("id"), customer, u.Int("id"), std::string(day),
                                 int64_t{minutes}, std::string(type), billable}));
                 entries_[customer].push_back(e.Int("id"));
               }
             }
             return Status::Ok();
           })
            .ok());
  }

  Status Run(const TenantScope& scope, const std::function<Status(const ScopedConnection&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) { return fn(sc); });
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, tickets_;
  std::map<int64_t, std::vector<int64_t>> entries_;
  int64_t invoice_ = 0;
};

TEST_P(HoursStoreTest, UnbilledTimeIsTheCustomersBillableWorkUpToADay) {
  const int64_t a = customers_[0], b = customers_[1];
  ASSERT_TRUE(Run(TenantScope::Customer(a), [&](const ScopedConnection& sc) -> Status {
                BillableTimeStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(auto mine, s.Unbilled(a, Date{kNovember / date::last}));
                EXPECT_EQ(mine.size(), 2u);  // the internal hour is not billable
                EXPECT_EQ(mine[0].ticket_subject, "Slow server");
                EXPECT_EQ(mine[0].work_type, WorkType::kRemote);
                STEWARD_ASSIGN_OR_RETURN(auto early, s.Unbilled(a, kNovember / date::day(5)));
                EXPECT_EQ(early.size(), 1u);
                // B's time does not exist for A's scope.
                STEWARD_ASSIGN_OR_RETURN(auto theirs, s.Unbilled(b, Date{kNovember / date::last}));
                EXPECT_TRUE(theirs.empty());
                STEWARD_ASSIGN_OR_RETURN(auto month, s.InMonth(b, kNovember));
                EXPECT_TRUE(month.empty());
                return Status::Ok();
              }).ok());
}

TEST_P(HoursStoreTest, AnEntryIsBilledOnceAndAnotherCustomersEntryNotAtAll) {
  const int64_t a = customers_[0], b = customers_[1];
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                   // A draft invoice to point at (the foreign key).
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row k, c.QueryOne("INSERT INTO contracts (customer_id, start_date,"
                                                  " term_months, setup_fee_cents, payment_days,"
                                                  " damages_months, notice_days, auto_renew,"
                                                  " status, created_at, updated_at) VALUES"
                                                  " (?, '2026-11-01', 12, 0, 14, 2, 90, 1,"
                                                  " 'active', 0, 0) RETURNING id",
                                                  {a}));
                   STEWARD_ASSIGN_OR_RETURN(
                       storage::Row i,
                       c.QueryOne("INSERT INTO invoices (customer_id, contract_id, month, sequence,"
                                  " status, total_cents, created_at, updated_at) VALUES"
                                  " (?, ?, '2026-12', 2, 'draft', 0, 0, 0) RETURNING id",
                                  {a, k.Int("id")}));
                   invoice_ = i.Int("id");
                   return Status::Ok();
                 })
                  .ok());
  const int64_t first = entries_[a][0];
  ASSERT_TRUE(Run(TenantScope::Customer(a), [&](const ScopedConnection& sc) -> Status {
                BillableTimeStore s(sc);
                STEWARD_RETURN_IF_ERROR(s.MarkBilled(first, invoice_, 60, 5));
                EXPECT_EQ(s.MarkBilled(first, invoice_, 60, 6).code(), StatusCode::kConflict);
                // B's entry under A's scope: refused, unchanged.
                EXPECT_FALSE(s.MarkBilled(entries_[b][0], invoice_, 0, 6).ok());
                STEWARD_ASSIGN_OR_RETURN(int64_t drawn, s.IncludedDrawn(a, kNovember));
                EXPECT_EQ(drawn, 60);
                STEWARD_ASSIGN_OR_RETURN(auto left, s.Unbilled(a, Date{kNovember / date::last}));
                EXPECT_EQ(left.size(), 1u);
                STEWARD_ASSIGN_OR_RETURN(auto month, s.InMonth(a, kNovember));
                EXPECT_EQ(month.size(), 2u);
                EXPECT_EQ(month[0].included_minutes, std::optional<int64_t>(60));
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto theirs,
                                         BillableTimeStore(sc).Unbilled(b, kNovember / date::last));
                EXPECT_EQ(theirs.size(), 2u);
                return Status::Ok();
              }).ok());
}

TEST_P(HoursStoreTest, TheFlexBalanceIsOneYearsRowsAndAMonthIsEarnedOnce) {
  const int64_t a = customers_[0], b = customers_[1];
  ASSERT_TRUE(
      Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
        FlexStore f(sc);
        STEWARD_RETURN_IF_ERROR(f.AddEarning(a, kNovember, 240, 1));
        STEWARD_RETURN_IF_ERROR(f.AddEarning(a, Month{date::year{2026}, date::month{12}}, 120, 2));
        STEWARD_ASSIGN_OR_RETURN(int64_t draw, f.AddDraw(a, 2026, 240, tickets_[0], "move", {}, 3));
        EXPECT_GT(draw, 0);
        return Status::Ok();
      }).ok());
  // The same month again is refused by the unique index (in its own
  // transaction: PostgreSQL aborts a transaction after a failed statement).
  EXPECT_FALSE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) {
                 return FlexStore(sc).AddEarning(a, kNovember, 240, 4);
               }).ok());
  ASSERT_TRUE(Run(TenantScope::Customer(a), [&](const ScopedConnection& sc) -> Status {
                FlexStore f(sc);
                STEWARD_ASSIGN_OR_RETURN(int64_t balance, f.Balance(a, 2026));
                EXPECT_EQ(balance, 120);
                STEWARD_ASSIGN_OR_RETURN(int64_t next_year, f.Balance(a, 2027));
                EXPECT_EQ(next_year, 0);
                STEWARD_ASSIGN_OR_RETURN(auto ledger, f.Ledger(a, 2026));
                EXPECT_EQ(ledger.size(), 3u);
                EXPECT_EQ(ledger[2].minutes, -240);
                EXPECT_EQ(ledger[2].ticket_id, std::optional<int64_t>(tickets_[0]));
                STEWARD_ASSIGN_OR_RETURN(bool earned, f.Earned(a, kNovember));
                EXPECT_TRUE(earned);
                // B is out of scope: writes are NotFound, reads are empty.
                EXPECT_EQ(f.AddEarning(b, kNovember, 60, 5).code(), StatusCode::kNotFound);
                EXPECT_EQ(
                    f.AddDraw(b, 2026, 240, std::nullopt, std::nullopt, {}, 5).status().code(),
                    StatusCode::kNotFound);
                STEWARD_ASSIGN_OR_RETURN(auto theirs, f.Ledger(b, 2026));
                EXPECT_TRUE(theirs.empty());
                // A draw naming B's ticket is refused.
                EXPECT_EQ(f.AddDraw(a, 2026, 240, tickets_[1], std::nullopt, {}, 5).status().code(),
                          StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto theirs, FlexStore(sc).Ledger(b, 2026));
                EXPECT_TRUE(theirs.empty());
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, HoursStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::billing
