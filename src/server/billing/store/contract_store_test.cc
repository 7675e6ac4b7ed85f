// The contract store's tenant scope on SQLite and PostgreSQL: under one
// customer's scope another customer's contract is NotFound for every read
// and write, its lines never come back, and a refused write changes nothing.
#include "server/billing/store/contract_store.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/billing/model/test_dates.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class ContractStoreTest : public ::testing::TestWithParam<Backend> {
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
               int64_t customer = r.Int("id");
               STEWARD_ASSIGN_OR_RETURN(
                   storage::Row ci,
                   c.QueryOne("INSERT INTO cis (customer_id, kind, name, created_at,"
                              " updated_at) VALUES (?, 'server', ?, 0, 0) RETURNING id",
                              {customer, std::string(name) + "-srv"}));
               customers_.push_back(customer);
               servers_.push_back(ci.Int("id"));
             }
             STEWARD_ASSIGN_OR_RETURN(storage::Row plan,
                                      c.QueryOne("SELECT id FROM plans WHERE name = 'Bronze'"));
             bronze_ = plan.Int("id");
             return Status::Ok();
           })
            .ok());
    a_ = customers_[0];
    b_ = customers_[1];
    contract_a_ = Insert(a_);
    contract_b_ = Insert(b_);
    ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                  STEWARD_ASSIGN_OR_RETURN(Contract b, s.Get(contract_b_));
                  return s.AddLine(b, bronze_, std::nullopt, kStart, {servers_[1]}, 1).status();
                }).ok());
  }

  int64_t Insert(int64_t customer) {
    int64_t id = 0;
    EXPECT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                  NewContract n;
                  n.customer_id = customer;
                  n.start_date = kStart;
                  STEWARD_ASSIGN_OR_RETURN(id, s.Insert(n, std::nullopt, 1));
                  return Status::Ok();
                }).ok());
    return id;
  }

  Status Run(const TenantScope& scope, const std::function<Status(ContractStore&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) {
      ContractStore store(sc);
      return fn(store);
    });
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, servers_;
  int64_t a_ = 0, b_ = 0, bronze_ = 0, contract_a_ = 0, contract_b_ = 0;
};

TEST_P(ContractStoreTest, ACustomerScopeReadsOnlyItsOwnContracts) {
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](ContractStore& s) -> Status {
                EXPECT_TRUE(s.Get(contract_a_).ok());
                EXPECT_EQ(s.Get(contract_b_).status().code(), StatusCode::kNotFound);
                auto all = s.List(std::nullopt);
                EXPECT_EQ(all->size(), 1u);
                EXPECT_EQ(all->at(0).id, contract_a_);
                EXPECT_TRUE(s.List(b_)->empty());
                EXPECT_TRUE(s.Lines(contract_b_)->empty());
                EXPECT_FALSE(s.Owner(contract_b_)->has_value());
                EXPECT_FALSE(s.RenewedBy(contract_b_)->has_value());
                EXPECT_TRUE(s.RetiredCoveredCis(std::nullopt)->empty());
                return Status::Ok();
              }).ok());
}

TEST_P(ContractStoreTest, ACustomerScopeCannotWriteAnotherCustomersContract) {
  Contract b;
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(b, s.Get(contract_b_));
                return Status::Ok();
              }).ok());
  const TenantScope scope = TenantScope::Customer(a_);
  auto refused = [&](const std::function<Status(ContractStore&)>& write) {
    Status s = Run(scope, write);
    EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
  };
  refused([&](ContractStore& s) {
    return s.AddLine(b, bronze_, std::nullopt, kStart, {servers_[1]}, 2).status();
  });
  refused([&](ContractStore& s) { return s.Terminate(b, kStart, 100, 2); });
  refused([&](ContractStore& s) { return s.SetEnd(b, kStart, 2); });
  refused([&](ContractStore& s) { return s.SetEnd(b, std::nullopt, 2); });
  refused([&](ContractStore& s) {
    NewContract n;
    n.customer_id = b_;
    n.start_date = kStart;
    return s.Insert(n, std::nullopt, 2).status();
  });
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(Contract after, s.Get(contract_b_));
                EXPECT_EQ(after.status, ContractStatus::kActive);
                EXPECT_FALSE(after.damages_cents.has_value());
                EXPECT_FALSE(after.ends_on.has_value());
                EXPECT_EQ(s.Lines(contract_b_)->size(), 1u);
                EXPECT_EQ(s.List(std::nullopt)->size(), 2u);
                return Status::Ok();
              }).ok());
}

