#include "server/billing/store/invoice_document_store.h"

namespace steward::billing {

using storage::Params;

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
