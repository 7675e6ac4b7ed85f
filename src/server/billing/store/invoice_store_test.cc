// The invoice store's tenant scope on SQLite and PostgreSQL: under one
// customer's scope another customer's invoice is NotFound for every read and
// write, never listed, and a refused write (issue, payment, a draft for
// their contract) changes nothing.
#include "server/billing/store/invoice_store.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/billing/model/test_dates.h"
#include "server/billing/store/contract_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

class InvoiceStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    InitCrypto();
    db_ = steward::testing::NewTestDatabase(GetParam());
    ASSERT_TRUE(storage::Migrate(*db_, clock_).ok());
    for (const char* name : {"Acme", "Beta"}) {
      ASSERT_TRUE(db_->Transact([&](storage::Connection& c) -> Status {
                       STEWARD_ASSIGN_OR_RETURN(
                           storage::Row r,
                           c.QueryOne("INSERT INTO customers (name, created_at, updated_at)"
                                      " VALUES (?, 0, 0) RETURNING id",
                                      {std::string(name)}));
                       customers_.push_back(r.Int("id"));
                       return Status::Ok();
                     })
                      .ok());
    }
    for (int64_t customer : customers_) {
      ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                    NewContract n;
                    n.customer_id = customer;
                    n.start_date = kStart;
                    STEWARD_ASSIGN_OR_RETURN(int64_t contract,
                                             ContractStore(sc).Insert(n, std::nullopt, 1));
                    Invoice draft;
                    draft.customer_id = customer;
                    draft.contract_id = contract;
                    draft.month = kNovember;
                    draft.lines = {{LineKind::kSetup, "Setup", 1, 100000, 100000, std::nullopt}};
                    draft.total_cents = 100000;
                    STEWARD_ASSIGN_OR_RETURN(int64_t id, InvoiceStore(sc).InsertDraft(draft, 1));
                    contracts_.push_back(contract);
                    invoices_.push_back(id);
                    return Status::Ok();
                  }).ok());
    }
    // B's invoice is issued.
    ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                  InvoiceStore s(sc);
                  STEWARD_ASSIGN_OR_RETURN(int64_t number, s.TakeNumber());
                  return s.Issue(invoices_[1], number, kStart, kStart, 2);
                }).ok());
  }

  Status Run(const TenantScope& scope, const std::function<Status(const ScopedConnection&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) { return fn(sc); });
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, contracts_, invoices_;
};

TEST_P(InvoiceStoreTest, ACustomerScopeSeesOnlyItsOwnInvoices) {
  ASSERT_TRUE(Run(TenantScope::Customer(customers_[0]), [&](const ScopedConnection& sc) -> Status {
                InvoiceStore s(sc);
                EXPECT_TRUE(s.Get(invoices_[0]).ok());
                EXPECT_EQ(s.Get(invoices_[1]).status().code(), StatusCode::kNotFound);
                auto all = s.List({});
                EXPECT_EQ(all->size(), 1u);
                EXPECT_EQ(all->at(0).id, invoices_[0]);
                EXPECT_TRUE(s.List({.customer_id = customers_[1]})->empty());
                EXPECT_FALSE(s.Owner(invoices_[1])->has_value());
                EXPECT_FALSE(*s.Exists(contracts_[1], kNovember));
                EXPECT_TRUE(s.Open(contracts_[1])->empty());
                EXPECT_TRUE(s.Payments(invoices_[1])->empty());
                return Status::Ok();
              }).ok());
}

TEST_P(InvoiceStoreTest, ACustomerScopeCannotWriteAnotherCustomersInvoice) {
  Invoice b;
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(b, InvoiceStore(sc).Get(invoices_[1]));
                return Status::Ok();
              }).ok());
  const TenantScope scope = TenantScope::Customer(customers_[0]);
  auto refused = [&](const std::function<Status(const ScopedConnection&)>& write) {
    Status s = Run(scope, write);
    EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
  };
  refused([&](const ScopedConnection& sc) {
    return InvoiceStore(sc).AddPayment(b, 500, kStart, std::nullopt, 3).status();
  });
  refused([&](const ScopedConnection& sc) {
    return InvoiceStore(sc).Issue(invoices_[1], 99, kStart, kStart, 3);
  });
  refused([&](const ScopedConnection& sc) {
    Invoice draft = b;
    draft.month = Month{date::year{2026}, date::month{12}};
    return InvoiceStore(sc).InsertDraft(draft, 3).status();
  });
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                InvoiceStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(Invoice after, s.Get(invoices_[1]));
                EXPECT_EQ(after.paid_cents, 0);
                EXPECT_EQ(after.number, b.number);
                EXPECT_TRUE(s.Payments(invoices_[1])->empty());
                EXPECT_EQ(s.List({})->size(), 2u);
                return Status::Ok();
              }).ok());
}

TEST_P(InvoiceStoreTest, NumbersAreGaplessAndAPaymentSettlesOnce) {
  ASSERT_TRUE(Run(TenantScope::Customer(customers_[1]), [&](const ScopedConnection& sc) -> Status {
                InvoiceStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(Invoice inv, s.Get(invoices_[1]));
                EXPECT_EQ(inv.number, 1);
                STEWARD_RETURN_IF_ERROR(
                    s.AddPayment(inv, 100000, kStart, std::nullopt, 4).status());
                // A second payment decided on the same stale read loses.
                EXPECT_EQ(s.AddPayment(inv, 1, kStart, std::nullopt, 5).status().code(),
                          StatusCode::kConflict);
                STEWARD_ASSIGN_OR_RETURN(Invoice paid, s.Get(invoices_[1]));
                EXPECT_EQ(paid.status, InvoiceStatus::kPaid);
                EXPECT_EQ(paid.paid_cents, 100000);
                return Status::Ok();
              }).ok());
  // A number taken in a transaction that rolls back is taken again: no gap.
  Status rolled = Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
    STEWARD_ASSIGN_OR_RETURN(int64_t n, InvoiceStore(sc).TakeNumber());
    EXPECT_EQ(n, 2);
    return Status::Internal("roll back");
  });
  EXPECT_FALSE(rolled.ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                STEWARD_ASSIGN_OR_RETURN(int64_t n, InvoiceStore(sc).TakeNumber());
                EXPECT_EQ(n, 2);
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, InvoiceStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::billing
