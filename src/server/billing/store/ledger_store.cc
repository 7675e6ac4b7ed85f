#include "server/billing/store/ledger_store.h"

#include <algorithm>
#include <map>

#include "server/billing/model/dates.h"
#include "server/billing/store/billing_profile_store.h"
#include "server/billing/store/credit_note_store.h"
#include "server/billing/store/invoice_store.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

Date DateOf(const Row& r, std::string_view column) {
  return ParseIsoDate(r.Text(column)).value_or(Date{});
}

}  // namespace

Result<std::vector<Receivable>> LedgerStore::Receivables(Date as_of) {
  std::string sql =
      "SELECT i.id, i.customer_id, c.name AS customer_name, i.issue_date, i.due_date,"
      " i.total_cents, n.issue_date AS voided_on"
      " FROM invoices i JOIN customers c ON c.id = i.customer_id"
      " LEFT JOIN credit_notes n ON n.id = i.credit_note_id"
      " WHERE i.status <> 'draft' AND i.issue_date <= ?";
  Params params = {FormatIsoDate(as_of)};
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  sql += " ORDER BY i.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::string pay_sql =
      "SELECT p.id, p.invoice_id, p.amount_cents, p.paid_on FROM invoice_payments p"
      " WHERE p.paid_on <= ?";
  Params pay_params = {FormatIsoDate(as_of)};
  c_.scope().AppendFilter(pay_sql, pay_params, "p.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Rows payments, c_.connection().Query(pay_sql, pay_params));
  std::map<int64_t, std::vector<Payment>> paid;
  for (const Row& p : payments) {
    paid[p.Int("invoice_id")].push_back(
        {p.Int("id"), p.Int("invoice_id"), p.Int("amount_cents"), DateOf(p, "paid_on")});
  }
  std::vector<Receivable> out;
  for (const Row& r : rows) {
    Receivable rec;
    rec.customer_id = r.Int("customer_id");
    rec.customer_name = r.Text("customer_name");
    rec.issue_date = DateOf(r, "issue_date");
    rec.due_date = DateOf(r, "due_date");
    rec.total_cents = r.Int("total_cents");
    if (auto it = paid.find(r.Int("id")); it != paid.end()) rec.payments = std::move(it->second);
    if (auto voided = r.OptText("voided_on")) rec.voided_on = ParseIsoDate(*voided);
    out.push_back(std::move(rec));
  }
  return out;
}

Result<std::vector<ExportDocument>> LedgerStore::Documents(Date from, Date to) {
  std::string sql =
      "SELECT i.id FROM invoices i"
      " WHERE i.status <> 'draft' AND i.issue_date >= ? AND i.issue_date <= ?";
  Params params = {FormatIsoDate(from), FormatIsoDate(to)};
  c_.scope().AppendFilter(sql, params, "i.customer_id");
  sql += " ORDER BY i.number";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  // Each customer's bill-to once: its name, billing e-mail and address.
  std::map<int64_t, BillTo> bill_to;
  BillingProfileStore profiles(c_);
  auto addressed = [&](int64_t customer_id, ExportDocument& d) -> Status {
    auto it = bill_to.find(customer_id);
    if (it == bill_to.end()) {
      STEWARD_ASSIGN_OR_RETURN(BillTo b, profiles.EffectiveBillTo(customer_id));
      it = bill_to.emplace(customer_id, std::move(b)).first;
    }
    d.customer_name = it->second.customer_name;
    d.email = it->second.contact_email;
    d.address = it->second.address;
    return Status::Ok();
  };
  std::vector<ExportDocument> out;
  InvoiceStore invoices(c_);
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(Invoice inv, invoices.Get(r.Int("id")));
    ExportDocument d;
    STEWARD_RETURN_IF_ERROR(addressed(inv.customer_id, d));
    d.number = inv.number.value_or(0);
    d.issue_date = inv.issue_date.value_or(Date{});
    d.due_date = inv.due_date.value_or(d.issue_date);
    d.lines = std::move(inv.lines);
    d.total_cents = inv.total_cents;
    out.push_back(std::move(d));
  }
  STEWARD_ASSIGN_OR_RETURN(std::vector<CreditNote> notes,
                           CreditNoteStore(c_).IssuedBetween(from, to));
  for (CreditNote& n : notes) {
    ExportDocument d;
    STEWARD_RETURN_IF_ERROR(addressed(n.customer_id, d));
    d.credit_note = true;
    d.number = n.number;
    d.issue_date = n.issue_date;
    d.due_date = n.issue_date;
    d.credits_number = n.invoice_number;
    d.reason = std::move(n.reason);
    d.lines = std::move(n.lines);
    d.total_cents = n.total_cents;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const ExportDocument& a, const ExportDocument& b) {
    if (a.issue_date != b.issue_date) return a.issue_date < b.issue_date;
    return a.number < b.number;
  });
  return out;
}

}  // namespace steward::billing
