// Plans and contracts on the wire: request bodies read into billing's typed
// commands (field-level 400s), and plans, contracts and their lines written
// back. Money is integer cents in every field named *_cents.
#pragma once

#include "core/json.h"
#include "core/result.h"
#include "server/billing/contract_service.h"
#include "server/billing/invoice_service.h"
#include "server/billing/model/plan.h"

namespace steward::api {

Result<billing::NewPlan> ReadNewPlan(const Json& body);
Result<billing::NewContract> ReadNewContract(const Json& body);
Result<billing::NewLine> ReadNewLine(const Json& body);
// {"date"?: "YYYY-MM-DD"}
Result<std::optional<billing::Date>> ReadTermination(const Json& body);

// {"month":"YYYY-MM"}
Result<billing::Month> ReadBillingRun(const Json& body);
// {"amount_cents","date"?}
Result<billing::NewPayment> ReadPayment(const Json& body);

Json PlanJson(const billing::Plan& p);
Json InvoiceJson(const billing::InvoiceView& v, bool with_lines);
Json ContractJson(const billing::Contract& c);
Json ContractDetailJson(const billing::ContractDetail& d);

}  // namespace steward::api
