// The invoice as a document (issue 13): its PDF. Staff who read invoices get
// any of them, drafts too; a customer's portal users get their own issued
// invoices, and anything else is a 404 (InvoiceService::Get decides).
#include "server/api/billing_json.h"
#include "server/api/routes.h"
#include "server/billing/invoice_document_service.h"
#include "server/billing/invoice_service.h"
#include "server/cmdb/cmdb_service.h"

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
  constexpr RoleSet kInvoiceSenders = {Role::kOwner, Role::kBillingAdmin};
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/invoices/{id}/email",
      .roles = kInvoiceSenders,
      .handler = [&documents = deps.invoice_documents](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        std::optional<std::string> to;
        if (!ctx.request().body.empty()) {
          STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
          if (!body.is_null()) {
            STEWARD_ASSIGN_OR_RETURN(to, ReadInvoiceEmail(body));
          }
        }
        STEWARD_ASSIGN_OR_RETURN(billing::InvoiceEmail sent, documents.Email(ctx.actor(), id, to));
        return ApiResponse::Created(InvoiceEmailJson(sent));
      },
      .doc = {"E-mail an issued invoice as its PDF (send again, or to another address): "
              "{\"to\"?} — by default to the customer's billing contact (the primary "
              "contact, else the first with an address). The mail goes through the outbox "
              "with the PDF stored alongside, so it survives a restart. 409 naming status for "
              "a draft or a void invoice; 400 naming to when there is no address.",
              "billing", ObjectSchema({{"to", "string"}}),
              ObjectSchema({{"email_id", "integer"}, {"to", "string"}, {"file_name", "string"}}),
              201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = [&invoices](int64_t id) { return invoices.Owner(id); },
  });
  constexpr RoleSet kInvoiceStaff = {Role::kOwner, Role::kBillingAdmin, Role::kAccountManager,
                                     Role::kServiceManager};
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/invoices/{id}/emails",
      .roles = kInvoiceStaff,
      .handler = [&documents = deps.invoice_documents](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto deliveries, documents.Deliveries(ctx.principal(), id));
        Json out = Json::array();
        for (const notify::EmailDelivery& d : deliveries) out.push_back(EmailDeliveryJson(d));
        return ApiResponse::Ok(Json{{"emails", std::move(out)}});
      },
      .doc = {"The mail sent about an invoice, oldest first: to, subject, status (pending, "
              "sending, sent, failed), attempts, last_error, created_at, sent_at, attachments.",
              "billing", nullptr, ObjectSchema({{"emails", "array"}})},
      .owner_lookup = [&invoices](int64_t id) { return invoices.Owner(id); },
  });

  // Who a customer's invoices are addressed to: read by the staff who read
  // invoices, set by those who send them.
  OwnerLookup customer = [&cmdb = deps.cmdb](int64_t id) {
    return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id);
  };
  const Json profile_schema = ObjectSchema({{"customer_id", "integer"},
                                            {"contact_id", "integer"},
                                            {"address_lines", "array"},
                                            {"city", "string"},
                                            {"region", "string"},
                                            {"postal_code", "string"},
                                            {"country", "string"},
                                            {"bill_to", "object"}});
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/billing-profile",
      .roles = kInvoiceStaff,
      .handler = [&profiles = deps.billing_profiles](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::BillingProfileView v, profiles.Get(ctx.principal(), id));
        return ApiResponse::Ok(BillingProfileJson(v));
      },
      .doc = {"Who the customer's invoices are addressed to. The profile as set (contact_id: "
              "the billing contact, address_lines, city, region, postal_code, country; empty "
              "when unset) and bill_to, what invoices, their PDF and e-mail and the accounting "
              "export use: the profile's contact while it is still the customer's, else the "
              "primary contact (contact_source profile|primary|none); the profile's address, "
              "else the first site's (address_source profile|site|none).",
              "billing", nullptr, profile_schema},
      .owner_lookup = customer,
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/customers/{id}/billing-profile",
      .roles = kInvoiceSenders,
      .handler = [&profiles = deps.billing_profiles](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::BillingProfile p, ReadBillingProfile(body));
        STEWARD_ASSIGN_OR_RETURN(billing::BillingProfileView v,
                                 profiles.Set(ctx.actor(), id, std::move(p)));
        return ApiResponse::Ok(BillingProfileJson(v));
      },
      .doc = {"Replace the customer's billing profile: {\"contact_id\"?: one of its contacts "
              "or null, \"address_lines\"?: up to 4 non-blank lines of at most 200 "
              "characters, \"city\"?, \"region\"?, \"postal_code\"?, \"country\"? (at most "
              "100 characters each)}; what is absent is cleared and falls back. Parts are "
              "trimmed; a line break inside a part, another customer's contact or a fifth line "
              "is a 400 naming the field, with nothing changed. Audited.",
              "billing",
              ObjectSchema({{"contact_id", "integer"},
                            {"address_lines", "array"},
                            {"city", "string"},
                            {"region", "string"},
                            {"postal_code", "string"},
                            {"country", "string"}}),
              profile_schema},
      .max_body_bytes = kJsonBody,
      .owner_lookup = customer,
  });
}

}  // namespace steward::api
