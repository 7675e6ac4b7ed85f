// What an invoice's PDF needs besides the invoice: who it is billed to (the
// customer and its billing contact, under the caller's tenant scope) and the
// MSP's branding (MSP-wide, from the `settings` table).
//
// The billing contact is the customer's primary contact, else its first
// contact with an e-mail address, else its first contact. Branding keys in
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

  // NotFound("customer") for a customer outside the scope.
  Result<BillTo> FindBillTo(int64_t customer_id);
  // The name and accent colour, with the defaults where unset (no logo).
  Result<Branding> LoadBranding();
  // Replaces the name and accent colour (already validated).
  Status SaveBranding(const Branding& b);

 private:
  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
