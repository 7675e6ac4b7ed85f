// Voiding through a credit note: who can be voided and what the note holds.
#include "server/billing/rules/voiding.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"
#include "server/billing/rules/invoicing.h"

namespace steward::billing {
namespace {

Invoice Issued() {
  Invoice inv;
  inv.id = 7;
  inv.number = 41;
  inv.customer_id = 3;
  inv.status = InvoiceStatus::kIssued;
  inv.issue_date = D(2026, 11, 23);
  inv.due_date = D(2026, 12, 7);
  inv.lines = {{LineKind::kRecurring, "Bronze, 2026-12 (2 × server)", 2, 50000, 100000, {}},
               {LineKind::kDiscount, "Quantity discount 4 %", 1, -4000, -4000, {}},
               {LineKind::kLateFee, "Late fee on invoice 40", 1, 1500, 1500, int64_t{6}}};
  inv.total_cents = 97500;
  return inv;
}

TEST(VoidingTest, AnIssuedOrOverdueUnpaidInvoiceCanBeVoided) {
  Invoice inv = Issued();
  EXPECT_TRUE(CheckVoidable(inv).ok());
  inv.status = InvoiceStatus::kOverdue;
  EXPECT_TRUE(CheckVoidable(inv).ok());
}

TEST(VoidingTest, DraftsVoidPaidAndPartPaidInvoicesAreRefused) {
  Invoice inv = Issued();
  inv.status = InvoiceStatus::kDraft;
  Status s = CheckVoidable(inv);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("draft"), std::string::npos) << s.ToString();
  inv.status = InvoiceStatus::kVoid;
  EXPECT_NE(CheckVoidable(inv).message().find("already void"), std::string::npos);
  inv.status = InvoiceStatus::kPaid;
  inv.paid_cents = 97500;
  EXPECT_NE(CheckVoidable(inv).message().find("paid"), std::string::npos);
  inv.status = InvoiceStatus::kIssued;
  inv.paid_cents = 1;  // one cent received is enough to refuse
  s = CheckVoidable(inv);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("part-paid ($0.01)"), std::string::npos) << s.ToString();
}

TEST(VoidingTest, TheReasonIsTrimmedAndRequired) {
  EXPECT_EQ(*VoidReason("  billed the wrong customer\n"), "billed the wrong customer");
  EXPECT_EQ(VoidReason("").status().field(), "reason");
  EXPECT_EQ(VoidReason(" \t\r\n ").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VoidReason(std::string(501, 'x')).status().field(), "reason");
  EXPECT_TRUE(VoidReason(std::string(500, 'x')).ok());
}

TEST(VoidingTest, TheCreditNoteNegatesEveryLineAndTheTotal) {
  const Invoice inv = Issued();
  CreditNote note = CreditNoteFor(inv, 42, D(2026, 11, 30), "duplicate");
  EXPECT_EQ(note.number, 42);
  EXPECT_EQ(note.invoice_id, 7);
  EXPECT_EQ(note.invoice_number, 41);
  EXPECT_EQ(note.customer_id, 3);
  EXPECT_EQ(note.issue_date, D(2026, 11, 30));
  EXPECT_EQ(note.reason, "duplicate");
  ASSERT_EQ(note.lines.size(), 3u);
  EXPECT_EQ(note.lines[0], (InvoiceLine{LineKind::kRecurring, "Bronze, 2026-12 (2 × server)", 2,
                                        -50000, -100000, std::nullopt}));
  EXPECT_EQ(note.lines[1].amount_cents, 4000);  // the discount comes back the other way
  EXPECT_EQ(note.lines[2].amount_cents, -1500);
  EXPECT_EQ(note.lines[2].late_fee_of, 6);
  EXPECT_EQ(note.total_cents, -97500);
  EXPECT_EQ(InvoiceTotal(note.lines), note.total_cents);
}

}  // namespace
}  // namespace steward::billing
