#include "server/billing/store/invoice_document_store.h"

namespace steward::billing {

using storage::Params;

Result<BillTo> InvoiceDocumentStore::FindBillTo(int64_t customer_id) {
  std::string sql = "SELECT c.name FROM customers c WHERE c.id = ?";
  Params params = {customer_id};
  c_.scope().AppendFilter(sql, params, "c.id");
  STEWARD_ASSIGN_OR_RETURN(auto customer, c_.connection().QueryOptional(sql, params));
  if (!customer) return Status::NotFound("customer", std::to_string(customer_id));
  BillTo to;
  to.customer_name = customer->Text("name");
  // The customer is in scope, so its contacts are too.
  STEWARD_ASSIGN_OR_RETURN(
      auto contact,
      c_.connection().QueryOptional(
          "SELECT name, email FROM contacts WHERE customer_id = ?"
          " ORDER BY is_primary DESC, CASE WHEN email IS NULL OR email = '' THEN 1 ELSE 0 END,"
          " id LIMIT 1",
          {customer_id}));
  if (contact) {
    to.contact_name = contact->Text("name");
    auto email = contact->OptText("email");
    if (email && !email->empty()) to.contact_email = *email;
  }
  return to;
}

Result<Branding> InvoiceDocumentStore::LoadBranding() {
  Branding b;
  b.name = kDefaultMspName;
  b.accent_color = kDefaultAccentColor;
  STEWARD_ASSIGN_OR_RETURN(
      auto rows, c_.connection().Query("SELECT key, value FROM settings"
                                       " WHERE key IN ('msp_name', 'invoice_accent_color')"));
  for (const storage::Row& r : rows) {
    const std::string key = r.Text("key");
    const std::string value = r.Text("value");
    if (value.empty()) continue;
    if (key == "msp_name") b.name = value;
    if (key == "invoice_accent_color" && ParseHexColor(value)) b.accent_color = value;
  }
  return b;
}

Status InvoiceDocumentStore::SaveBranding(const Branding& b) {
  storage::Connection& c = c_.connection();
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM settings WHERE key IN ('msp_name', 'invoice_accent_color')").status());
  STEWARD_RETURN_IF_ERROR(
      c.Execute("INSERT INTO settings (key, value) VALUES (?, ?)", {"msp_name", b.name}).status());
  return c
      .Execute("INSERT INTO settings (key, value) VALUES (?, ?)",
               {"invoice_accent_color", b.accent_color})
      .status();
}

}  // namespace steward::billing
