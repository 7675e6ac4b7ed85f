#include "server/billing/invoice_document_service.h"

#include "server/audit/audit_log.h"
#include "server/billing/document/invoice_pdf.h"
#include "server/billing/service_support.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/invoice_document_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

Result<InvoicePdf> InvoiceDocumentService::Pdf(const accounts::Principal& viewer, int64_t id) {
  // Who may see which invoice is InvoiceService's decision, made once.
  STEWARD_ASSIGN_OR_RETURN(InvoiceView view, invoices_.Get(viewer, id));
  InvoiceDocument doc;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        InvoiceDocumentStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(doc.bill_to, store.FindBillTo(view.invoice.customer_id));
        STEWARD_ASSIGN_OR_RETURN(doc.msp, store.LoadBranding());
        STEWARD_ASSIGN_OR_RETURN(Contract contract,
                                 ContractStore(sc).Get(view.invoice.contract_id));
        doc.payment_days = contract.payment_days;
        return Status::Ok();
      }));
  doc.msp.logo_png_path = logo_png_path_;
  doc.status = view.status;
  doc.accrued_late_fee_cents = view.accrued_late_fee_cents;
  doc.as_of = internal::LocalToday(clock_, zone_);
  doc.invoice = std::move(view.invoice);
  InvoicePdf out;
  out.file_name = InvoicePdfFileName(doc.invoice);
  STEWARD_ASSIGN_OR_RETURN(out.bytes, RenderInvoicePdf(doc));
  return out;
}

Result<Branding> InvoiceDocumentService::GetBranding(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the MSP's settings"));
  Branding out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, InvoiceDocumentStore(sc).LoadBranding());
        return Status::Ok();
      }));
  return out;
}

Result<Branding> InvoiceDocumentService::SetBranding(const accounts::Actor& actor,
                                                     const BrandingUpdate& update) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "the MSP's branding"));
  if (update.msp_name) {
    const bool blank = update.msp_name->find_first_not_of(" \t") == std::string::npos;
    if (blank || update.msp_name->size() > 200) {
      return Status::InvalidArgument("must be 1 to 200 characters", "msp_name");
    }
  }
  if (update.accent_color && !ParseHexColor(*update.accent_color)) {
    return Status::InvalidArgument("must be a colour as #rrggbb", "invoice_accent_color");
  }
  Branding out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        InvoiceDocumentStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(out, store.LoadBranding());
        if (update.msp_name) out.name = *update.msp_name;
        if (update.accent_color) out.accent_color = *update.accent_color;
        STEWARD_RETURN_IF_ERROR(store.SaveBranding(out));
        return audit::Record(
            sc.connection(), clock_.Now(), actor,
            {"settings.update",
             "settings",
             "branding",
             std::nullopt,
             {{"msp_name", out.name}, {"invoice_accent_color", out.accent_color}}});
      }));
  return out;
}

}  // namespace steward::billing
