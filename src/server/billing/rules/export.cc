#include "server/billing/rules/export.h"

#include <array>
#include <cstdio>
#include <utility>

#include "server/billing/model/dates.h"

namespace steward::billing {

namespace {

constexpr std::array<std::pair<LineKind, std::string_view>, 8> kAccounts = {{
    {LineKind::kRecurring, "4000 Recurring services"},
    {LineKind::kDiscount, "4010 Discounts"},
    {LineKind::kCredit, "4020 Term credits"},
    {LineKind::kSetup, "4100 Setup fees"},
    {LineKind::kTime, "4200 Professional services"},
    {LineKind::kExpense, "4300 Reimbursed expenses"},
    {LineKind::kLateFee, "4800 Late fees"},
    {LineKind::kDamages, "4900 Liquidated damages"},
}};

std::string_view AccountCode(std::string_view account) {
  return account.substr(0, account.find(' '));
}

std::string_view AccountName(std::string_view account) {
  const size_t space = account.find(' ');
  return space == std::string_view::npos ? account : account.substr(space + 1);
}

std::string UsDate(Date d) {
  char out[16];
  std::snprintf(out, sizeof out, "%02u/%02u/%04d", static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()), static_cast<int>(d.year()));
  return out;
}

// Importers compute a line as quantity × unit price. A prorated line's unit
// price is rounded, so where the product is not the line's amount the line
// goes out as 1 × its amount: the document's total is what was billed.
std::pair<int64_t, Cents> QuantityAndUnit(const InvoiceLine& l) {
  if (l.quantity > 0 && l.quantity * l.unit_cents == l.amount_cents) {
    return {l.quantity, l.unit_cents};
  }
  return {1, l.amount_cents};
}

std::string Memo(const ExportDocument& d) {
  if (!d.credit_note) return d.customer_name;
  return "Credit note for invoice " + std::to_string(d.credits_number.value_or(0)) + ": " +
         d.reason;
}

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  out += "\r\n";
}

void AppendHeader(std::string& out, const std::vector<std::string_view>& columns) {
  std::vector<std::string> fields;
  for (std::string_view c : columns) fields.push_back(CsvText(c));
  AppendRow(out, fields);
}

void AppendXero(std::string& out, const ExportDocument& d) {
  for (const InvoiceLine& l : d.lines) {
    const auto [quantity, unit] = QuantityAndUnit(l);
    const PostalAddress& a = d.address;
    auto line = [&a](size_t i) { return i < a.lines.size() ? CsvText(a.lines[i]) : ""; };
    AppendRow(out, {CsvText(d.customer_name),
                    CsvText(d.email.value_or("")),
                    line(0),
                    line(1),
                    line(2),
                    line(3),
                    CsvText(a.city),
                    CsvText(a.region),
                    CsvText(a.postal_code),
                    CsvText(a.country),
                    CsvNumber(std::to_string(d.number)),
                    CsvText(d.credit_note ? Memo(d) : ""),
                    UsDate(d.issue_date),
                    UsDate(d.due_date),
                    "",
                    CsvText(l.description),
                    CsvNumber(std::to_string(quantity)),
                    CsvNumber(DecimalAmount(unit)),
                    "",
                    CsvText(AccountCode(RevenueAccount(l.kind))),
                    CsvText("Tax Exempt"),
                    "",
                    "",
                    "",
                    "",
                    "USD",
                    ""});
  }
}

void AppendQbo(std::string& out, const ExportDocument& d) {
  for (const InvoiceLine& l : d.lines) {
    const auto [quantity, unit] = QuantityAndUnit(l);
    AppendRow(out,
              {CsvNumber(std::to_string(d.number)), CsvText(d.customer_name), UsDate(d.issue_date),
               UsDate(d.due_date), "", "", CsvText(d.credit_note ? Memo(d) : ""),
               CsvText(AccountName(RevenueAccount(l.kind))), CsvText(l.description),
               CsvNumber(std::to_string(quantity)), CsvNumber(DecimalAmount(unit)),
               CsvNumber(DecimalAmount(l.amount_cents)), "N", "", ""});
  }
}

