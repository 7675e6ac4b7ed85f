// Plans and contracts on the wire: request bodies read into billing's typed
// commands (field-level 400s), and plans, contracts and their lines written
// back. Money is integer cents in every field named *_cents.
#pragma once

#include "core/json.h"
#include "core/result.h"
#include "server/billing/billing_profile_service.h"
#include "server/billing/contract_service.h"
#include "server/billing/expense_service.h"
#include "server/billing/invoice_document_service.h"
#include "server/billing/invoice_service.h"
#include "server/billing/model/plan.h"
#include "server/billing/rules/aging.h"

namespace steward::api {

Result<billing::NewPlan> ReadNewPlan(const Json& body);
// Any of ReadNewPlan's fields but the unit (400 naming "unit"), and
// "active" (false retires the plan).
Result<billing::PlanPatch> ReadPlanPatch(const Json& body);
Result<billing::NewContract> ReadNewContract(const Json& body);
Result<billing::NewLine> ReadNewLine(const Json& body);
// {"term_months"?,"setup_fee_cents"?,"payment_days"?,"damages_months"?,
//  "notice_days"?,"auto_renew"?,"sla"?: {...} | null,
//  "lines"?: [{"line_id","plan_id"?,"quantity"?,"drop"?}]}: what changes
// at renewal (absent: as now; "sla" absent carries the SLA terms over).
Result<billing::ContractRenewal> ReadRenewal(const Json& body);
// {"line_id","date"?,"ci_ids"?:[…],"quantity"?}
Result<billing::ReductionChange> ReadReduction(const Json& body);
Json ReductionJson(const billing::Reduction& r);
// {"sla": {...} | null}: a contract's SLA terms (billing/sla_terms_json.h).
Result<std::optional<billing::SlaTerms>> ReadContractSla(const Json& body);
// {"date"?: "YYYY-MM-DD"}
Result<std::optional<billing::Date>> ReadTermination(const Json& body);

// {"month":"YYYY-MM"}
Result<billing::Month> ReadBillingRun(const Json& body);
// {"amount_cents","date"?}
Result<billing::NewPayment> ReadPayment(const Json& body);
// {"reason"}: the text as sent (the service trims it and refuses it empty).
Result<std::string> ReadVoid(const Json& body);
// {"customer_id","incurred_on":"YYYY-MM-DD","description","amount_cents",
//  "ticket_id"?,"billable"?}
Result<billing::NewExpense> ReadNewExpense(const Json& body);
Json ExpenseJson(const billing::Expense& e);
// {"send"?: bool}: whether issuing e-mails the invoice (default true).
Result<bool> ReadIssue(const Json& body);
// {"to"?: "address"}: where to send an invoice instead of its billing contact.
Result<std::optional<std::string>> ReadInvoiceEmail(const Json& body);
// A query parameter "YYYY-MM-DD"; nullopt when absent, InvalidArgument
// naming `key` when malformed.
Result<std::optional<billing::Date>> ReadQueryDate(const std::optional<std::string>& text,
                                                   std::string_view key);

Json PlanJson(const billing::Plan& p);
Json InvoiceJson(const billing::InvoiceView& v, bool with_lines);
Json CreditNoteJson(const billing::CreditNote& n);
Json AgingJson(const billing::AgingReport& r);
Json InvoiceEmailJson(const billing::InvoiceEmail& e);
// {"contact_id"?: id | null, "address_lines"?: ["…"], "city"?, "region"?,
//  "postal_code"?, "country"?}: the whole profile (absent: none / empty).
Result<billing::BillingProfile> ReadBillingProfile(const Json& body);
// The profile as set, and "bill_to": what invoices show and where each part
// came from ("address_source": profile|site|none, "contact_source":
// profile|primary|none).
Json BillingProfileJson(const billing::BillingProfileView& v);
Json EmailDeliveryJson(const notify::EmailDelivery& d);
Json ContractJson(const billing::Contract& c);
Json ContractDetailJson(const billing::ContractDetail& d);

}  // namespace steward::api
