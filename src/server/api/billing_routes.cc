// Contracts and billing routes (SPEC §7): the plan list, contracts with
// their lines and termination. Owners and billing admins write; account and
// service managers read; a customer's people read their own contracts (the
// contract store's scope makes another customer's contract a 404).
#include "server/api/billing_json.h"
#include "server/api/routes.h"
#include "server/billing/invoice_document_service.h"
#include "server/billing/invoice_service.h"
#include "server/billing/plan_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

constexpr RoleSet kBillingWriters = {Role::kOwner, Role::kBillingAdmin};
constexpr RoleSet kContractReaders = {Role::kOwner, Role::kBillingAdmin, Role::kAccountManager,
                                      Role::kServiceManager, Role::kPortal};

Json PlanSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"name", "string"},
                       {"unit", "string"},
                       {"price_cents", "integer"},
                       {"tiers", "array"},
                       {"included_support_minutes", "integer"},
                       {"flex_minutes", "integer"},
                       {"discountable", "boolean"},
                       {"emergency_onsite_hourly_cents", "integer"},
                       {"covers", "string"},
                       {"active", "boolean"}});
}

Json ContractSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"start_date", "string"},
                       {"term_months", "integer"},
                       {"setup_fee_cents", "integer"},
                       {"payment_days", "integer"},
                       {"damages_months", "integer"},
                       {"notice_days", "integer"},
                       {"auto_renew", "boolean"},
                       {"status", "string"},
                       {"ends_on", "string"},
                       {"renews_contract_id", "integer"},
                       {"renewed_by", "integer"},
                       {"terminated_on", "string"},
                       {"damages_cents", "integer"},
                       {"sla", "object"},
                       {"lines", "array"},
                       {"reductions", "array"},
                       {"term", "object"},
                       {"this_month", "object"}});
}

