// Expenses as pure decisions (SPEC §7): what a new expense and its receipt
// must be, and the invoice lines that charge a customer's unbilled
// expenses — one line each, at cost, never discounted, oldest first.
#pragma once

#include <cstddef>
#include <vector>

#include "core/status.h"
#include "server/billing/model/expense.h"
#include "server/billing/model/invoice.h"

namespace steward::billing {

inline constexpr Cents kMaxExpenseCents = 10'000'000;  // $100,000
inline constexpr size_t kMaxReceiptBytes = 10 * 1024 * 1024;

// InvalidArgument naming "amount_cents" (1 cent to $100,000),
// "description" (1–500 characters, not blank) or "incurred_on" (a real day,
// not after `today`).
Status CheckNewExpense(const NewExpense& e, Date today);

// InvalidArgument naming "content_type" (PDF, PNG or JPEG, and the bytes
// must start like one) or "file_name" (1–200 letters, digits, '.', '-',
// '_'), or "receipt" when it is empty or over 10 MiB.
Status CheckReceipt(const Receipt& r);

// "Expense 2026-11-03: Replacement SSD (ticket #12)" lines, oldest first;
// only billable expenses.
std::vector<InvoiceLine> ExpenseLines(std::vector<Expense> unbilled);

}  // namespace steward::billing
