// The billing ledger's routes (issue 13): voiding an invoice through a
// credit note and reading that note, AR aging, and the accounting export as
// CSV. Owners and billing admins void; owners, billing admins and account
// managers read aging and the export (the MSP's books, never a customer's
// people); whoever reads an invoice reads the credit note that voided it.
#include "server/api/billing_json.h"
#include "server/api/routes.h"
#include "server/billing/invoice_service.h"
#include "server/billing/ledger_service.h"
#include "server/billing/model/dates.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

constexpr RoleSet kVoiders = {Role::kOwner, Role::kBillingAdmin};
constexpr RoleSet kLedgerReaders = {Role::kOwner, Role::kBillingAdmin, Role::kAccountManager};
constexpr RoleSet kInvoiceReaders = {Role::kOwner, Role::kBillingAdmin, Role::kAccountManager,
                                     Role::kServiceManager, Role::kPortal};

Json CreditNoteSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"number", "integer"},
                       {"customer_id", "integer"},
                       {"issue_date", "string"},
                       {"reason", "string"},
                       {"total_cents", "integer"},
                       {"lines", "array"},
                       {"credits", "object"}});
}

Json AgingSchema() {
  return ObjectSchema({{"as_of", "string"}, {"customers", "array"}, {"totals", "object"}});
}

Result<billing::Date> RequiredQueryDate(const RequestContext& ctx, std::string_view key) {
  STEWARD_ASSIGN_OR_RETURN(auto d, ReadQueryDate(ctx.request().QueryParam(key), key));
  if (!d) return Status::InvalidArgument("is required (YYYY-MM-DD)", std::string(key));
  return *d;
}

}  // namespace

void AddBillingLedgerRoutes(RouteTable& routes, const ApiDeps& deps) {
  billing::InvoiceService& invoices = deps.invoices;
  billing::LedgerService& ledger = deps.ledger;
  OwnerLookup owner = [&invoices](int64_t id) { return invoices.Owner(id); };
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/invoices/{id}/void",
      .roles = kVoiders,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(std::string reason, ReadVoid(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Voided v, invoices.Void(ctx.actor(), id, reason));
        return ApiResponse::Created(Json{{"invoice", InvoiceJson(v.invoice, true)},
                                         {"credit_note", CreditNoteJson(v.credit_note)}});
      },
      .doc = {"Void an issued or overdue invoice nobody has paid towards: {\"reason\"}. A "
              "credit note with the next gapless number (the invoices' sequence), dated today, "
              "reverses every line; the invoice becomes void, accrues no late fee and shows "
              "credited_by. 400 naming reason when it is empty; 409 for a draft (not a "
              "document yet: leave it, there is no delete), a void, a paid or a part-paid "
              "invoice (refund first).",
              "billing", ObjectSchema({{"reason", "string"}}, {"reason"}),
              ObjectSchema({{"invoice", "object"}, {"credit_note", "object"}}), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/invoices/{id}/credit-note",
      .roles = kInvoiceReaders,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::CreditNote n, invoices.CreditNoteOf(ctx.principal(), id));
        return ApiResponse::Ok(CreditNoteJson(n));
      },
      .doc = {"The credit note that voided the invoice: its number, date, reason, the "
              "original's lines negated and credits (the invoice it reverses). 404 while the "
              "invoice is not void.",
              "billing", nullptr, CreditNoteSchema()},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/billing/aging",
      .roles = kLedgerReaders,
      .handler = [&ledger](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto as_of,
                                 ReadQueryDate(ctx.request().QueryParam("as_of"), "as_of"));
        STEWARD_ASSIGN_OR_RETURN(billing::AgingReport r, ledger.Aging(ctx.principal(), as_of));
        return ApiResponse::Ok(AgingJson(r));
      },
      .doc = {"Accounts-receivable aging as_of=YYYY-MM-DD (default today in the MSP's time "
              "zone): per customer owing anything and in total, the unpaid amounts of issued "
              "invoices by days past due — current_cents (not yet due, or due that day), "
              "days_1_30_cents, days_31_60_cents, days_61_90_cents, days_90_plus_cents — and "
              "total_cents. Payments count from their date; void invoices count until their "
              "credit note.",
              "billing", nullptr, AgingSchema()},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/billing/export",
      .roles = kLedgerReaders,
      .handler = [&ledger](RequestContext& ctx) -> Result<ApiResponse> {
        auto format_name = ctx.request().QueryParam("format");
        auto format = billing::ParseExportFormat(format_name.value_or(""));
        if (!format) return Status::InvalidArgument("must be xero, qbo or journal", "format");
        STEWARD_ASSIGN_OR_RETURN(billing::Date from, RequiredQueryDate(ctx, "from"));
        STEWARD_ASSIGN_OR_RETURN(billing::Date to, RequiredQueryDate(ctx, "to"));
        STEWARD_ASSIGN_OR_RETURN(std::string csv,
                                 ledger.Export(ctx.principal(), *format, from, to));
        ApiResponse r = ApiResponse::Raw("text/csv; charset=utf-8", std::move(csv));
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"steward-" +
                                   std::string(billing::ExportFormatName(*format)) + "-" +
                                   billing::FormatIsoDate(from) + "-to-" +
                                   billing::FormatIsoDate(to) + ".csv\"");
        return r;
      },
      .doc = {"The accounting export as a CSV attachment: format=xero (Xero's sales invoice "
              "import template), qbo (QuickBooks Online's invoice import) or journal (one "
              "balanced entry per document: Accounts Receivable against revenue per line "
              "kind), of the invoices and credit notes issued from=YYYY-MM-DD to=YYYY-MM-DD "
              "inclusive. A credit note's rows carry negative amounts and name the invoice it "
              "reverses. 400 naming format, from or to.",
              "billing"},
  });
}

}  // namespace steward::api