void AddPlanRoutes(RouteTable& routes, billing::PlanService& plans) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/plans",
      .roles = RoleSet::AllStaff(),
      .handler = [&plans](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto list, plans.List(ctx.principal()));
        Json out = Json::array();
        for (const billing::Plan& p : list) out.push_back(PlanJson(p));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The service plans: Bronze, Silver and Gold server plans ($500, $750, $1,000 per "
              "server per month, 1 h support and 1 h flex time each) exist from the start; "
              "custom and à-la-carte plans per device kind or per user, mailbox or site, "
              "optionally tiered by the customer's total units.",
              "billing", nullptr, Json{{"type", "array"}, {"items", PlanSchema()}}},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/plans/{id}",
      .roles = RoleSet::AllStaff(),
      .handler = [&plans](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::Plan p, plans.Get(ctx.principal(), id));
        return ApiResponse::Ok(PlanJson(p));
      },
      .doc = {"One service plan.", "billing", nullptr, PlanSchema()},
      .owner_lookup = [&plans](int64_t id) { return plans.Owner(id); },
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/plans/{id}",
      .roles = kBillingWriters,
      .handler = [&plans](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::PlanPatch patch, ReadPlanPatch(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Plan changed, plans.Update(ctx.actor(), id, patch));
        return ApiResponse::Ok(PlanJson(changed));
      },
      .doc = {"Change a plan: any of name, price_cents, included_support_minutes, flex_minutes, "
              "discountable, emergency_onsite_hourly_cents, covers, tiers, checked as when "
              "adding one; \"active\": false retires it (no new contract lines; lines already "
              "signed keep billing), true sells it again. The unit cannot change (400 naming "
              "unit). A new price bills from the next billing run; issued invoices never change. "
              "409 for a name in use. Audited with each field's before and after.",
              "billing",
              ObjectSchema({{"name", "string"},
                            {"price_cents", "integer"},
                            {"included_support_minutes", "integer"},
                            {"flex_minutes", "integer"},
                            {"discountable", "boolean"},
                            {"emergency_onsite_hourly_cents", "integer"},
                            {"covers", "string"},
                            {"tiers", "array"},
                            {"active", "boolean"}}),
              PlanSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = [&plans](int64_t id) { return plans.Owner(id); },
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/plans",
      .roles = kBillingWriters,
      .handler = [&plans](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::NewPlan plan, ReadNewPlan(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Plan created, plans.Create(ctx.actor(), plan));
        return ApiResponse::Created(PlanJson(created));
      },
      .doc = {"Add a plan: {\"name\",\"unit\" (server|desktop|device|user|mailbox|site),"
              "\"price_cents\"} and optionally included_support_minutes and flex_minutes (per "
              "unit per month, 15-minute steps), discountable (the quantity discount by "
              "servers applies), emergency_onsite_hourly_cents, covers, tiers "
              "[{max_units, unit_cents}] rising (per-unit plans only). 409 for a name in use.",
              "billing",
              ObjectSchema({{"name", "string"},
                            {"unit", "string"},
                            {"price_cents", "integer"},
                            {"included_support_minutes", "integer"},
                            {"flex_minutes", "integer"},
                            {"discountable", "boolean"},
                            {"emergency_onsite_hourly_cents", "integer"},
                            {"covers", "string"},
                            {"tiers", "array"}},
                           {"name", "unit", "price_cents"}),
              PlanSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
}

void AddContractRoutes(RouteTable& routes, billing::ContractService& contracts) {
  OwnerLookup owner = [&contracts](int64_t id) { return contracts.Owner(id); };
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::NewContract c, ReadNewContract(body));
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d, contracts.Create(ctx.actor(), c));
        return ApiResponse::Created(ContractDetailJson(d));
      },
      .doc = {"Sign a contract: {\"customer_id\",\"start_date\":\"YYYY-MM-DD\",\"term_months\" "
              "(12|24|36)} and optionally setup_fee_cents, payment_days (0–120), "
              "damages_months (2–3, default 2), notice_days (default 90), auto_renew "
              "(default true), sla (the contract's own SLA terms, as PUT /contracts/{id}/sla). "
              "Returns the contract with its current term's dates.",
              "billing",
              ObjectSchema({{"customer_id", "integer"},
                            {"start_date", "string"},
                            {"term_months", "integer"},
                            {"setup_fee_cents", "integer"},
                            {"payment_days", "integer"},
                            {"damages_months", "integer"},
                            {"notice_days", "integer"},
                            {"auto_renew", "boolean"},
                            {"sla", "object"}},
                           {"customer_id", "start_date", "term_months"}),
              ContractSchema(), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/contracts",
      .roles = kContractReaders,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(auto list, contracts.List(ctx.principal(), customer_id));
        Json out = Json::array();
        for (const billing::Contract& c : list) out.push_back(ContractJson(c));
        return ApiResponse::Ok(Json{{"contracts", out}});
      },
      .doc = {"Contracts, newest first; customer_id filters. A portal user sees their own "
              "customer's only.",
              "billing", nullptr, ObjectSchema({{"contracts", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/contracts/{id}",
      .roles = kContractReaders,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d, contracts.Get(ctx.principal(), id));
        return ApiResponse::Ok(ContractDetailJson(d));
      },
      .doc = {"A contract with its lines (covered devices with their dates), the current "
              "term (number, start, end, notice_by, renews_on) and this month's recurring "
              "charge per line with the quantity discount.",
              "billing", nullptr, ContractSchema()},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts/{id}/lines",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::NewLine line, ReadNewLine(body));
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d,
                                 contracts.AddLine(ctx.actor(), id, line));
        return ApiResponse::Created(ContractDetailJson(d));
      },
      .doc = {"Add a line: {\"plan_id\",\"ci_ids\":[…]} for a plan per device (the CMDB's "
              "CIs of the contract's customer) or {\"plan_id\",\"quantity\"} for a plan per "
              "user, mailbox or site; starts_on (default today, not before the contract). A "
              "line starting mid-month is prorated by calendar days.",
              "billing",
              ObjectSchema({{"plan_id", "integer"},
                            {"ci_ids", "array"},
                            {"quantity", "integer"},
                            {"starts_on", "string"}},
                           {"plan_id"}),
              ContractSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts/{id}/reductions",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::ReductionChange change, ReadReduction(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Reduction r, contracts.Reduce(ctx.actor(), id, change));
        return ApiResponse::Created(ReductionJson(r));
      },
      .doc = {"Reduce the service before the term ends: {\"line_id\",\"date\"? (default "
              "today),\"ci_ids\"? (devices the line stops covering) or \"quantity\"? (the "
              "line's new, lower quantity; it continues as a new line from that day); neither "
              "ends the whole line}. Liquidated damages = damages_months × the monthly amount "
              "removed (the full-month charge in force that day before minus after, lost "
              "quantity discount included), charged on the contract's next invoice.",
              "billing",
              ObjectSchema({{"line_id", "integer"},
                            {"date", "string"},
                            {"ci_ids", "array"},
                            {"quantity", "integer"}},
                           {"line_id"}),
              ObjectSchema({{"id", "integer"},
                            {"line_id", "integer"},
                            {"date", "string"},
                            {"description", "string"},
                            {"removed_monthly_cents", "integer"},
                            {"damages_cents", "integer"},
                            {"invoice_id", "integer"}}),
              201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/contracts/{id}/sla",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto sla, ReadContractSla(body));
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d, contracts.SetSla(ctx.actor(), id, sla));
        return ApiResponse::Ok(ContractDetailJson(d));
      },
      .doc = {"Set the contract's own SLA: {\"sla\": {\"critical\"|\"high\"|\"normal\"|"
              "\"low\": {\"response\", \"resolution\"}, \"escalation\": [{\"percent\", "
              "\"notify_role\"}]}} where each target is null, {\"minutes\": n} of working time "
              "or {\"business_days\": n} (end of the n-th business day) on the customer's "
              "calendar; {\"sla\": null} returns to the customer's built-in policy. Tickets "
              "opened while the contract is in force take these clocks (sla_policy "
              "\"contract-<id>\"); tickets already open keep theirs. Escalation levels "
              "(empty: the server's 75 %/100 %) fire at their share of the running target.",
              "billing", ObjectSchema({{"sla", "object"}}, {"sla"}), ContractSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts/{id}/notice",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto date, ReadTermination(body));
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d,
                                 contracts.GiveNotice(ctx.actor(), id, date));
        return ApiResponse::Ok(ContractDetailJson(d));
      },
      .doc = {"Record the customer's notice not to renew, given on {\"date\"} (default "
              "today; not in the future). Given by the term's notice_by day, the contract "
              "ends when the term would renew (ends_on = term.renews_on); later, it renews "
              "once more and ends a term after. Until then it bills and counts as usual. 409 "
              "unless active and still renewing.",
              "billing", ObjectSchema({{"date", "string"}}), ContractSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/contracts/{id}/notice",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d,
                                 contracts.WithdrawNotice(ctx.actor(), id));
        return ApiResponse::Ok(ContractDetailJson(d));
      },
      .doc = {"Take a notice back: the contract renews again. 409 once it has ended or "
              "was renewed.",
              "billing", nullptr, ContractSchema()},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts/{id}/renew",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::ContractRenewal renewal, ReadRenewal(body));
        STEWARD_ASSIGN_OR_RETURN(billing::ContractDetail d,
                                 contracts.Renew(ctx.actor(), id, renewal));
        return ApiResponse::Created(ContractDetailJson(d));
      },
      .doc = {"Renew with changed terms: a new contract for the next term, starting the day "
              "this one stops (its ends_on, else its current term's renews_on), which then "
              "ends there. Terms not given carry over (term_months, payment_days, "
              "damages_months, notice_days, auto_renew; sla: absent carries the SLA terms "
              "over, null drops them); setup_fee_cents defaults to 0. Every line in force that "
              "day carries over with its devices (retired ones left out) or quantity, except "
              "lines: [{line_id, plan_id (another plan of the same unit), quantity, drop}]. "
              "The renewal has its own invoice sequence, so term credits count from its start; "
              "late fees of this contract's unpaid invoices go on the renewal's invoices. 409 "
              "when already renewed or not active; 400 naming the field.",
              "billing",
              ObjectSchema({{"term_months", "integer"},
                            {"setup_fee_cents", "integer"},
                            {"payment_days", "integer"},
                            {"damages_months", "integer"},
                            {"notice_days", "integer"},
                            {"auto_renew", "boolean"},
                            {"sla", "object"},
                            {"lines", "array"}}),
              ContractSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/contracts/{id}/terminate",
      .roles = kBillingWriters,
      .handler = [&contracts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto date, ReadTermination(body));
        STEWARD_ASSIGN_OR_RETURN(billing::Cents damages,
                                 contracts.Terminate(ctx.actor(), id, date));
        return ApiResponse::Ok(Json{{"damages_cents", damages}});
      },
      .doc = {"End a contract early: {\"date\"} (default today). Every line ends that day; "
              "the liquidated damages are damages_months × the monthly recurring charge in "
              "force that day. 409 unless the contract is active.",
              "billing", ObjectSchema({{"date", "string"}}),
              ObjectSchema({{"damages_cents", "integer"}})},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
}

