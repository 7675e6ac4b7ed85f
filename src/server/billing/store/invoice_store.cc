#include "server/billing/store/invoice_store.h"

#include <map>

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

// The late fees of an invoice already charged on later invoices (a void
// invoice charged nothing), and the credit note that voided it.
constexpr std::string_view kInvoiceColumns =
    "SELECT i.id, i.customer_id, i.contract_id, i.month, i.sequence, i.status, i.number,"
    " i.issue_date, i.due_date, i.total_cents, i.paid_cents, i.credit_note_id,"
    " (SELECT n.number FROM credit_notes n WHERE n.id = i.credit_note_id) AS credit_note_number,"
    " (SELECT COALESCE(SUM(f.amount_cents), 0) FROM invoice_lines f"
    " JOIN invoices g ON g.id = f.invoice_id"
    " WHERE f.late_fee_of = i.id AND g.credit_note_id IS NULL) AS late_fee_billed"
    " FROM invoices i";

std::optional<Date> OptDate(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ParseIsoDate(*text);
}

Invoice InvoiceOf(const Row& r) {
  Invoice inv;
  inv.id = r.Int("id");
  inv.customer_id = r.Int("customer_id");
  inv.contract_id = r.Int("contract_id");
  inv.month = ParseIsoMonth(r.Text("month")).value_or(Month{});
  inv.sequence = static_cast<int>(r.Int("sequence"));
  const std::string status = r.Text("status");
  inv.status = status == "draft"  ? InvoiceStatus::kDraft
               : status == "paid" ? InvoiceStatus::kPaid
                                  : InvoiceStatus::kIssued;
  inv.number = r.OptInt("number");
  inv.issue_date = OptDate(r.OptText("issue_date"));
  inv.due_date = OptDate(r.OptText("due_date"));
  inv.total_cents = r.Int("total_cents");
  inv.paid_cents = r.Int("paid_cents");
  inv.late_fee_billed_cents = r.Int("late_fee_billed");
  inv.credit_note_id = r.OptInt("credit_note_id");
  inv.credit_note_number = r.OptInt("credit_note_number");
  // Void is kept as the credit note's link (see migration 17).
  if (inv.credit_note_id) inv.status = InvoiceStatus::kVoid;
  return inv;
}

}  // namespace

Result<Invoice> InvoiceStore::Get(int64_t id) {
  std::string sql = std::string(kInvoiceColumns) + " WHERE i.id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("invoice", std::to_string(id));
  Invoice inv = InvoiceOf(*row);
  STEWARD_ASSIGN_OR_RETURN(
      Rows lines, c_.connection().Query(
                      "SELECT kind, description, quantity, unit_cents, amount_cents, late_fee_of"
                      " FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
                      {id}));
  for (const Row& l : lines) {
    inv.lines.push_back({ParseLineKind(l.Text("kind")).value_or(LineKind::kRecurring),
                         l.Text("description"), l.Int("quantity"), l.Int("unit_cents"),
                         l.Int("amount_cents"), l.OptInt("late_fee_of")});
  }
  return inv;
}

Result<std::vector<Invoice>> InvoiceStore::List(const InvoiceFilter& filter) {
  std::string sql = std::string(kInvoiceColumns) + " WHERE 1 = 1";
  Params params;
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  if (filter.customer_id) {
    sql += " AND i.customer_id = ?";
    params.push_back(*filter.customer_id);
  }
  if (!filter.include_drafts) sql += " AND i.status <> 'draft'";
  sql += " ORDER BY i.month DESC, i.id DESC LIMIT 1000";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<Invoice> out;
  for (const Row& r : rows) out.push_back(InvoiceOf(r));
  return out;
}

Result<std::optional<int64_t>> InvoiceStore::Owner(int64_t id) {
  std::string sql = "SELECT customer_id FROM invoices WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("customer_id"));
}

Result<bool> InvoiceStore::Exists(int64_t contract_id, Month month) {
  std::string sql = "SELECT id FROM invoices WHERE contract_id = ? AND month = ?";
  Params params = {contract_id, FormatIsoMonth(month)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  return row.has_value();
}

Result<std::vector<OpenInvoice>> InvoiceStore::Open(int64_t contract_id) {
  std::string sql = std::string(kInvoiceColumns) +
                    " WHERE i.contract_id = ? AND i.status = 'issued' AND"
                    " i.credit_note_id IS NULL AND i.paid_cents < i.total_cents";
  Params params = {contract_id};
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  sql += " ORDER BY i.month, i.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<OpenInvoice> out;
  for (const Row& r : rows) {
    Invoice inv = InvoiceOf(r);
    if (!inv.number || !inv.due_date) continue;
    out.push_back(
        {inv.id, *inv.number, inv.unpaid_cents(), *inv.due_date, inv.late_fee_billed_cents});
  }
  return out;
}

Result<bool> InvoiceStore::DamagesBilled(int64_t contract_id) {
  std::string sql =
      "SELECT COUNT(*) AS n FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
      " WHERE i.contract_id = ? AND l.kind = 'damages' AND l.reduction_id IS NULL"
      " AND i.credit_note_id IS NULL";
  Params params = {contract_id};
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row row, c_.connection().QueryOne(sql, params));
  return row.Int("n") > 0;
}

