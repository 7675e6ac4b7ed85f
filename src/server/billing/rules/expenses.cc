#include "server/billing/rules/expenses.h"

#include <algorithm>
#include <cctype>

#include "server/billing/model/dates.h"

namespace steward::billing {

namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The first bytes of each accepted type, so a receipt is what it says.
bool MagicMatches(const Receipt& r) {
  if (r.content_type == "application/pdf") return StartsWith(r.bytes, "%PDF-");
  if (r.content_type == "image/png") return StartsWith(r.bytes, "\x89PNG\r\n\x1a\n");
  if (r.content_type == "image/jpeg") return StartsWith(r.bytes, "\xff\xd8\xff");
  return false;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

Status CheckNewExpense(const NewExpense& e, Date today) {
  if (e.amount_cents < 1 || e.amount_cents > kMaxExpenseCents) {
    return Status::InvalidArgument("must be 1 to 10000000 cents", "amount_cents");
  }
  const bool blank = e.description.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank || e.description.size() > 500) {
    return Status::InvalidArgument("must be 1 to 500 characters", "description");
  }
  if (!e.incurred_on.ok()) return Status::InvalidArgument("is not a date", "incurred_on");
  if (date::sys_days(e.incurred_on) > date::sys_days(today)) {
    return Status::InvalidArgument("is in the future", "incurred_on");
  }
  return Status::Ok();
}

Status CheckReceipt(const Receipt& r) {
  if (r.content_type != "application/pdf" && r.content_type != "image/png" &&
      r.content_type != "image/jpeg") {
    return Status::InvalidArgument("a receipt is a PDF, PNG or JPEG", "content_type");
  }
  if (r.bytes.empty() || r.bytes.size() > kMaxReceiptBytes) {
    return Status::InvalidArgument("a receipt is 1 byte to 10 MiB", "receipt");
  }
  if (!MagicMatches(r)) {
    return Status::InvalidArgument("the file is not a " + r.content_type, "content_type");
  }
  const bool name_ok = !r.file_name.empty() && r.file_name.size() <= 200 &&
                       r.file_name.front() != '.' &&
                       std::all_of(r.file_name.begin(), r.file_name.end(), IsNameChar);
  if (!name_ok) {
    return Status::InvalidArgument("1 to 200 letters, digits, '.', '-' or '_'", "file_name");
  }
  return Status::Ok();
}

std::vector<InvoiceLine> ExpenseLines(std::vector<Expense> unbilled) {
  std::stable_sort(unbilled.begin(), unbilled.end(), [](const Expense& a, const Expense& b) {
    return date::sys_days(a.incurred_on) < date::sys_days(b.incurred_on);
  });
  std::vector<InvoiceLine> lines;
  for (const Expense& e : unbilled) {
    if (!e.billable) continue;
    InvoiceLine l;
    l.kind = LineKind::kExpense;
    l.description = "Expense " + FormatIsoDate(e.incurred_on) + ": " + e.description;
    if (e.ticket_id) l.description += " (ticket #" + std::to_string(*e.ticket_id) + ")";
    l.quantity = 1;
    l.unit_cents = e.amount_cents;
    l.amount_cents = e.amount_cents;
    lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace steward::billing
