// The accounting export: the importers' header rows exactly, RFC 4180
// quoting with the formula guard, and each format's rows for an invoice and
// the credit note that voided it, with the journal balanced.
#include "server/billing/rules/export.h"

#include <gtest/gtest.h>

#include "server/billing/model/test_dates.h"

namespace steward::billing {
namespace {

std::vector<std::string> Rows(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "every row ends in CRLF";
    if (end == std::string::npos) break;
    out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

ExportDocument Invoice12() {
  ExportDocument d;
  d.number = 12;
  d.customer_name = "Acme Dental";
  d.issue_date = D(2026, 11, 23);
  d.due_date = D(2026, 12, 7);
  d.lines = {{LineKind::kRecurring, "Bronze, 2026-12 (2 × server)", 2, 50000, 100000, {}},
             {LineKind::kDiscount, "Quantity discount 4 %", 1, -4000, -4000, {}},
             {LineKind::kSetup, "One-time setup fee", 1, 100000, 100000, {}}};
  d.total_cents = 196000;
  return d;
}

ExportDocument CreditNote13() {
  ExportDocument d = Invoice12();
  d.credit_note = true;
  d.number = 13;
  d.issue_date = D(2026, 11, 30);
  d.due_date = d.issue_date;
  d.credits_number = 12;
  d.reason = "billed twice";
  for (InvoiceLine& l : d.lines) {
    l.unit_cents = -l.unit_cents;
    l.amount_cents = -l.amount_cents;
  }
  d.total_cents = -196000;
  return d;
}

TEST(ExportTest, XeroHeaderIsTheSalesInvoiceTemplate) {
  EXPECT_EQ(Rows(ExportCsv(ExportFormat::kXero, {}))[0],
            "*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,"
            "POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,"
            "*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,"
            "Discount,*AccountCode,*TaxType,TrackingName1,TrackingOption1,TrackingName2,"
            "TrackingOption2,Currency,BrandingTheme");
  EXPECT_EQ(XeroColumns().size(), 27u);
}

TEST(ExportTest, QuickBooksHeaderIsTheInvoiceImport) {
  EXPECT_EQ(Rows(ExportCsv(ExportFormat::kQbo, {}))[0],
            "InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Location,Memo,Item(Product/Service),"
            "ItemDescription,ItemQuantity,ItemRate,ItemAmount,Taxable,TaxRate,Service Date");
}

TEST(ExportTest, JournalHeader) {
  EXPECT_EQ(ExportCsv(ExportFormat::kJournal, {}), "date,document,account,debit,credit,memo\r\n");
}

TEST(ExportTest, Rfc4180QuotingAndTheFormulaGuard) {
  EXPECT_EQ(CsvText("plain text"), "plain text");
  EXPECT_EQ(CsvText(""), "");
  EXPECT_EQ(CsvText("Harbor, Vale & Co"), "\"Harbor, Vale & Co\"");
  EXPECT_EQ(CsvText("the \"Gold\" plan"), "\"the \"\"Gold\"\" plan\"");
  EXPECT_EQ(CsvText("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(CsvText("line\nfeed"), "\"line\nfeed\"");
  // Formula starts get an apostrophe, then the usual quoting.
  EXPECT_EQ(CsvText("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvText("+1 555"), "'+1 555");
  EXPECT_EQ(CsvText("-2+3"), "'-2+3");
  EXPECT_EQ(CsvText("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvText("\tcmd"), "'\tcmd");
  EXPECT_EQ(CsvText("a=b"), "a=b");  // only a leading one is a formula
  // Our own numbers keep their sign.
  EXPECT_EQ(CsvNumber("-40.00"), "-40.00");
  EXPECT_EQ(DecimalAmount(0), "0.00");
  EXPECT_EQ(DecimalAmount(5), "0.05");
  EXPECT_EQ(DecimalAmount(123456), "1234.56");
  EXPECT_EQ(DecimalAmount(-4000), "-40.00");
  EXPECT_EQ(DecimalAmount(-1), "-0.01");
}

TEST(ExportTest, XeroRowsForAnInvoiceAndItsCreditNote) {
  auto rows = Rows(ExportCsv(ExportFormat::kXero, {Invoice12(), CreditNote13()}));
  ASSERT_EQ(rows.size(), 7u);
  // The description holds a comma, so it is quoted.
  EXPECT_EQ(rows[1],
            "Acme Dental,,,,,,,,,,12,,11/23/2026,12/07/2026,,\"Bronze, 2026-12 (2 × server)\",2,"
            "500.00,,4000,Tax Exempt,,,,,USD,");
  EXPECT_EQ(rows[2],
            "Acme Dental,,,,,,,,,,12,,11/23/2026,12/07/2026,,Quantity discount 4 %,1,-40.00,,"
            "4010,Tax Exempt,,,,,USD,");
  EXPECT_EQ(rows[4],
            "Acme Dental,,,,,,,,,,13,Credit note for invoice 12: billed twice,11/30/2026,"
            "11/30/2026,,\"Bronze, 2026-12 (2 × server)\",2,-500.00,,4000,Tax Exempt,,,,,USD,");
}

TEST(ExportTest, XeroRowsCarryTheBillToEmailAndPostalAddress) {
  ExportDocument d = Invoice12();
  d.email = "ap@acme.example";
  // A comma in a line is quoted; a fifth line cannot exist (four columns).
  d.address = {{"Accounts Payable", "12 Quay St, Unit 4", "Harbour House"},
               "Leeds",
               "West Yorkshire",
               "LS1 4AP",
               "UK"};
  auto rows = Rows(ExportCsv(ExportFormat::kXero, {d}));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1],
            "Acme Dental,ap@acme.example,Accounts Payable,\"12 Quay St, Unit 4\",Harbour House,,"
            "Leeds,West Yorkshire,LS1 4AP,UK,12,,11/23/2026,12/07/2026,,"
            "\"Bronze, 2026-12 (2 × server)\",2,500.00,,4000,Tax Exempt,,,,,USD,");
  // Every row of the invoice repeats the contact, as Xero's template expects.
  EXPECT_EQ(rows[3].rfind("Acme Dental,ap@acme.example,Accounts Payable,", 0), 0u) << rows[3];
  // A formula in an address line is defused like any text.
  d.address.lines = {"=HYPERLINK(\"x\")"};
  rows = Rows(ExportCsv(ExportFormat::kXero, {d}));
  EXPECT_EQ(rows[1].rfind("Acme Dental,ap@acme.example,\"'=HYPERLINK(\"\"x\"\")\",,,,Leeds", 0), 0u)
      << rows[1];
}

TEST(ExportTest, QuickBooksRows) {
  auto rows = Rows(ExportCsv(ExportFormat::kQbo, {Invoice12(), CreditNote13()}));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1],
            "12,Acme Dental,11/23/2026,12/07/2026,,,,Recurring services,"
            "\"Bronze, 2026-12 (2 × server)\",2,500.00,1000.00,N,,");
  EXPECT_EQ(rows[3],
            "12,Acme Dental,11/23/2026,12/07/2026,,,,Setup fees,One-time setup fee,1,"
            "1000.00,1000.00,N,,");
  EXPECT_EQ(rows[6],
            "13,Acme Dental,11/30/2026,11/30/2026,,,Credit note for invoice 12: billed twice,"
            "Setup fees,One-time setup fee,1,-1000.00,-1000.00,N,,");
}

TEST(ExportTest, AProratedLineGoesOutAsOneTimesItsAmount) {
  ExportDocument d = Invoice12();
  // 3 servers for 10 of 30 days: 3 × $500 × 10/30 = $500.00, unit rounded to $166.66.
  d.lines = {{LineKind::kRecurring, "Bronze", 3, 16666, 50000, {}}};
  d.total_cents = 50000;
  auto rows = Rows(ExportCsv(ExportFormat::kQbo, {d}));
  EXPECT_EQ(rows[1],
            "12,Acme Dental,11/23/2026,12/07/2026,,,,Recurring services,Bronze,1,"
            "500.00,500.00,N,,");
}

TEST(ExportTest, TheJournalIsOneBalancedEntryPerDocument) {
  auto rows = Rows(ExportCsv(ExportFormat::kJournal, {Invoice12(), CreditNote13()}));
  ASSERT_EQ(rows.size(), 9u);
  // Invoice: receivable debited $1,960.00; recurring and setup credited, the
  // discount debited to its contra account: 1960 + 40 = 1000 + 1000.
  EXPECT_EQ(rows[1], "2026-11-23,Invoice 12,1100 Accounts Receivable,1960.00,,Acme Dental");
  EXPECT_EQ(rows[2], "2026-11-23,Invoice 12,4000 Recurring services,,1000.00,Acme Dental");
  EXPECT_EQ(rows[3], "2026-11-23,Invoice 12,4010 Discounts,40.00,,Acme Dental");
  EXPECT_EQ(rows[4], "2026-11-23,Invoice 12,4100 Setup fees,,1000.00,Acme Dental");
  // The credit note reverses it.
  EXPECT_EQ(rows[5],
            "2026-11-30,Credit note 13,1100 Accounts Receivable,,1960.00,Credit note for invoice "
            "12: billed twice");
  EXPECT_EQ(rows[6],
            "2026-11-30,Credit note 13,4000 Recurring services,1000.00,,Credit note for invoice "
            "12: billed twice");
  EXPECT_EQ(rows[7],
            "2026-11-30,Credit note 13,4010 Discounts,,40.00,Credit note for invoice 12: billed "
            "twice");
  EXPECT_EQ(rows[8],
            "2026-11-30,Credit note 13,4100 Setup fees,1000.00,,Credit note for invoice 12: billed "
            "twice");
}

TEST(ExportTest, FormatNames) {
  EXPECT_EQ(ParseExportFormat("xero"), ExportFormat::kXero);
  EXPECT_EQ(ParseExportFormat("qbo"), ExportFormat::kQbo);
  EXPECT_EQ(ParseExportFormat("journal"), ExportFormat::kJournal);
  EXPECT_EQ(ParseExportFormat("XERO"), std::nullopt);
  EXPECT_EQ(ParseExportFormat(""), std::nullopt);
  EXPECT_EQ(ExportFormatName(ExportFormat::kQbo), "qbo");
}

}  // namespace
}  // namespace steward::billing
