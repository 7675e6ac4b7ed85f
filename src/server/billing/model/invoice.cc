#include "server/billing/model/invoice.h"

#include <array>
#include <utility>

namespace steward::billing {

namespace {

constexpr std::array<std::pair<LineKind, std::string_view>, 8> kKinds = {{
    {LineKind::kRecurring, "recurring"},
    {LineKind::kDiscount, "discount"},
    {LineKind::kSetup, "setup"},
    {LineKind::kTime, "time"},
    {LineKind::kExpense, "expense"},
    {LineKind::kCredit, "credit"},
    {LineKind::kLateFee, "late_fee"},
    {LineKind::kDamages, "damages"},
}};

}  // namespace

std::string_view InvoiceStatusName(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kDraft:
      return "draft";
    case InvoiceStatus::kIssued:
      return "issued";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kOverdue:
      return "overdue";
    case InvoiceStatus::kVoid:
      return "void";
  }
  return "draft";
}

std::optional<InvoiceStatus> ParseInvoiceStatus(std::string_view name) {
  for (InvoiceStatus s : {InvoiceStatus::kDraft, InvoiceStatus::kIssued, InvoiceStatus::kPaid,
                          InvoiceStatus::kOverdue, InvoiceStatus::kVoid}) {
    if (InvoiceStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view LineKindName(LineKind k) {
  for (const auto& [kind, name] : kKinds) {
    if (kind == k) return name;
  }
  return "recurring";
}

std::optional<LineKind> ParseLineKind(std::string_view name) {
  for (const auto& [kind, n] : kKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

}  // namespace steward::billing
