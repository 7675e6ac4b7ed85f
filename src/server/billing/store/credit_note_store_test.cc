// Credit notes and the ledger reads on SQLite and PostgreSQL: voiding
// writes a note numbered from the invoices' sequence and makes the invoice
// void (no payment, no second void, no late fees after); under one
// customer's scope another customer's invoice cannot be voided and their
// notes and receivables are not seen.
#include "server/billing/store/credit_note_store.h"

#include <functional>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "server/billing/model/test_dates.h"
#include "server/billing/rules/voiding.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/invoice_store.h"
#include "server/billing/store/ledger_store.h"
#include "storage/migrator.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using steward::testing::Backend;
using storage::ScopedConnection;
using storage::TenantScope;

constexpr Date kDue{date::year{2026}, date::month{11}, date::day{15}};
constexpr Date kVoidDay{date::year{2026}, date::month{11}, date::day{20}};

class CreditNoteStoreTest : public ::testing::TestWithParam<Backend> {
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
    // Each customer has one issued invoice of $1,000.00 + a $15.00 late fee line.
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
                    InvoiceStore s(sc);
                    STEWARD_ASSIGN_OR_RETURN(int64_t id, s.InsertDraft(draft, 1));
                    STEWARD_ASSIGN_OR_RETURN(int64_t number, s.TakeNumber());
                    STEWARD_RETURN_IF_ERROR(s.Issue(id, number, kStart, kDue, 2));
                    contracts_.push_back(contract);
                    invoices_.push_back(id);
                    return Status::Ok();
                  }).ok());
    }
  }

  Status Run(const TenantScope& scope, const std::function<Status(const ScopedConnection&)>& fn) {
    return storage::TransactScoped(*db_, scope, [&](ScopedConnection& sc) { return fn(sc); });
  }

  // Voids `invoice` as the service does: number, note, mark.
  Status Void(const TenantScope& scope, int64_t invoice, int64_t* note_id = nullptr) {
    return Run(scope, [&](const ScopedConnection& sc) -> Status {
      InvoiceStore s(sc);
      STEWARD_ASSIGN_OR_RETURN(Invoice inv, s.Get(invoice));
      STEWARD_ASSIGN_OR_RETURN(int64_t number, s.TakeNumber());
      CreditNote note = CreditNoteFor(inv, number, kVoidDay, "duplicate");
      STEWARD_ASSIGN_OR_RETURN(int64_t id, CreditNoteStore(sc).Insert(note, std::nullopt, 3));
      if (note_id) *note_id = id;
      return s.Void(invoice, id, 3);
    });
  }

  int64_t Notes() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     STEWARD_ASSIGN_OR_RETURN(storage::Row r,
                                              c.QueryOne("SELECT COUNT(*) AS n FROM credit_notes"));
                     n = r.Int("n");
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  ManualClock clock_{FromMillis(1'795'424'400'000)};
  std::unique_ptr<storage::Database> db_;
  std::vector<int64_t> customers_, contracts_, invoices_;
};

TEST_P(CreditNoteStoreTest, VoidingWritesANoteNumberedNextAndTheInvoiceReadsVoid) {
  int64_t note_id = 0;
  ASSERT_TRUE(Void(TenantScope::Customer(customers_[1]), invoices_[1], &note_id).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                InvoiceStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(Invoice inv, s.Get(invoices_[1]));
                EXPECT_EQ(inv.status, InvoiceStatus::kVoid);
                EXPECT_EQ(inv.credit_note_id, note_id);
                EXPECT_EQ(inv.credit_note_number, 3);         // invoices took 1 and 2
                EXPECT_TRUE(s.Open(contracts_[1])->empty());  // no late fee from now on
                EXPECT_EQ(s.Open(contracts_[0])->size(), 1u);
                // A payment decided on the invoice as it was before loses.
                Invoice before = inv;
                before.status = InvoiceStatus::kIssued;
                EXPECT_EQ(s.AddPayment(before, 100, kVoidDay, std::nullopt, 4).status().code(),
                          StatusCode::kConflict);
                STEWARD_ASSIGN_OR_RETURN(CreditNote note, CreditNoteStore(sc).Get(note_id));
                EXPECT_EQ(note.number, 3);
                EXPECT_EQ(note.invoice_id, invoices_[1]);
                EXPECT_EQ(note.invoice_number, 2);
                EXPECT_EQ(note.customer_id, customers_[1]);
                EXPECT_EQ(note.issue_date, kVoidDay);
                EXPECT_EQ(note.reason, "duplicate");
                EXPECT_EQ(note.total_cents, -100000);
                EXPECT_EQ(note.lines, (std::vector<InvoiceLine>{{LineKind::kSetup, "Setup", 1,
                                                                 -100000, -100000, std::nullopt}}));
                auto for_invoice = CreditNoteStore(sc).ForInvoice(invoices_[1]);
                EXPECT_TRUE(for_invoice->has_value());
                EXPECT_FALSE(CreditNoteStore(sc).ForInvoice(invoices_[0])->has_value());
                EXPECT_EQ(CreditNoteStore(sc).IssuedBetween(kVoidDay, kVoidDay)->size(), 1u);
                EXPECT_TRUE(CreditNoteStore(sc).IssuedBetween(kStart, kDue)->empty());
                return Status::Ok();
              }).ok());
  // A second void of the same invoice is refused and writes nothing.
  const int64_t notes = Notes();
  EXPECT_FALSE(Void(TenantScope::Staff(), invoices_[1]).ok());
  EXPECT_EQ(Notes(), notes);
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                // …and its number was not used up: the next is 4.
                STEWARD_ASSIGN_OR_RETURN(int64_t n, InvoiceStore(sc).TakeNumber());
                EXPECT_EQ(n, 4);
                return Status::Ok();
              }).ok());
}

