// The invoice as a document (SPEC §7 "Invoices: … PDF"; issue 13): the PDF
// of one invoice for whoever may read it. InvoiceService::Get decides that
// (staff read every invoice, drafts too; a customer's people read their own
// issued ones, anything else is NotFound), then the bill-to, the contract's
// payment terms and the MSP's branding complete the document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/document/invoice_pdf.h"
#include "server/billing/invoice_service.h"
#include "server/notify/outbox.h"
#include "storage/database.h"

namespace steward::billing {

// A change to the MSP's branding on its invoices; unset fields stay.
struct BrandingUpdate {
  std::optional<std::string> msp_name;      // 1–200 characters, not blank
  std::optional<std::string> accent_color;  // "#rrggbb"
};

struct InvoicePdf {
  std::string file_name;  // "invoice-42.pdf", "invoice-draft-7.pdf"
  std::string bytes;
};

// An invoice put in the outbox.
struct InvoiceEmail {
  int64_t email_id = 0;
  std::string to_address;
  std::string file_name;
};

class InvoiceDocumentService {
 public:
  // `logo_png_path`: the MSP's logo on its invoices when that file is a
  // readable PNG (the app passes <data_dir>/branding/logo.png).
  InvoiceDocumentService(storage::Database& db, InvoiceService& invoices, const Clock& clock,
                         const date::time_zone* zone, std::optional<std::string> logo_png_path)
      : db_(db),
        invoices_(invoices),
        clock_(clock),
        zone_(zone),
        logo_png_path_(std::move(logo_png_path)) {}

  // The PDF of invoice `id` as `viewer` may see it. NotFound as
  // InvoiceService::Get; Internal if rendering fails.
  Result<InvoicePdf> Pdf(const accounts::Principal& viewer, int64_t id);

  // E-mails issued invoice `id` as a PDF attachment to `to`, or else to the
  // customer's billing contact (InvoiceDocumentStore::FindBillTo), through
  // the outbox; audited as "invoice.email". PermissionDenied for a
  // customer's people; NotFound outside the scope; Conflict naming "status"
  // for a draft or a void invoice; InvalidArgument naming "to" when there is
  // no address (or it is not one).
  Result<InvoiceEmail> Email(const accounts::Actor& actor, int64_t id,
                             std::optional<std::string> to);
  // The mail sent about invoice `id`, oldest first (staff only).
  Result<std::vector<notify::EmailDelivery>> Deliveries(const accounts::Principal& viewer,
                                                        int64_t id);

  // The MSP's name and accent colour as its invoices show them (MSP-wide
  // settings, defaults where unset). PermissionDenied for a customer's people.
  Result<Branding> GetBranding(const accounts::Principal& viewer);
  // Changes them, audited. PermissionDenied for a customer's people;
  // InvalidArgument naming "msp_name" or "invoice_accent_color".
  Result<Branding> SetBranding(const accounts::Actor& actor, const BrandingUpdate& update);

 private:
  // The document of an invoice `viewer` may read, and its PDF.
  Result<InvoiceDocument> Document(const accounts::Principal& viewer, int64_t id);

  storage::Database& db_;
  InvoiceService& invoices_;
  const Clock& clock_;
  const date::time_zone* zone_;
  std::optional<std::string> logo_png_path_;
};

}  // namespace steward::billing
