#include "server/billing/store/expense_store.h"

#include <string>

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

// Every column but the receipt's bytes (read only when downloaded).
constexpr std::string_view kColumns =
    "SELECT id, customer_id, ticket_id, incurred_on, description, amount_cents, billable,"
    " receipt_name, receipt_type, CASE WHEN receipt IS NULL THEN 0 ELSE 1 END AS has_receipt,"
    " invoice_id, created_by, created_at FROM expenses";

Result<Expense> ExpenseOf(const Row& r) {
  auto day = ParseIsoDate(r.Text("incurred_on"));
  if (!day) return Status::Internal("expense " + std::to_string(r.Int("id")) + " is corrupt");
  Expense e;
  e.id = r.Int("id");
  e.customer_id = r.Int("customer_id");
  e.ticket_id = r.OptInt("ticket_id");
  e.incurred_on = *day;
  e.description = r.Text("description");
  e.amount_cents = r.Int("amount_cents");
  e.billable = r.Bool("billable");
  if (r.Int("has_receipt")) {
    e.receipt_name = r.OptText("receipt_name");
    e.receipt_type = r.OptText("receipt_type");
  }
  e.invoice_id = r.OptInt("invoice_id");
  e.created_by = r.OptInt("created_by");
  e.created_at = r.Int("created_at");
  return e;
}

Result<std::vector<Expense>> ExpensesOf(const Rows& rows) {
  std::vector<Expense> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(Expense e, ExpenseOf(r));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<int64_t> ExpenseStore::Insert(const NewExpense& e, std::optional<int64_t> created_by,
                                     int64_t now) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(c_, e.customer_id));
  if (e.ticket_id) {
    STEWARD_ASSIGN_OR_RETURN(auto ticket,
                             c_.connection().QueryOptional("SELECT id FROM tickets WHERE id = ? AND"
                                                           " customer_id = ?",
                                                           {*e.ticket_id, e.customer_id}));
    if (!ticket) {
      return Status::InvalidArgument("is not a ticket of this customer", "ticket_id");
    }
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO expenses (customer_id, ticket_id, incurred_on, description,"
                   " amount_cents, billable, created_by, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {e.customer_id, e.ticket_id, FormatIsoDate(e.incurred_on), e.description,
                    e.amount_cents, e.billable, created_by, now, now}));
  return row.Int("id");
}

Result<Expense> ExpenseStore::Get(int64_t id) {
  std::string sql = std::string(kColumns) + " WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("expense", std::to_string(id));
  return ExpenseOf(*row);
}

Result<std::vector<Expense>> ExpenseStore::List(std::optional<int64_t> customer_id,
                                                std::optional<Month> month) {
  std::string sql = std::string(kColumns) + " WHERE 1 = 1";
  Params params;
  if (customer_id) {
    sql += " AND customer_id = ?";
    params.push_back(*customer_id);
  }
  if (month) {
    sql += " AND incurred_on >= ? AND incurred_on <= ?";
    params.push_back(FormatIsoDate(*month / date::day(1)));
    params.push_back(FormatIsoDate(*month / date::last));
  }
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY incurred_on DESC, id DESC LIMIT 1000";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return ExpensesOf(rows);
}

Status ExpenseStore::SetReceipt(int64_t id, const Receipt& r, int64_t now) {
  STEWARD_ASSIGN_OR_RETURN(Expense e, Get(id));
  if (e.invoice_id) {
    return Status::Conflict("invoice " + std::to_string(*e.invoice_id) + " charged it",
                            "invoice_id");
  }
  std::string sql =
      "UPDATE expenses SET receipt_name = ?, receipt_type = ?, receipt = ?, updated_at = ?"
      " WHERE id = ? AND invoice_id IS NULL";
  Params params = {r.file_name, r.content_type, storage::Bytes{r.bytes}, now, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::Conflict("an invoice charged it meanwhile", "invoice_id");
  return Status::Ok();
}

Result<Receipt> ExpenseStore::LoadReceipt(int64_t id) {
  std::string sql =
      "SELECT receipt_name, receipt_type, receipt FROM expenses WHERE id = ? AND"
      " receipt IS NOT NULL";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) {
    STEWARD_RETURN_IF_ERROR(Get(id).status());  // NotFound("expense") first
    return Status::NotFound("receipt", std::to_string(id));
  }
  return Receipt{row->Text("receipt_name"), row->Text("receipt_type"), row->Blob("receipt")};
}

Status ExpenseStore::Delete(int64_t id) {
  STEWARD_ASSIGN_OR_RETURN(Expense e, Get(id));
  if (e.invoice_id) {
    return Status::Conflict("invoice " + std::to_string(*e.invoice_id) + " charged it",
                            "invoice_id");
  }
  std::string sql = "DELETE FROM expenses WHERE id = ? AND invoice_id IS NULL";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::Conflict("an invoice charged it meanwhile", "invoice_id");
  return Status::Ok();
}

Result<std::vector<Expense>> ExpenseStore::Unbilled(int64_t customer_id, Date through) {
  std::string sql = std::string(kColumns) +
                    " WHERE customer_id = ? AND billable = ? AND invoice_id IS NULL AND"
                    " incurred_on <= ?";
  Params params = {customer_id, true, FormatIsoDate(through)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY incurred_on, id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return ExpensesOf(rows);
}

Status ExpenseStore::MarkBilled(int64_t id, int64_t invoice_id, int64_t now) {
  std::string sql =
      "UPDATE expenses SET invoice_id = ?, invoiced_at = ?, updated_at = ? WHERE id = ? AND"
      " invoice_id IS NULL";
  Params params = {invoice_id, now, now, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) {
    return Status::Conflict("expense " + std::to_string(id) + " is already invoiced");
  }
  return Status::Ok();
}

Result<int64_t> ExpenseStore::Release(int64_t invoice_id, int64_t now) {
  std::string sql =
      "UPDATE expenses SET invoice_id = NULL, invoiced_at = NULL, updated_at = ? WHERE"
      " invoice_id = ?";
  Params params = {now, invoice_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  return c_.connection().Execute(sql, params);
}

}  // namespace steward::billing