Json InvoiceSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"number", "integer"},
                       {"customer_id", "integer"},
                       {"contract_id", "integer"},
                       {"month", "string"},
                       {"sequence", "integer"},
                       {"status", "string"},
                       {"issue_date", "string"},
                       {"due_date", "string"},
                       {"lines", "array"},
                       {"payments", "array"},
                       {"total_cents", "integer"},
                       {"paid_cents", "integer"},
                       {"accrued_late_fee_cents", "integer"},
                       {"credited_by", "object"}});
}

void AddInvoiceRoutes(RouteTable& routes, billing::InvoiceService& invoices,
                      billing::InvoiceDocumentService& documents) {
  OwnerLookup owner = [&invoices](int64_t id) { return invoices.Owner(id); };
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/billing/runs",
      .roles = kBillingWriters,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::Month month, ReadBillingRun(body));
        STEWARD_ASSIGN_OR_RETURN(auto ids, invoices.Run(ctx.actor(), month));
        return ApiResponse::Created(Json{{"invoice_ids", ids}});
      },
      .doc = {"The billing run for {\"month\":\"YYYY-MM\"}: a draft invoice per contract that "
              "bills the month and has none yet (the same month again creates nothing new). "
              "The invoice for month M holds M's recurring charges per line with the quantity "
              "discount, the setup fee on the contract's first, term credits (−$1,200 on the "
              "24th of a 24-month term, on the 30th and 36th of a 36-month term), late fees "
              "accrued on earlier unpaid invoices (1.5 % a full month past due, not "
              "compounded, each charged once) and liquidated damages after a termination.",
              "billing", ObjectSchema({{"month", "string"}}, {"month"}),
              ObjectSchema({{"invoice_ids", "array"}}), 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/invoices",
      .roles = kContractReaders,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer_id, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(auto list, invoices.List(ctx.principal(), customer_id));
        Json out = Json::array();
        for (const billing::InvoiceView& v : list) out.push_back(InvoiceJson(v, false));
        return ApiResponse::Ok(Json{{"invoices", out}});
      },
      .doc = {"Invoices, newest month first; customer_id filters. Status is draft, issued, "
              "paid, overdue (issued, unpaid and past due) or void (a credit note reversed "
              "it; credited_by links to it). A portal user sees their own customer's issued "
              "invoices.",
              "billing", nullptr, ObjectSchema({{"invoices", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/invoices/{id}",
      .roles = kContractReaders,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(billing::InvoiceView v, invoices.Get(ctx.principal(), id));
        return ApiResponse::Ok(InvoiceJson(v, true));
      },
      .doc = {"An invoice with its lines (kind recurring|discount|setup|time|expense|credit|"
              "late_fee|damages, description, quantity, unit_cents, amount_cents), payments, "
              "and the late fee accrued so far and not yet charged.",
              "billing", nullptr, InvoiceSchema()},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/invoices/{id}/issue",
      .roles = kBillingWriters,
      .handler = [&invoices, &documents](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        bool send = true;
        if (!ctx.request().body.empty()) {
          STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
          if (!body.is_null()) {
            STEWARD_ASSIGN_OR_RETURN(send, ReadIssue(body));
          }
        }
        STEWARD_ASSIGN_OR_RETURN(billing::InvoiceView v, invoices.Issue(ctx.actor(), id));
        Json out = InvoiceJson(v, true);
        out["email"] = nullptr;
        if (send) {
          // Issued is issued: a customer without a billing address is sent
          // nothing, and the console offers "Send" with an address instead.
          auto mail = documents.Email(ctx.actor(), id, std::nullopt);
          if (mail.ok()) out["email"] = InvoiceEmailJson(*mail);
        }
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Issue a draft: it gets the next gapless number, today's date and the due date "
              "from the contract's payment days, and is never edited after. 409 if issued. "
              "Unless the body says {\"send\":false}, the PDF is e-mailed to the customer's "
              "billing contact through the outbox; \"email\" says to whom (null: not sent, "
              "e.g. no contact with an address).",
              "billing", ObjectSchema({{"send", "boolean"}}), InvoiceSchema()},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/invoices/{id}/payments",
      .roles = kBillingWriters,
      .handler = [&invoices](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::NewPayment payment, ReadPayment(body));
        STEWARD_ASSIGN_OR_RETURN(billing::InvoiceView v, invoices.Pay(ctx.actor(), id, payment));
        return ApiResponse::Created(InvoiceJson(v, true));
      },
      .doc = {"Record a payment {\"amount_cents\",\"date\"?} (partial payments too; no more "
              "than is owed; not on a draft: 409). Paid in full, the invoice is paid.",
              "billing",
              ObjectSchema({{"amount_cents", "integer"}, {"date", "string"}}, {"amount_cents"}),
              InvoiceSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = owner,
  });
}

}  // namespace

void AddBillingRoutes(RouteTable& routes, const ApiDeps& deps) {
  AddPlanRoutes(routes, deps.plans);
  AddContractRoutes(routes, deps.contracts);
  AddInvoiceRoutes(routes, deps.invoices, deps.invoice_documents);
  AddHoursRoutes(routes, deps);
  AddBillingLedgerRoutes(routes, deps);
}

}  // namespace steward::api