// One balanced entry: the receivable against revenue per account. An
// invoice debits the receivable and credits revenue (a discount or a term
// credit debits its contra account); a credit note's negated lines post the
// same accounts the other way round.
void AppendJournal(std::string& out, const ExportDocument& d) {
  const std::string date = FormatIsoDate(d.issue_date);
  const std::string document =
      (d.credit_note ? "Credit note " : "Invoice ") + std::to_string(d.number);
  const std::string memo = Memo(d);
  auto post = [&](std::string_view account, Cents amount) {
    if (amount == 0) return;
    AppendRow(out, {date, CsvText(document), CsvText(account),
                    amount > 0 ? CsvNumber(DecimalAmount(amount)) : "",
                    amount < 0 ? CsvNumber(DecimalAmount(-amount)) : "", CsvText(memo)});
  };
  post(kReceivableAccount, d.total_cents);
  for (const auto& [kind, account] : kAccounts) {
    Cents sum = 0;
    for (const InvoiceLine& l : d.lines) {
      if (l.kind == kind) sum += l.amount_cents;
    }
    post(account, -sum);  // revenue is a credit
  }
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  for (ExportFormat f : {ExportFormat::kXero, ExportFormat::kQbo, ExportFormat::kJournal}) {
    if (ExportFormatName(f) == name) return f;
  }
  return std::nullopt;
}

std::string_view ExportFormatName(ExportFormat f) {
  switch (f) {
    case ExportFormat::kXero:
      return "xero";
    case ExportFormat::kQbo:
      return "qbo";
    case ExportFormat::kJournal:
      return "journal";
  }
  return "journal";
}

const std::vector<std::string_view>& XeroColumns() {
  static const std::vector<std::string_view> kColumns = {
      "*ContactName",   "EmailAddress",  "POAddressLine1",  "POAddressLine2", "POAddressLine3",
      "POAddressLine4", "POCity",        "PORegion",        "POPostalCode",   "POCountry",
      "*InvoiceNumber", "Reference",     "*InvoiceDate",    "*DueDate",       "InventoryItemCode",
      "*Description",   "*Quantity",     "*UnitAmount",     "Discount",       "*AccountCode",
      "*TaxType",       "TrackingName1", "TrackingOption1", "TrackingName2",  "TrackingOption2",
      "Currency",       "BrandingTheme"};
  return kColumns;
}

const std::vector<std::string_view>& QboColumns() {
  static const std::vector<std::string_view> kColumns = {
      "InvoiceNo",       "Customer",     "InvoiceDate", "DueDate",
      "Terms",           "Location",     "Memo",        "Item(Product/Service)",
      "ItemDescription", "ItemQuantity", "ItemRate",    "ItemAmount",
      "Taxable",         "TaxRate",      "Service Date"};
  return kColumns;
}

const std::vector<std::string_view>& JournalColumns() {
  static const std::vector<std::string_view> kColumns = {"date",  "document", "account",
                                                         "debit", "credit",   "memo"};
  return kColumns;
}

std::string_view RevenueAccount(LineKind kind) {
  for (const auto& [k, account] : kAccounts) {
    if (k == kind) return account;
  }
  return kAccounts[0].second;
}

std::string CsvNumber(std::string_view number) {
  if (number.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(number);
  std::string out = "\"";
  for (char c : number) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvText(std::string_view text) {
  std::string field;
  // A spreadsheet would evaluate these as a formula (or, for a tab or CR, a
  // cell that a later edit turns into one).
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    field = "'";
  }
  field += text;
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string DecimalAmount(Cents cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char out[32];
  std::snprintf(out, sizeof out, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return out;
}

std::string ExportCsv(ExportFormat format, const std::vector<ExportDocument>& documents) {
  std::string out;
  switch (format) {
    case ExportFormat::kXero:
      AppendHeader(out, XeroColumns());
      for (const ExportDocument& d : documents) AppendXero(out, d);
      break;
    case ExportFormat::kQbo:
      AppendHeader(out, QboColumns());
      for (const ExportDocument& d : documents) AppendQbo(out, d);
      break;
    case ExportFormat::kJournal:
      AppendHeader(out, JournalColumns());
      for (const ExportDocument& d : documents) AppendJournal(out, d);
      break;
  }
  return out;
}

}  // namespace steward::billing
