// The accounting export (issue 13): issued invoices and credit notes as CSV
// for an accounting package to import — Xero's sales invoice import
// template, QuickBooks Online's invoice import, or a plain double-entry
// journal. Pure functions from documents to text.
//
// CSV follows RFC 4180: CRLF line ends; a field holding a comma, a double
// quote, CR or LF is quoted and its quotes doubled. Spreadsheets run a cell
// that starts with = + - or @ as a formula, so such a text field gets a
// leading apostrophe (CSV injection); amounts and quantities are numbers
// written by us and keep their minus sign.
//
// Amounts are decimal dollars with two places ("1234.50", "-40.00"); dates
// are MM/DD/YYYY for Xero and QuickBooks (a US-dollar company's format) and
// ISO YYYY-MM-DD in the journal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/billing/model/bill_to.h"
#include "server/billing/model/invoice.h"

namespace steward::billing {

enum class ExportFormat { kXero, kQbo, kJournal };
std::optional<ExportFormat> ParseExportFormat(std::string_view name);  // xero|qbo|journal
std::string_view ExportFormatName(ExportFormat f);

// An issued invoice or a credit note, with what the importers need.
struct ExportDocument {
  bool credit_note = false;
  int64_t number = 0;
  std::string customer_name;
  std::optional<std::string> email;  // the billing contact's
  PostalAddress address;             // the bill-to address (Xero's PO address)
  Date issue_date{};
  Date due_date{};                        // a credit note: its issue date
  std::optional<int64_t> credits_number;  // a credit note: the invoice it reverses
  std::string reason;                     // a credit note: why
  std::vector<InvoiceLine> lines;         // a credit note's are negative
  Cents total_cents = 0;
};

// The column header rows, exactly as the importers name them.
const std::vector<std::string_view>& XeroColumns();
const std::vector<std::string_view>& QboColumns();
const std::vector<std::string_view>& JournalColumns();

// The ledger accounts a line's amount is posted to ("4000 Recurring
// services", …) and the receivable every document is posted against.
std::string_view RevenueAccount(LineKind kind);
inline constexpr std::string_view kReceivableAccount = "1100 Accounts Receivable";

// One CSV field: text (quoted when needed, formula starts defused) or a
// number we formatted (quoted when needed, never prefixed).
std::string CsvText(std::string_view text);
std::string CsvNumber(std::string_view number);
// "1234.50" / "-40.00".
std::string DecimalAmount(Cents cents);

// The whole file, header row first, CRLF after every row; documents in the
// order given, lines in document order.
std::string ExportCsv(ExportFormat format, const std::vector<ExportDocument>& documents);

}  // namespace steward::billing