TEST_P(ContractStoreTest, ALineCoversOnlyTheContractCustomersDevices) {
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(Contract a, s.Get(contract_a_));
                auto foreign = s.AddLine(a, bronze_, std::nullopt, kStart, {servers_[1]}, 3);
                EXPECT_EQ(foreign.status().code(), StatusCode::kNotFound);
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                EXPECT_TRUE(s.Lines(contract_a_)->empty());
                return Status::Ok();
              }).ok());
}

TEST_P(ContractStoreTest, TerminationEndsEveryLineAndDeviceOnce) {
  const Date end{date::year{2026}, date::month{12}, date::day{15}};
  ASSERT_TRUE(Run(TenantScope::Customer(b_), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(Contract b, s.Get(contract_b_));
                STEWARD_RETURN_IF_ERROR(s.Terminate(b, end, 288000, 5));
                EXPECT_EQ(s.Terminate(b, end, 1, 6).code(), StatusCode::kConflict);
                STEWARD_ASSIGN_OR_RETURN(auto lines, s.Lines(contract_b_));
                EXPECT_EQ(lines.at(0).ends_on, end);
                EXPECT_EQ(lines.at(0).devices.at(0).to, end);
                STEWARD_ASSIGN_OR_RETURN(Contract after, s.Get(contract_b_));
                EXPECT_EQ(after.damages_cents, 288000);
                EXPECT_EQ(after.terminated_on, end);
                return Status::Ok();
              }).ok());
}

TEST_P(ContractStoreTest, ARenewalLinksToItsPredecessorOnceAndEndsIt) {
  const Date renews{date::year{2027}, date::month{11}, date::day{1}};
  ASSERT_TRUE(Run(TenantScope::Customer(b_), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(Contract b, s.Get(contract_b_));
                NewContract next;
                next.customer_id = b_;
                next.start_date = renews;
                next.renews_contract_id = contract_b_;
                STEWARD_ASSIGN_OR_RETURN(int64_t id, s.Insert(next, std::nullopt, 7));
                STEWARD_RETURN_IF_ERROR(s.SetEnd(b, renews, 7));
                EXPECT_EQ(s.RenewedBy(contract_b_).value(), id);
                STEWARD_ASSIGN_OR_RETURN(Contract old, s.Get(contract_b_));
                EXPECT_EQ(old.ends_on, renews);
                EXPECT_FALSE(old.auto_renew);
                STEWARD_ASSIGN_OR_RETURN(Contract renewal, s.Get(id));
                EXPECT_EQ(renewal.renews_contract_id, contract_b_);
                // Notice taken back clears the end.
                STEWARD_RETURN_IF_ERROR(s.SetEnd(renewal, std::nullopt, 8));
                STEWARD_ASSIGN_OR_RETURN(renewal, s.Get(id));
                EXPECT_FALSE(renewal.ends_on.has_value());
                EXPECT_TRUE(renewal.auto_renew);
                return Status::Ok();
              }).ok());
  // A second renewal of the same contract is refused by the database.
  Status twice = Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
    NewContract again;
    again.customer_id = b_;
    again.start_date = renews;
    again.renews_contract_id = contract_b_;
    return s.Insert(again, std::nullopt, 9).status();
  });
  EXPECT_FALSE(twice.ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](ContractStore& s) -> Status {
                EXPECT_EQ(s.List(b_)->size(), 2u);
                return Status::Ok();
              }).ok());
}

TEST_P(ContractStoreTest, RetiredCisAreReportedOnlyForTheScopesLines) {
  ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                   return c
                       .Execute("UPDATE cis SET status = 'retired', retired_at = 42 WHERE id = ?",
                                {servers_[1]})
                       .status();
                 })
                  .ok());
  ASSERT_TRUE(Run(TenantScope::Customer(b_), [&](ContractStore& s) -> Status {
                STEWARD_ASSIGN_OR_RETURN(auto retired, s.RetiredCoveredCis(std::nullopt));
                EXPECT_EQ(retired.size(), 1u);
                EXPECT_EQ(retired[servers_[1]], 42);
                EXPECT_EQ(s.RetiredCoveredCis(contract_b_)->size(), 1u);
                EXPECT_TRUE(s.RetiredCoveredCis(contract_a_)->empty());
                // A retired CI cannot be put on a contract.
                STEWARD_ASSIGN_OR_RETURN(Contract b, s.Get(contract_b_));
                auto line = s.AddLine(b, bronze_, std::nullopt, kStart, {servers_[1]}, 9);
                EXPECT_EQ(line.status().code(), StatusCode::kInvalidArgument);
                EXPECT_EQ(line.status().field(), "ci_ids");
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Customer(a_), [&](ContractStore& s) -> Status {
                EXPECT_TRUE(s.RetiredCoveredCis(std::nullopt)->empty());
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::billing