TEST_P(CreditNoteStoreTest, APaidInvoiceCannotBeMarkedVoid) {
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                InvoiceStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(Invoice inv, s.Get(invoices_[0]));
                return s.AddPayment(inv, 100, kDue, std::nullopt, 3).status();
              }).ok());
  const int64_t notes = Notes();
  Status s = Void(TenantScope::Staff(), invoices_[0]);
  EXPECT_EQ(s.code(), StatusCode::kConflict) << s.ToString();
  EXPECT_EQ(Notes(), notes);  // the note went with the rollback
}

TEST_P(CreditNoteStoreTest, ACustomerScopeCannotVoidOrSeeAnotherCustomersInvoice) {
  int64_t note_b = 0;
  ASSERT_TRUE(Void(TenantScope::Staff(), invoices_[1], &note_b).ok());
  const TenantScope a = TenantScope::Customer(customers_[0]);
  // Voiding B's (other) invoice under A's scope: NotFound, nothing written.
  const int64_t notes = Notes();
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                // Re-open B's invoice for the test: a second invoice of B, issued.
                Invoice draft;
                draft.customer_id = customers_[1];
                draft.contract_id = contracts_[1];
                draft.month = Month{date::year{2026}, date::month{12}};
                draft.lines = {{LineKind::kSetup, "Setup", 1, 500, 500, std::nullopt}};
                draft.total_cents = 500;
                InvoiceStore s(sc);
                STEWARD_ASSIGN_OR_RETURN(int64_t id, s.InsertDraft(draft, 1));
                STEWARD_ASSIGN_OR_RETURN(int64_t number, s.TakeNumber());
                invoices_.push_back(id);
                return s.Issue(id, number, kStart, kDue, 2);
              }).ok());
  Status refused = Void(a, invoices_[2]);
  EXPECT_EQ(refused.code(), StatusCode::kNotFound) << refused.ToString();
  refused = Run(a, [&](const ScopedConnection& sc) {
    return InvoiceStore(sc).Void(invoices_[2], note_b, 5);
  });
  EXPECT_EQ(refused.code(), StatusCode::kNotFound) << refused.ToString();
  refused = Run(a, [&](const ScopedConnection& sc) -> Status {
    CreditNote forged;
    forged.number = 99;
    forged.customer_id = customers_[0];  // A's own id does not help
    forged.invoice_id = invoices_[2];
    forged.issue_date = kVoidDay;
    forged.reason = "x";
    return CreditNoteStore(sc).Insert(forged, std::nullopt, 5).status();
  });
  EXPECT_EQ(refused.code(), StatusCode::kNotFound) << refused.ToString();
  EXPECT_EQ(Notes(), notes);
  ASSERT_TRUE(Run(a, [&](const ScopedConnection& sc) -> Status {
                CreditNoteStore n(sc);
                EXPECT_EQ(n.Get(note_b).status().code(), StatusCode::kNotFound);
                EXPECT_FALSE(n.ForInvoice(invoices_[1])->has_value());
                EXPECT_TRUE(n.IssuedBetween(kStart, kVoidDay)->empty());
                LedgerStore ledger(sc);
                auto receivables = ledger.Receivables(kVoidDay);
                EXPECT_EQ(receivables->size(), 1u);
                EXPECT_EQ(receivables->at(0).customer_name, "Acme");
                auto documents = ledger.Documents(kStart, kVoidDay);
                EXPECT_EQ(documents->size(), 1u);
                EXPECT_EQ(documents->at(0).customer_name, "Acme");
                return Status::Ok();
              }).ok());
  ASSERT_TRUE(Run(TenantScope::Staff(), [&](const ScopedConnection& sc) -> Status {
                EXPECT_EQ(InvoiceStore(sc).Get(invoices_[2])->status, InvoiceStatus::kIssued);
                // Staff see both customers: B's void invoice with its void day,
                // and the credit note among the documents.
                auto receivables = LedgerStore(sc).Receivables(kVoidDay);
                EXPECT_EQ(receivables->size(), 3u);
                int voided = 0;
                for (const Receivable& r : *receivables) voided += r.voided_on == kVoidDay;
                EXPECT_EQ(voided, 1);
                auto documents = LedgerStore(sc).Documents(kStart, kVoidDay);
                EXPECT_EQ(documents->size(), 4u);
                EXPECT_TRUE(documents->back().credit_note);
                EXPECT_EQ(documents->back().customer_name, "Beta");
                EXPECT_EQ(documents->back().credits_number, 2);
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditNoteStoreTest,
                         ::testing::ValuesIn(steward::testing::AvailableBackends()),
                         [](const auto& info) {
                           return steward::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace steward::billing