Result<std::vector<Payment>> InvoiceStore::Payments(int64_t invoice_id) {
  std::string sql =
      "SELECT id, invoice_id, amount_cents, paid_on FROM invoice_payments WHERE invoice_id = ?";
  Params params = {invoice_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<Payment> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("id"), r.Int("invoice_id"), r.Int("amount_cents"),
                   ParseIsoDate(r.Text("paid_on")).value_or(Date{})});
  }
  return out;
}

Result<int64_t> InvoiceStore::InsertDraft(const Invoice& d, int64_t now) {
  std::string sql = "SELECT customer_id FROM contracts WHERE id = ?";
  Params params = {d.contract_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto contract, c_.connection().QueryOptional(sql, params));
  if (!contract || contract->Int("customer_id") != d.customer_id) {
    return Status::NotFound("contract", std::to_string(d.contract_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO invoices (customer_id, contract_id, month, sequence, status,"
                   " total_cents, paid_cents, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, 'draft', ?, 0, ?, ?) RETURNING id",
                   {d.customer_id, d.contract_id, FormatIsoMonth(d.month), int64_t{d.sequence},
                    d.total_cents, now, now}));
  const int64_t id = row.Int("id");
  int64_t position = 0;
  for (const InvoiceLine& l : d.lines) {
    STEWARD_RETURN_IF_ERROR(
        c_.connection()
            .Execute(
                "INSERT INTO invoice_lines (invoice_id, customer_id, position, kind,"
                " description, quantity, unit_cents, amount_cents, late_fee_of, reduction_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {id, d.customer_id, ++position, std::string(LineKindName(l.kind)), l.description,
                 l.quantity, l.unit_cents, l.amount_cents, l.late_fee_of, l.reduction_of})
            .status());
  }
  return id;
}

Result<int64_t> InvoiceStore::TakeNumber() {
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne("UPDATE invoice_numbers SET next_number = next_number + 1"
                                        " WHERE id = 1 RETURNING next_number"));
  return row.Int("next_number") - 1;
}

Status InvoiceStore::Issue(int64_t id, int64_t number, Date issue_date, Date due_date,
                           int64_t now) {
  std::string sql =
      "UPDATE invoices SET status = 'issued', number = ?, issue_date = ?, due_date = ?,"
      " updated_at = ? WHERE id = ? AND status = 'draft'";
  Params params = {number, FormatIsoDate(issue_date), FormatIsoDate(due_date), now, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 1) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(Get(id).status());
  return Status::Conflict("the invoice is already issued", "status");
}

Result<int64_t> InvoiceStore::AddPayment(const Invoice& inv, Cents amount, Date paid_on,
                                         std::optional<int64_t> by, int64_t now) {
  // Only from the amount paid the caller saw: two payments at once cannot
  // both pass the "no more than is owed" check.
  std::string sql =
      "UPDATE invoices SET paid_cents = paid_cents + ?, status = CASE WHEN paid_cents + ? >="
      " total_cents THEN 'paid' ELSE status END, updated_at = ? WHERE id = ? AND"
      " status = 'issued' AND credit_note_id IS NULL AND paid_cents = ?";
  Params params = {amount, amount, now, inv.id, inv.paid_cents};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) {
    STEWARD_RETURN_IF_ERROR(Get(inv.id).status());
    return Status::Conflict("the invoice changed meanwhile; reload it", "amount_cents");
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO invoice_payments (invoice_id, customer_id, amount_cents, paid_on,"
                   " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   {inv.id, inv.customer_id, amount, FormatIsoDate(paid_on), by, now}));
  return row.Int("id");
}

Result<std::optional<Month>> InvoiceStore::LastScheduledRun() {
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c_.connection().QueryOptional("SELECT month FROM billing_runs ORDER BY month DESC"
                                              " LIMIT 1",
                                              storage::Params{}));
  if (!row) return std::optional<Month>();
  return ParseIsoMonth(row->Text("month"));
}

Status InvoiceStore::RecordScheduledRun(Month m, int invoices, int64_t now) {
  return c_.connection()
      .Execute("INSERT INTO billing_runs (month, invoices, ran_at) VALUES (?, ?, ?)",
               {FormatIsoMonth(m), static_cast<int64_t>(invoices), now})
      .status();
}

Status InvoiceStore::Void(int64_t id, int64_t credit_note_id, int64_t now) {
  // The same UPDATE re-checks what the caller decided on, so a payment
  // recorded meanwhile (or a second void) makes this one lose.
  std::string sql =
      "UPDATE invoices SET credit_note_id = ?, updated_at = ? WHERE id = ? AND"
      " status = 'issued' AND paid_cents = 0 AND credit_note_id IS NULL";
  Params params = {credit_note_id, now, id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 1) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(Get(id).status());
  return Status::Conflict("the invoice changed meanwhile; reload it", "status");
}

}  // namespace steward::billing
