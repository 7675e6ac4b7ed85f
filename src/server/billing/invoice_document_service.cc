#include "server/billing/invoice_document_service.h"

#include "server/audit/audit_log.h"
#include "server/billing/document/invoice_pdf.h"
#include "server/billing/service_support.h"
#include "server/billing/store/billing_profile_store.h"
#include "server/billing/store/contract_store.h"
#include "server/billing/store/invoice_document_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

namespace {

// The message around the PDF: who it is from, what is owed and by when.
notify::OutboundEmail InvoiceMail(const InvoiceDocument& doc) {
  const Invoice& inv = doc.invoice;
  const std::string number = inv.number ? std::to_string(*inv.number) : "draft";
  notify::OutboundEmail mail;
  mail.customer_id = inv.customer_id;
  mail.related_type = "invoice";
  mail.related_id = inv.id;
  mail.subject = "Invoice " + number + " from " + doc.msp.name + " for " +
                 FormatIsoMonth(inv.month) + ": " + FormatUsd(inv.total_cents);
  std::string body = "Hello" + (doc.bill_to.contact_name ? " " + *doc.bill_to.contact_name : "") +
                     ",\n\nplease find attached invoice " + number + " for " +
                     doc.bill_to.customer_name + ", covering " + FormatIsoMonth(inv.month) +
                     ".\n\n";
  body += "Total: " + FormatUsd(inv.total_cents) + "\n";
  if (inv.paid_cents > 0) body += "Paid so far: " + FormatUsd(inv.paid_cents) + "\n";
  body += "Amount due: " + FormatUsd(inv.unpaid_cents()) + "\n";
  if (inv.due_date) body += "Due by: " + FormatLongDate(*inv.due_date) + "\n";
  body += "\nThe invoice is also in your customer portal.\n\nThank you,\n" + doc.msp.name + "\n";
  mail.body_text = std::move(body);
  return mail;
}

}  // namespace

Result<InvoiceDocument> InvoiceDocumentService::Document(const accounts::Principal& viewer,
                                                         int64_t id) {
  // Who may see which invoice is InvoiceService's decision, made once.
  STEWARD_ASSIGN_OR_RETURN(InvoiceView view, invoices_.Get(viewer, id));
  InvoiceDocument doc;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        InvoiceDocumentStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(doc.bill_to,
                                 BillingProfileStore(sc).EffectiveBillTo(view.invoice.customer_id));
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
  return doc;
}

Result<InvoicePdf> InvoiceDocumentService::Pdf(const accounts::Principal& viewer, int64_t id) {
  STEWARD_ASSIGN_OR_RETURN(InvoiceDocument doc, Document(viewer, id));
  InvoicePdf out;
  out.file_name = InvoicePdfFileName(doc.invoice);
  STEWARD_ASSIGN_OR_RETURN(out.bytes, RenderInvoicePdf(doc));
  return out;
}

Result<InvoiceEmail> InvoiceDocumentService::Email(const accounts::Actor& actor, int64_t id,
                                                   std::optional<std::string> to) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(p, "sending an invoice"));
  STEWARD_ASSIGN_OR_RETURN(InvoiceDocument doc, Document(p, id));
  if (doc.status == InvoiceStatus::kDraft) {
    return Status::Conflict("a draft is not sent: issue it first", "status");
  }
  if (doc.status == InvoiceStatus::kVoid) {
    return Status::Conflict("the invoice is void: a credit note reversed it", "status");
  }
  if (!to) to = doc.bill_to.contact_email;
  if (!to) {
    return Status::InvalidArgument("the customer has no contact with an e-mail address: name one",
                                   "to");
  }
  InvoiceEmail out;
  out.to_address = *to;
  out.file_name = InvoicePdfFileName(doc.invoice);
  STEWARD_ASSIGN_OR_RETURN(std::string pdf, RenderInvoicePdf(doc));
  notify::OutboundEmail mail = InvoiceMail(doc);
  mail.to_address = *to;
  mail.attachments.push_back({out.file_name, "application/pdf", std::move(pdf)});
  const Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, p.scope(), [&](ScopedConnection& sc) -> Status {
        auto enqueued = notify::EnqueueEmail(sc.connection(), mail, now);
        if (!enqueued.ok() && enqueued.status().field() == "to_address") {
          return Status::InvalidArgument(enqueued.status().message(), "to");
        }
        STEWARD_ASSIGN_OR_RETURN(notify::EnqueuedEmail queued, std::move(enqueued));
        out.email_id = queued.id;
        return audit::Record(sc.connection(), now, actor,
                             {"invoice.email",
                              "invoice",
                              std::to_string(id),
                              doc.invoice.customer_id,
                              {{"to", *to}, {"file", out.file_name}, {"email_id", queued.id}}});
      }));
  return out;
}

Result<std::vector<notify::EmailDelivery>> InvoiceDocumentService::Deliveries(
    const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "an invoice's mail"));
  STEWARD_RETURN_IF_ERROR(invoices_.Get(viewer, id).status());
  std::vector<notify::EmailDelivery> out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, notify::ListDeliveries(sc.connection(), "invoice", id));
        return Status::Ok();
      }));
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
