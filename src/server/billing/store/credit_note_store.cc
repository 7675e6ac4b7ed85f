#include "server/billing/store/credit_note_store.h"

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

constexpr std::string_view kNoteColumns =
    "SELECT n.id, n.number, n.customer_id, n.invoice_id, i.number AS invoice_number,"
    " n.issue_date, n.reason, n.total_cents"
    " FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id";

}  // namespace

Result<std::vector<CreditNote>> CreditNoteStore::Load(Rows rows) {
  std::vector<CreditNote> out;
  for (const Row& r : rows) {
    CreditNote note;
    note.id = r.Int("id");
    note.number = r.Int("number");
    note.customer_id = r.Int("customer_id");
    note.invoice_id = r.Int("invoice_id");
    note.invoice_number = r.OptInt("invoice_number").value_or(0);
    note.issue_date = ParseIsoDate(r.Text("issue_date")).value_or(Date{});
    note.reason = r.Text("reason");
    note.total_cents = r.Int("total_cents");
    STEWARD_ASSIGN_OR_RETURN(
        Rows lines, c_.connection().Query(
                        "SELECT kind, description, quantity, unit_cents, amount_cents, late_fee_of"
                        " FROM credit_note_lines WHERE credit_note_id = ? ORDER BY position",
                        {note.id}));
    for (const Row& l : lines) {
      note.lines.push_back({ParseLineKind(l.Text("kind")).value_or(LineKind::kRecurring),
                            l.Text("description"), l.Int("quantity"), l.Int("unit_cents"),
                            l.Int("amount_cents"), l.OptInt("late_fee_of")});
    }
    out.push_back(std::move(note));
  }
  return out;
}

Result<CreditNote> CreditNoteStore::Get(int64_t id) {
  std::string sql = std::string(kNoteColumns) + " WHERE n.id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "n.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  STEWARD_ASSIGN_OR_RETURN(std::vector<CreditNote> notes, Load(std::move(rows)));
  if (notes.empty()) return Status::NotFound("credit note", std::to_string(id));
  return std::move(notes.front());
}

Result<std::optional<CreditNote>> CreditNoteStore::ForInvoice(int64_t invoice_id) {
  std::string sql = std::string(kNoteColumns) + " WHERE n.invoice_id = ?";
  Params params = {invoice_id};
  c_.scope().AppendFilter(sql, params, "n.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  STEWARD_ASSIGN_OR_RETURN(std::vector<CreditNote> notes, Load(std::move(rows)));
  if (notes.empty()) return std::optional<CreditNote>();
  return std::optional<CreditNote>(std::move(notes.front()));
}

Result<std::vector<CreditNote>> CreditNoteStore::IssuedBetween(Date from, Date to) {
  std::string sql = std::string(kNoteColumns) + " WHERE n.issue_date >= ? AND n.issue_date <= ?";
  Params params = {FormatIsoDate(from), FormatIsoDate(to)};
  c_.scope().AppendFilter(sql, params, "n.customer_id");
  sql += " ORDER BY n.number";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  return Load(std::move(rows));
}

Result<int64_t> CreditNoteStore::Insert(const CreditNote& note, std::optional<int64_t> by,
                                        int64_t now) {
  std::string sql = "SELECT customer_id FROM invoices WHERE id = ?";
  Params params = {note.invoice_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto invoice, c_.connection().QueryOptional(sql, params));
  if (!invoice || invoice->Int("customer_id") != note.customer_id) {
    return Status::NotFound("invoice", std::to_string(note.invoice_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO credit_notes (customer_id, invoice_id, number, issue_date, reason,"
                   " total_cents, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                   " RETURNING id",
                   {note.customer_id, note.invoice_id, note.number, FormatIsoDate(note.issue_date),
                    note.reason, note.total_cents, by, now}));
  const int64_t id = row.Int("id");
  int64_t position = 0;
  for (const InvoiceLine& l : note.lines) {
    STEWARD_RETURN_IF_ERROR(
        c_.connection()
            .Execute("INSERT INTO credit_note_lines (credit_note_id, customer_id, position, kind,"
                     " description, quantity, unit_cents, amount_cents, late_fee_of)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {id, note.customer_id, ++position, std::string(LineKindName(l.kind)),
                      l.description, l.quantity, l.unit_cents, l.amount_cents, l.late_fee_of})
            .status());
  }
  return id;
}

}  // namespace steward::billing
