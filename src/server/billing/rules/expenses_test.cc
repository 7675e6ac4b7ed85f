// Expenses: what may be logged, what a receipt must be, and the invoice
// lines that charge them at cost.
#include "server/billing/rules/expenses.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

using date::day;
using date::month;
using date::year;

NewExpense Ssd() {
  NewExpense e;
  e.customer_id = 1;
  e.incurred_on = D(2026, 11, 3);
  e.description = "Replacement SSD";
  e.amount_cents = 18999;
  return e;
}

TEST(ExpenseRulesTest, ANewExpenseIsAPositiveAmountOnADayThatHasBeen) {
  const Date today = D(2026, 11, 23);
  EXPECT_TRUE(CheckNewExpense(Ssd(), today).ok());
  NewExpense e = Ssd();
  e.amount_cents = 0;
  EXPECT_EQ(CheckNewExpense(e, today).field(), "amount_cents");
  e.amount_cents = -500;
  EXPECT_EQ(CheckNewExpense(e, today).field(), "amount_cents");
  e.amount_cents = kMaxExpenseCents + 1;
  EXPECT_EQ(CheckNewExpense(e, today).field(), "amount_cents");
  e = Ssd();
  e.description = "  ";
  EXPECT_EQ(CheckNewExpense(e, today).field(), "description");
  e.description = std::string(501, 'x');
  EXPECT_EQ(CheckNewExpense(e, today).field(), "description");
  e = Ssd();
  e.incurred_on = D(2026, 11, 24);  // tomorrow
  EXPECT_EQ(CheckNewExpense(e, today).field(), "incurred_on");
  e.incurred_on = today;
  EXPECT_TRUE(CheckNewExpense(e, today).ok());
  e.incurred_on = D(2026, 2, 30);
  EXPECT_EQ(CheckNewExpense(e, today).field(), "incurred_on");
}

TEST(ExpenseRulesTest, AReceiptIsAPdfPngOrJpegThatLooksLikeOne) {
  Receipt pdf{"receipt-1.pdf", "application/pdf", "%PDF-1.4 ..."};
  EXPECT_TRUE(CheckReceipt(pdf).ok());
  EXPECT_TRUE(CheckReceipt({"r.png", "image/png", std::string("\x89PNG\r\n\x1a\n....", 12)}).ok());
  EXPECT_TRUE(CheckReceipt({"r.jpg", "image/jpeg", std::string("\xff\xd8\xff\xe0..", 6)}).ok());
  EXPECT_EQ(CheckReceipt({"r.html", "text/html", "<script>"}).field(), "content_type");
  EXPECT_EQ(CheckReceipt({"r.pdf", "application/pdf", "<html>not a pdf"}).field(), "content_type");
  EXPECT_EQ(CheckReceipt({"r.pdf", "application/pdf", ""}).field(), "receipt");
  EXPECT_EQ(CheckReceipt({"r.pdf", "application/pdf", "%PDF-" + std::string(kMaxReceiptBytes, 'x')})
                .field(),
            "receipt");
  EXPECT_EQ(CheckReceipt({"../etc/passwd", "application/pdf", "%PDF-"}).field(), "file_name");
  EXPECT_EQ(CheckReceipt({"a b.pdf", "application/pdf", "%PDF-"}).field(), "file_name");
  EXPECT_EQ(CheckReceipt({"", "application/pdf", "%PDF-"}).field(), "file_name");
}

TEST(ExpenseRulesTest, LinesChargeBillableExpensesAtCostOldestFirst) {
  Expense late{.id = 7,
               .customer_id = 1,
               .incurred_on = D(2026, 11, 20),
               .description = "Travel to site",
               .amount_cents = 4200};
  Expense ssd{.id = 8,
              .customer_id = 1,
              .ticket_id = 12,
              .incurred_on = D(2026, 11, 3),
              .description = "Replacement SSD",
              .amount_cents = 18999};
  Expense own{.id = 9,
              .customer_id = 1,
              .incurred_on = D(2026, 11, 5),
              .description = "Coffee",
              .amount_cents = 500,
              .billable = false};
  std::vector<InvoiceLine> lines = ExpenseLines({late, ssd, own});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].kind, LineKind::kExpense);
  EXPECT_EQ(lines[0].description, "Expense 2026-11-03: Replacement SSD (ticket #12)");
  EXPECT_EQ(lines[0].quantity, 1);
  EXPECT_EQ(lines[0].unit_cents, 18999);
  EXPECT_EQ(lines[0].amount_cents, 18999);
  EXPECT_EQ(lines[1].description, "Expense 2026-11-20: Travel to site");
  EXPECT_EQ(lines[1].amount_cents, 4200);
  EXPECT_TRUE(ExpenseLines({}).empty());
}

}  // namespace
}  // namespace steward::billing
