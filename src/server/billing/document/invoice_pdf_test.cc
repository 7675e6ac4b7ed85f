// The invoice PDF read back the way a person or an accounting tool would:
// poppler's pdftotext and pdfinfo on the rendered bytes.
#include "server/billing/document/invoice_pdf.h"

#include <cairo.h>

#include <fstream>
#include <regex>

#include <gtest/gtest.h>

#include "testing/subprocess.h"
#include "testing/test_database.h"

namespace steward::billing {
namespace {

using date::day;
using date::month;
using date::year;

// poppler-utils (scripts/deps); RunCommand takes a path, not a name to look up.
constexpr char kPdfToText[] = "/usr/bin/pdftotext";
constexpr char kPdfInfo[] = "/usr/bin/pdfinfo";
constexpr char kPdfImages[] = "/usr/bin/pdfimages";

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

InvoiceLine Line(std::string description, int64_t quantity, Cents unit_cents) {
  return {LineKind::kRecurring, std::move(description), quantity,
          unit_cents,           quantity * unit_cents,  std::nullopt};
}

InvoiceDocument IssuedDocument() {
  InvoiceDocument doc;
  Invoice& inv = doc.invoice;
  inv.id = 7;
  inv.number = 1042;
  inv.customer_id = 3;
  inv.contract_id = 5;
  inv.month = date::year{2026} / date::month{12};
  inv.status = InvoiceStatus::kIssued;
  inv.issue_date = D(2026, 11, 20);
  inv.due_date = D(2026, 12, 20);
  inv.lines = {
      Line("Gold: 3 servers (srv-db01, srv-app01, srv-app02)", 3, 100000),
      {LineKind::kDiscount, "Quantity discount: 3 servers, 4 %", 1, -12000, -12000, std::nullopt},
      Line("Setup fee", 1, 100000),
      Line("Microsoft 365 mailbox backup and anti-spam filtering for every mailbox of the "
           "customer, including archive mailboxes and shared mailboxes, per mailbox per month",
           25, 450),
  };
  inv.total_cents = 300000 - 12000 + 100000 + 25 * 450;  // $3,992.50
  inv.paid_cents = 100000;
  doc.status = InvoiceStatus::kIssued;
  doc.payment_days = 30;
  doc.as_of = D(2026, 11, 25);
  doc.bill_to = {"Harbor Dental Group",
                 "Dana Whitfield",
                 "billing@harbordental.example",
                 {{"Harbor Plaza", "1200 Bay Street, Suite 300"}, "Tampa", "FL", "33602", "USA"}};
  doc.msp = {"Northwind MSP", std::nullopt, "#0b6e4f"};
  return doc;
}

struct PdfText {
  std::string text;
  int pages = 0;
  std::string path;
};

// Writes `pdf` to a temp file and reads it back with pdftotext -layout and
// pdfinfo (the whole document, or the one `page`).
PdfText ReadBack(const std::string& pdf, int page = 0) {
  PdfText out;
  out.path = steward::testing::MakeTempDir("steward-invoice-pdf") + "/invoice.pdf";
  std::ofstream(out.path, std::ios::binary) << pdf;
  std::vector<std::string> argv = {kPdfToText, "-layout"};
  if (page > 0) {
    argv.insert(argv.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
  }
  argv.insert(argv.end(), {out.path, "-"});
  auto text = steward::testing::RunCommand(argv);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  out.text = text.output;
  auto info = steward::testing::RunCommand({kPdfInfo, out.path});
  EXPECT_EQ(info.exit_code, 0) << info.output;
  std::smatch m;
  if (std::regex_search(info.output, m, std::regex(R"(Pages:\s+(\d+))"))) {
    out.pages = std::stoi(m[1]);
  }
  return out;
}

// pdftotext -layout pads columns with runs of spaces; one space each is
// enough to find a phrase regardless of where the columns fell.
std::string Squeeze(const std::string& text) {
  return std::regex_replace(text, std::regex(R"([ \t]+)"), " ");
}

TEST(InvoicePdfTest, ShowsTheNumberCustomerLinesAndTotals) {
  InvoiceDocument doc = IssuedDocument();
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  PdfText back = ReadBack(*pdf);
  const std::string text = Squeeze(back.text);
  EXPECT_EQ(back.pages, 1);
  for (const char* expected : {"Invoice 1042",
                               "Northwind MSP",
                               "Harbor Dental Group",
                               "Dana Whitfield",
                               "billing@harbordental.example",
                               "Harbor Plaza",
                               "1200 Bay Street, Suite 300",
                               "Tampa, FL 33602",
                               "USA",
                               "November 20, 2026",
                               "December 20, 2026",
                               "December 2026",
                               "Gold: 3 servers (srv-db01, srv-app01, srv-app02)",
                               "$3,000.00",
                               "Quantity discount: 3 servers, 4 %",
                               "-$120.00",
                               "Setup fee",
                               "$1,000.00",
                               "$4.50",
                               "$112.50",
                               "Total $3,992.50",
                               "Paid $1,000.00",
                               "Balance due $2,992.50",
                               "net 30 days",
                               "Page 1 of 1"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  }
  // The long description wrapped onto more than one line and all its words are there.
  EXPECT_NE(text.find("Microsoft 365 mailbox backup"), std::string::npos) << text;
  EXPECT_NE(text.find("per mailbox per month"), std::string::npos) << text;
  EXPECT_EQ(text.find("Microsoft 365 mailbox backup and anti-spam filtering for every mailbox of "
                      "the customer, including archive mailboxes and shared mailboxes, per "
                      "mailbox per month"),
            std::string::npos)
      << "expected the long description to wrap";
  // An issued invoice is no draft, and nothing has accrued.
  EXPECT_EQ(text.find("DRAFT"), std::string::npos);
  EXPECT_EQ(text.find("Late fee accrued"), std::string::npos);
}

TEST(InvoicePdfTest, ADraftIsMarkedDraftAndHasNoNumber) {
  InvoiceDocument doc = IssuedDocument();
  doc.invoice.number.reset();
  doc.invoice.issue_date.reset();
  doc.invoice.due_date.reset();
  doc.invoice.status = InvoiceStatus::kDraft;
  doc.invoice.paid_cents = 0;
  doc.status = InvoiceStatus::kDraft;
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string text = Squeeze(ReadBack(*pdf).text);
  EXPECT_NE(text.find("DRAFT"), std::string::npos) << text;
  EXPECT_NE(text.find("Draft invoice"), std::string::npos) << text;
  EXPECT_NE(text.find("not issued"), std::string::npos) << text;
  EXPECT_NE(text.find("30 days after issue"), std::string::npos) << text;
  EXPECT_EQ(text.find("Invoice 1042"), std::string::npos) << text;
  EXPECT_NE(text.find("Balance due $3,992.50"), std::string::npos) << text;
  EXPECT_EQ(InvoicePdfFileName(doc.invoice), "invoice-draft-7.pdf");
}

TEST(InvoicePdfTest, AnOverdueInvoiceShowsTheLateFeeAccrued) {
  InvoiceDocument doc = IssuedDocument();
  doc.status = InvoiceStatus::kOverdue;
  doc.as_of = D(2027, 2, 21);
  doc.accrued_late_fee_cents = 8974;
  const std::string text = Squeeze(ReadBack(*RenderInvoicePdf(doc)).text);
  EXPECT_NE(text.find("Overdue"), std::string::npos) << text;
  EXPECT_NE(text.find("Late fee accrued to February 21, 2027 $89.74"), std::string::npos) << text;
  EXPECT_NE(text.find("Balance due $2,992.50"), std::string::npos) << text;
}

TEST(InvoicePdfTest, FortyLinesBreakAcrossPagesWithTheTotalOnTheLast) {
  InvoiceDocument doc = IssuedDocument();
  doc.invoice.lines.clear();
  doc.invoice.total_cents = 0;
  for (int i = 1; i <= 40; ++i) {
    std::string description = "Managed workstation WS-" + std::to_string(1000 + i);
    if (i % 7 == 0) {
      description +=
          ", including endpoint detection and response, patching of third-party "
          "applications and a monthly health report";
    }
    doc.invoice.lines.push_back(Line(description, 1, 5000 + i));
    doc.invoice.total_cents += 5000 + i;
  }
  doc.invoice.paid_cents = 0;
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  PdfText all = ReadBack(*pdf);
  ASSERT_GE(all.pages, 2);
  const std::string text = Squeeze(all.text);
  for (int i = 1; i <= 40; ++i) {
    EXPECT_NE(text.find("Managed workstation WS-" + std::to_string(1000 + i)), std::string::npos)
        << i;
    EXPECT_NE(text.find(FormatUsd(5000 + i)), std::string::npos) << i;
  }
  const std::string total = "Total " + FormatUsd(doc.invoice.total_cents);  // $2,008.20
  EXPECT_EQ(total, "Total $2,008.20");
  const std::string last = Squeeze(ReadBack(*pdf, all.pages).text);
  EXPECT_NE(last.find(total), std::string::npos) << last;
  EXPECT_NE(last.find("Balance due $2,008.20"), std::string::npos) << last;
  EXPECT_NE(last.find("Page " + std::to_string(all.pages) + " of " + std::to_string(all.pages)),
            std::string::npos)
      << last;
  const std::string first = Squeeze(ReadBack(*pdf, 1).text);
  EXPECT_EQ(first.find(total), std::string::npos) << "the total belongs on the last page";
  EXPECT_NE(first.find("Page 1 of " + std::to_string(all.pages)), std::string::npos) << first;
  // The table header repeats on the next page.
  const std::string second = Squeeze(ReadBack(*pdf, 2).text);
  EXPECT_NE(second.find("Invoice 1042 (continued)"), std::string::npos) << second;
  EXPECT_NE(second.find("DESCRIPTION"), std::string::npos) << second;
}

TEST(InvoicePdfTest, TheSameDocumentGivesTheSameBytes) {
  InvoiceDocument doc = IssuedDocument();
  auto a = RenderInvoicePdf(doc);
  auto b = RenderInvoicePdf(doc);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(InvoicePdfTest, AMissingLogoIsLeftOutAndABadAccentIsRefused) {
  InvoiceDocument doc = IssuedDocument();
  doc.msp.logo_png_path = "/nonexistent/logo.png";
  auto pdf = RenderInvoicePdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_NE(Squeeze(ReadBack(*pdf).text).find("Invoice 1042"), std::string::npos);
  doc.msp.accent_color = "green";
  auto bad = RenderInvoicePdf(doc);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "accent_color");
}

TEST(InvoicePdfTest, DrawsTheLogo) {
  // A 160×64 PNG: a green band with a white square.
  const std::string logo = steward::testing::MakeTempDir("steward-logo") + "/logo.png";
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 160, 64);
  cairo_t* cr = cairo_create(image);
  cairo_set_source_rgb(cr, 0.04, 0.43, 0.31);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 16, 16, 32, 32);
  cairo_fill(cr);
  cairo_destroy(cr);
  ASSERT_EQ(cairo_surface_write_to_png(image, logo.c_str()), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(image);

  InvoiceDocument doc = IssuedDocument();
  auto without = RenderInvoicePdf(doc);
  doc.msp.logo_png_path = logo;
  auto with = RenderInvoicePdf(doc);
  ASSERT_TRUE(with.ok() && without.ok());
  PdfText back = ReadBack(*with);
  EXPECT_NE(Squeeze(back.text).find("Northwind MSP"), std::string::npos);
  auto images = steward::testing::RunCommand({kPdfImages, "-list", back.path});
  ASSERT_EQ(images.exit_code, 0) << images.output;
  EXPECT_NE(images.output.find(" 160 "), std::string::npos) << images.output;
  auto none = steward::testing::RunCommand({kPdfImages, "-list", ReadBack(*without).path});
  EXPECT_EQ(none.output.find(" 160 "), std::string::npos) << none.output;
}

TEST(InvoicePdfTest, ParsesHexColoursAndFormatsDates) {
  auto c = ParseHexColor("#FF8000");
  ASSERT_TRUE(c.has_value());
  EXPECT_DOUBLE_EQ(c->r, 1.0);
  EXPECT_NEAR(c->g, 128 / 255.0, 1e-12);
  EXPECT_DOUBLE_EQ(c->b, 0.0);
  EXPECT_FALSE(ParseHexColor("FF8000").has_value());
  EXPECT_FALSE(ParseHexColor("#FF800").has_value());
  EXPECT_FALSE(ParseHexColor("#GG8000").has_value());
  EXPECT_EQ(FormatLongDate(D(2027, 1, 5)), "January 5, 2027");
  Invoice inv;
  inv.id = 9;
  inv.number = 12;
  EXPECT_EQ(InvoicePdfFileName(inv), "invoice-12.pdf");
}

}  // namespace
}  // namespace steward::billing
