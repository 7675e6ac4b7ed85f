// The MSP's branding on its invoices (MSP-wide, from the `settings` table;
// who an invoice is billed to is BillingProfileStore's). Branding keys in
// `settings`: "msp_name" (default "Steward") and "invoice_accent_color"
// ("#rrggbb", default "#1f4e79"); the logo is a file, not a setting (see
// InvoiceDocumentService).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "server/billing/document/invoice_pdf.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

inline constexpr char kDefaultMspName[] = "Steward";
inline constexpr char kDefaultAccentColor[] = "#1f4e79";

class InvoiceDocumentStore {
 public:
  explicit InvoiceDocumentStore(const storage::ScopedConnection& c) : c_(c) {}

  // The name and accent colour, with the defaults where unset (no logo).
  Result<Branding> LoadBranding();
  // Replaces the name and accent colour (already validated).
  Status SaveBranding(const Branding& b);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
