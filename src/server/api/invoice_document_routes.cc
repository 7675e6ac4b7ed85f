// The invoice as a document (issue 13): its PDF. Staff who read invoices get
// any of them, drafts too; a customer's portal users get their own issued
// invoices, and anything else is a 404 (InvoiceService::Get decides).
#include "server/api/routes.h"
#include "server/billing/invoice_document_service.h"
#include "server/billing/invoice_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

void AddInvoiceDocumentRoutes(RouteTable& routes, const ApiDeps& deps) {
  constexpr RoleSet kInvoiceReaders = {Role::kOwner, Role::kBillingAdmin, Role::kAccountManager,
                                       Role::kServiceManager, Role::kPortal};
  billing::InvoiceService& invoices = deps.invoices;
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/invoices/{id}/pdf",
      .roles = kInvoiceReaders,
      .handler = [&documents = deps.invoice_documents](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::InvoicePdf pdf, documents.Pdf(ctx.principal(), id));
        ApiResponse r = ApiResponse::Raw("application/pdf", std::move(pdf.bytes));
        // The file name is ours ("invoice-42.pdf"), never user text: no escaping needed.
        r.headers.emplace_back("Content-Disposition", "inline; filename=\"" + pdf.file_name + "\"");
        return r;
      },
      .doc = {"The invoice as a PDF (application/pdf, inline, named invoice-<number>.pdf or "
              "invoice-draft-<id>.pdf): the MSP's name (settings msp_name), logo "
              "(<data_dir>/branding/logo.png) and accent colour (settings "
              "invoice_accent_color), the number, issue and due dates, the customer and its "
              "billing contact (the primary contact), the lines, total, paid, balance due, the "
              "late fee accrued so far and the payment terms; a draft is marked DRAFT. Staff "
              "get every invoice; a portal user their own customer's issued invoices (a draft "
              "or another customer's invoice is a 404).",
              "billing", nullptr, nullptr},
      .owner_lookup = [&invoices](int64_t id) { return invoices.Owner(id); },
  });
}

}  // namespace steward::api
