#include "server/api/billing_json.h"

#include <algorithm>
#include <limits>

#include "core/time_format.h"
#include "server/billing/model/dates.h"
#include "server/billing/rules/bill_to.h"
#include "server/billing/sla_terms_json.h"

namespace steward::api {

using namespace billing;

namespace {

constexpr int64_t kMaxCents = 100'000'000;  // $1,000,000

Result<std::optional<Date>> OptionalDate(const std::optional<std::string>& text,
                                         std::string_view key) {
  if (!text) return std::optional<Date>();
  auto d = ParseIsoDate(*text);
  if (!d) return Status::InvalidArgument("must be a date YYYY-MM-DD", std::string(key));
  return std::optional<Date>(*d);
}

// "ci_ids": at most 1,000 distinct positive ids.
Result<std::vector<int64_t>> ReadCiIds(const Json& ci_ids) {
  if (!ci_ids.is_array() || ci_ids.size() > 1000) {
    return Status::InvalidArgument("must be an array of at most 1000 CI ids", "ci_ids");
  }
  std::vector<int64_t> out;
  for (const Json& v : ci_ids) {
    if (!v.is_number_integer() || v.get<int64_t>() < 1) {
      return Status::InvalidArgument("must be an array of CI ids", "ci_ids");
    }
    if (std::find(out.begin(), out.end(), v.get<int64_t>()) != out.end()) {
      return Status::InvalidArgument("names a CI twice", "ci_ids");
    }
    out.push_back(v.get<int64_t>());
  }
  return out;
}

}  // namespace

namespace {

// [{max_units, unit_cents}, …], at most 20 (the service checks the order).
Result<std::vector<PriceTier>> ReadTiers(const Json& tiers) {
  if (!tiers.is_array() || tiers.size() > 20) {
    return Status::InvalidArgument("must be an array of at most 20 {max_units, unit_cents}",
                                   "tiers");
  }
  std::vector<PriceTier> out;
  for (size_t i = 0; i < tiers.size(); ++i) {
    ObjectReader t(tiers[i], "tiers[" + std::to_string(i) + "]");
    PriceTier tier;
    tier.max_units = t.RequiredInt("max_units", 1, 1'000'000);
    tier.unit_cents = t.RequiredInt("unit_cents", 0, kMaxCents);
    STEWARD_RETURN_IF_ERROR(t.Finish());
    out.push_back(tier);
  }
  return out;
}

}  // namespace

Result<NewPlan> ReadNewPlan(const Json& body) {
  ObjectReader r(body);
  NewPlan p;
  p.name = r.RequiredString("name", 1, 100);
  std::string unit =
      r.RequiredEnum("unit", {"server", "desktop", "device", "user", "mailbox", "site"});
  p.price_cents = r.RequiredInt("price_cents", 0, kMaxCents);
  p.included_support_minutes = r.OptionalInt("included_support_minutes", 0, 6000).value_or(0);
  p.flex_minutes = r.OptionalInt("flex_minutes", 0, 6000).value_or(0);
  p.discountable = r.OptionalBool("discountable").value_or(false);
  p.emergency_onsite_hourly_cents =
      r.OptionalInt("emergency_onsite_hourly_cents", 0, kMaxCents).value_or(0);
  p.covers = r.OptionalString("covers", 2000).value_or("");
  const Json* tiers = r.OptionalRaw("tiers");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  p.unit = *ParsePlanUnit(unit);
  if (tiers) {
    STEWARD_ASSIGN_OR_RETURN(p.tiers, ReadTiers(*tiers));
  }
  return p;
}

Result<PlanPatch> ReadPlanPatch(const Json& body) {
  if (body.is_object() && body.contains("unit")) {
    return Status::InvalidArgument("a plan's unit cannot change: add a plan instead", "unit");
  }
  ObjectReader r(body);
  PlanPatch p;
  p.name = r.OptionalString("name", 100);
  p.price_cents = r.OptionalInt("price_cents", 0, kMaxCents);
  p.included_support_minutes = r.OptionalInt("included_support_minutes", 0, 6000);
  p.flex_minutes = r.OptionalInt("flex_minutes", 0, 6000);
  p.discountable = r.OptionalBool("discountable");
  p.emergency_onsite_hourly_cents = r.OptionalInt("emergency_onsite_hourly_cents", 0, kMaxCents);
  p.covers = r.OptionalString("covers", 2000);
  p.active = r.OptionalBool("active");
  const Json* tiers = r.OptionalRaw("tiers");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (tiers) {
    STEWARD_ASSIGN_OR_RETURN(p.tiers, ReadTiers(*tiers));
  }
  return p;
}

Result<NewContract> ReadNewContract(const Json& body) {
  ObjectReader r(body);
  NewContract c;
  c.customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  std::string start = r.RequiredString("start_date", 1, 10);
  c.term_months = static_cast<int>(r.RequiredInt("term_months", 12, 36));
  c.setup_fee_cents = r.OptionalInt("setup_fee_cents", 0, kMaxCents).value_or(0);
  c.payment_days = static_cast<int>(r.OptionalInt("payment_days", 0, 120).value_or(0));
  c.damages_months = static_cast<int>(r.OptionalInt("damages_months", 2, 3).value_or(2));
  c.notice_days = static_cast<int>(r.OptionalInt("notice_days", 0, 365).value_or(90));
  c.auto_renew = r.OptionalBool("auto_renew").value_or(true);
  const Json* sla = r.OptionalRaw("sla");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (sla && !sla->is_null()) {
    STEWARD_ASSIGN_OR_RETURN(c.sla, SlaTermsFromJson(*sla));
  }
  auto d = ParseIsoDate(start);
  if (!d) return Status::InvalidArgument("must be a date YYYY-MM-DD", "start_date");
  c.start_date = *d;
  return c;  // the service judges the terms (12/24/36 months, …)
}

Result<NewLine> ReadNewLine(const Json& body) {
  ObjectReader r(body);
  NewLine l;
  l.plan_id = r.RequiredInt("plan_id", 1, kMaxId);
  l.quantity = r.OptionalInt("quantity", 1, 1'000'000);
  const Json* ci_ids = r.OptionalRaw("ci_ids");
  auto starts = r.OptionalString("starts_on", 10);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(l.starts_on, OptionalDate(starts, "starts_on"));
  if (ci_ids) {
    STEWARD_ASSIGN_OR_RETURN(l.ci_ids, ReadCiIds(*ci_ids));
  }
  return l;
}

Result<ContractRenewal> ReadRenewal(const Json& body) {
  ObjectReader r(body);
  ContractRenewal out;
  if (auto v = r.OptionalInt("term_months", 12, 36)) out.term_months = static_cast<int>(*v);
  out.setup_fee_cents = r.OptionalInt("setup_fee_cents", 0, kMaxCents);
  if (auto v = r.OptionalInt("payment_days", 0, 120)) out.payment_days = static_cast<int>(*v);
  if (auto v = r.OptionalInt("damages_months", 2, 3)) out.damages_months = static_cast<int>(*v);
  if (auto v = r.OptionalInt("notice_days", 0, 365)) out.notice_days = static_cast<int>(*v);
  out.auto_renew = r.OptionalBool("auto_renew");
  const Json* sla = r.OptionalRaw("sla");
  const Json* lines = r.OptionalRaw("lines");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (sla) {
    out.replace_sla = true;
    if (!sla->is_null()) {
      STEWARD_ASSIGN_OR_RETURN(out.sla, SlaTermsFromJson(*sla));
    }
  }
  if (lines) {
    if (!lines->is_array() || lines->size() > 500) {
      return Status::InvalidArgument(
          "must be an array of at most 500 {line_id, plan_id?, quantity?, drop?}", "lines");
    }
    for (size_t i = 0; i < lines->size(); ++i) {
      ObjectReader l((*lines)[i], "lines[" + std::to_string(i) + "]");
      LineRenewal change;
      change.line_id = l.RequiredInt("line_id", 1, kMaxId);
      change.plan_id = l.OptionalInt("plan_id", 1, kMaxId);
      change.quantity = l.OptionalInt("quantity", 1, 1'000'000);
      change.drop = l.OptionalBool("drop").value_or(false);
      STEWARD_RETURN_IF_ERROR(l.Finish());
      out.lines.push_back(change);
    }
  }
  return out;
}

Result<ReductionChange> ReadReduction(const Json& body) {
  ObjectReader r(body);
  ReductionChange c;
  c.line_id = r.RequiredInt("line_id", 1, kMaxId);
  auto day = r.OptionalString("date", 10);
  c.quantity = r.OptionalInt("quantity", 0, 1'000'000);
  const Json* ci_ids = r.OptionalRaw("ci_ids");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(c.on, OptionalDate(day, "date"));
  if (ci_ids) {
    STEWARD_ASSIGN_OR_RETURN(c.ci_ids, ReadCiIds(*ci_ids));
  }
  return c;
}

Json ReductionJson(const Reduction& r) {
  return {{"id", r.id},
          {"line_id", r.line_id},
          {"date", FormatIsoDate(r.on)},
          {"description", r.description},
          {"removed_monthly_cents", r.removed_monthly_cents},
          {"damages_cents", r.damages_cents},
          {"invoice_id", r.invoice_id ? Json(*r.invoice_id) : Json()}};
}

Result<std::optional<Date>> ReadTermination(const Json& body) {
  ObjectReader r(body);
  auto date = r.OptionalString("date", 10);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return OptionalDate(date, "date");
}

Result<Month> ReadBillingRun(const Json& body) {
  ObjectReader r(body);
  std::string month = r.RequiredString("month", 7, 7);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  auto m = ParseIsoMonth(month);
  if (!m) return Status::InvalidArgument("must be a month YYYY-MM", "month");
  return *m;
}

Result<NewPayment> ReadPayment(const Json& body) {
  ObjectReader r(body);
  NewPayment p;
  p.amount_cents =
      r.RequiredInt("amount_cents", std::numeric_limits<int64_t>::min() / 2, kMaxCents);
  auto date = r.OptionalString("date", 10);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(p.paid_on, OptionalDate(date, "date"));
  return p;
}

Result<std::string> ReadVoid(const Json& body) {
  ObjectReader r(body);
  std::string reason = r.RequiredString("reason", 1, 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return reason;
}

Result<NewExpense> ReadNewExpense(const Json& body) {
  ObjectReader r(body);
  NewExpense e;
  e.customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  std::string day = r.RequiredString("incurred_on", 1, 10);
  e.description = r.RequiredString("description", 1, 500);
  e.amount_cents =
      r.RequiredInt("amount_cents", std::numeric_limits<int64_t>::min() / 2, kMaxCents);
  e.ticket_id = r.OptionalInt("ticket_id", 1, kMaxId);
  e.billable = r.OptionalBool("billable").value_or(true);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  auto d = ParseIsoDate(day);
  if (!d) return Status::InvalidArgument("must be a date YYYY-MM-DD", "incurred_on");
  e.incurred_on = *d;
  return e;  // the service judges the amount, the text and the day
}

Json ExpenseJson(const Expense& e) {
  Json receipt = nullptr;
  if (e.receipt_name) {
    receipt = {{"file_name", *e.receipt_name},
               {"content_type", e.receipt_type.value_or("")},
               {"href", "/api/v1/expenses/" + std::to_string(e.id) + "/receipt"}};
  }
  return {{"id", e.id},
          {"customer_id", e.customer_id},
          {"ticket_id", e.ticket_id ? Json(*e.ticket_id) : Json()},
          {"incurred_on", FormatIsoDate(e.incurred_on)},
          {"description", e.description},
          {"amount_cents", e.amount_cents},
          {"billable", e.billable},
          {"receipt", receipt},
          {"invoice_id", e.invoice_id ? Json(*e.invoice_id) : Json()},
          {"created_by", e.created_by ? Json(*e.created_by) : Json()}};
}

Result<bool> ReadIssue(const Json& body) {
  ObjectReader r(body);
  bool send = r.OptionalBool("send").value_or(true);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return send;
}

Result<std::optional<std::string>> ReadInvoiceEmail(const Json& body) {
  ObjectReader r(body);
  auto to = r.OptionalString("to", 254);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return to;  // the outbox judges the address
}

Result<BillingProfile> ReadBillingProfile(const Json& body) {
  ObjectReader r(body);
  BillingProfile p;
  if (auto contact = r.NullableInt("contact_id", 1, kMaxId)) p.contact_id = *contact;
  // Blank lines are dropped and the four-line limit checked by the service
  // (NormalizeAddress); this only bounds what is read.
  if (auto lines = r.OptionalStringArray("address_lines", 10, kMaxAddressLineChars)) {
    p.address.lines = std::move(*lines);
  }
  p.address.city = r.OptionalString("city", kMaxAddressPartChars).value_or("");
  p.address.region = r.OptionalString("region", kMaxAddressPartChars).value_or("");
  p.address.postal_code = r.OptionalString("postal_code", kMaxAddressPartChars).value_or("");
  p.address.country = r.OptionalString("country", kMaxAddressPartChars).value_or("");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return p;
}

namespace {

void PutAddress(Json& out, const PostalAddress& a) {
  out["address_lines"] = a.lines;
  out["city"] = a.city;
  out["region"] = a.region;
  out["postal_code"] = a.postal_code;
  out["country"] = a.country;
}

const char* AddressSourceName(AddressSource s) {
  switch (s) {
    case AddressSource::kProfile:
      return "profile";
    case AddressSource::kSite:
      return "site";
    case AddressSource::kNone:
      return "none";
  }
  return "none";
}

const char* ContactSourceName(ContactSource s) {
  switch (s) {
    case ContactSource::kProfile:
      return "profile";
    case ContactSource::kPrimary:
      return "primary";
    case ContactSource::kNone:
      return "none";
  }
  return "none";
}

Json OptionalJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }

}  // namespace

Json BillingProfileJson(const BillingProfileView& v) {
  Json out = {{"customer_id", v.customer_id},
              {"contact_id", v.profile.contact_id ? Json(*v.profile.contact_id) : Json()}};
  PutAddress(out, v.profile.address);
  const BillTo& b = v.bill_to;
  Json bill_to = {{"customer_name", b.customer_name},
                  {"contact_id", b.contact_id ? Json(*b.contact_id) : Json()},
                  {"contact_name", OptionalJson(b.contact_name)},
                  {"contact_email", OptionalJson(b.contact_email)},
                  {"contact_source", ContactSourceName(b.contact_source)},
                  {"address_source", AddressSourceName(b.address_source)}};
  PutAddress(bill_to, b.address);
  out["bill_to"] = std::move(bill_to);
  return out;
}

Json InvoiceEmailJson(const InvoiceEmail& e) {
  return {{"email_id", e.email_id}, {"to", e.to_address}, {"file_name", e.file_name}};
}

Json EmailDeliveryJson(const notify::EmailDelivery& d) {
  return {{"id", d.id},
          {"to", d.to_address},
          {"subject", d.subject},
          {"status", d.status},
          {"attempts", d.attempts},
          {"last_error", d.last_error ? Json(*d.last_error) : Json(nullptr)},
          {"created_at", FormatIso8601(d.created_at)},
          {"sent_at", d.sent_at ? Json(FormatIso8601(*d.sent_at)) : Json(nullptr)},
          {"attachments", d.attachment_names}};
}

Result<std::optional<Date>> ReadQueryDate(const std::optional<std::string>& text,
                                          std::string_view key) {
  return OptionalDate(text, key);
}

namespace {

Json LinesJson(const std::vector<InvoiceLine>& lines) {
  Json out = Json::array();
  for (const InvoiceLine& l : lines) {
    out.push_back({{"kind", LineKindName(l.kind)},
                   {"description", l.description},
                   {"quantity", l.quantity},
                   {"unit_cents", l.unit_cents},
                   {"amount_cents", l.amount_cents}});
  }
  return out;
}

Json BucketsJson(const AgingBuckets& b) {
  return {{"current_cents", b.current_cents},           {"days_1_30_cents", b.days_1_30_cents},
          {"days_31_60_cents", b.days_31_60_cents},     {"days_61_90_cents", b.days_61_90_cents},
          {"days_90_plus_cents", b.days_90_plus_cents}, {"total_cents", b.total_cents()}};
}

}  // namespace

Json CreditNoteJson(const CreditNote& n) {
  return {{"id", n.id},
          {"number", n.number},
          {"customer_id", n.customer_id},
          {"issue_date", FormatIsoDate(n.issue_date)},
          {"reason", n.reason},
          {"total_cents", n.total_cents},
          {"lines", LinesJson(n.lines)},
          {"credits",
           {{"invoice_id", n.invoice_id},
            {"number", n.invoice_number},
            {"href", "/api/v1/invoices/" + std::to_string(n.invoice_id)}}}};
}

Json AgingJson(const AgingReport& r) {
  Json customers = Json::array();
  for (const CustomerAging& c : r.customers) {
    Json row = {{"customer_id", c.customer_id}, {"customer_name", c.customer_name}};
    row.update(BucketsJson(c.buckets));
    customers.push_back(std::move(row));
  }
  return {{"as_of", FormatIsoDate(r.as_of)},
          {"customers", customers},
          {"totals", BucketsJson(r.totals)}};
}

Json InvoiceJson(const InvoiceView& v, bool with_lines) {
  const Invoice& inv = v.invoice;
  Json out = {{"id", inv.id},
              {"number", inv.number ? Json(*inv.number) : Json()},
              {"customer_id", inv.customer_id},
              {"contract_id", inv.contract_id},
              {"month", FormatIsoMonth(inv.month)},
              {"sequence", inv.sequence},
              {"status", InvoiceStatusName(v.status)},
              {"issue_date", inv.issue_date ? Json(FormatIsoDate(*inv.issue_date)) : Json()},
              {"due_date", inv.due_date ? Json(FormatIsoDate(*inv.due_date)) : Json()},
              {"total_cents", inv.total_cents},
              {"paid_cents", inv.paid_cents},
              {"accrued_late_fee_cents", v.accrued_late_fee_cents},
              {"credited_by", Json()}};
  if (inv.credit_note_id) {
    out["credited_by"] = {
        {"credit_note_id", *inv.credit_note_id},
        {"number", inv.credit_note_number ? Json(*inv.credit_note_number) : Json()},
        {"href", "/api/v1/invoices/" + std::to_string(inv.id) + "/credit-note"}};
  }
  if (with_lines) {
    out["lines"] = LinesJson(inv.lines);
    Json payments = Json::array();
    for (const Payment& p : v.payments) {
      payments.push_back(
          {{"id", p.id}, {"amount_cents", p.amount_cents}, {"date", FormatIsoDate(p.paid_on)}});
    }
    out["payments"] = payments;
  }
  return out;
}

Json PlanJson(const Plan& p) {
  Json tiers = Json::array();
  for (const PriceTier& t : p.tiers) {
    tiers.push_back({{"max_units", t.max_units}, {"unit_cents", t.unit_cents}});
  }
  return {{"id", p.id},
          {"name", p.name},
          {"unit", PlanUnitName(p.unit)},
          {"price_cents", p.price_cents},
          {"tiers", tiers},
          {"included_support_minutes", p.included_support_minutes},
          {"flex_minutes", p.flex_minutes},
          {"discountable", p.discountable},
          {"emergency_onsite_hourly_cents", p.emergency_onsite_hourly_cents},
          {"covers", p.covers},
          {"active", p.active}};
}

Json ContractJson(const Contract& c) {
  return {{"id", c.id},
          {"customer_id", c.customer_id},
          {"start_date", FormatIsoDate(c.start_date)},
          {"term_months", c.term_months},
          {"setup_fee_cents", c.setup_fee_cents},
          {"payment_days", c.payment_days},
          {"damages_months", c.damages_months},
          {"notice_days", c.notice_days},
          {"auto_renew", c.auto_renew},
          {"status", ContractStatusName(c.status)},
          {"ends_on", c.ends_on ? Json(FormatIsoDate(*c.ends_on)) : Json()},
          {"renews_contract_id", c.renews_contract_id ? Json(*c.renews_contract_id) : Json()},
          {"terminated_on", c.terminated_on ? Json(FormatIsoDate(*c.terminated_on)) : Json()},
          {"damages_cents", c.damages_cents ? Json(*c.damages_cents) : Json()},
          {"sla", c.sla ? SlaTermsToJson(*c.sla) : Json()}};
}

Result<std::optional<SlaTerms>> ReadContractSla(const Json& body) {
  ObjectReader r(body);
  const Json* sla = r.OptionalRaw("sla");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!sla) return Status::InvalidArgument("is required (null for the built-in policy)", "sla");
  if (sla->is_null()) return std::optional<SlaTerms>();
  STEWARD_ASSIGN_OR_RETURN(SlaTerms terms, SlaTermsFromJson(*sla));
  return std::optional<SlaTerms>(std::move(terms));
}

Json ContractDetailJson(const ContractDetail& d) {
  Json out = ContractJson(d.contract);
  Json lines = Json::array();
  for (const ContractLine& l : d.lines) {
    Json devices = Json::array();
    for (const CoveredDevice& dev : l.devices) {
      devices.push_back({{"ci_id", dev.ci_id},
                         {"from", FormatIsoDate(dev.from)},
                         {"to", dev.to ? Json(FormatIsoDate(*dev.to)) : Json()}});
    }
    lines.push_back({{"id", l.id},
                     {"plan_id", l.plan_id},
                     {"quantity", l.quantity ? Json(*l.quantity) : Json()},
                     {"devices", devices},
                     {"starts_on", FormatIsoDate(l.starts_on)},
                     {"ends_on", l.ends_on ? Json(FormatIsoDate(*l.ends_on)) : Json()}});
  }
  out["lines"] = lines;
  out["renewed_by"] = d.renewed_by ? Json(*d.renewed_by) : Json();
  out["term"] = {{"number", d.term.term_number},
                 {"start", FormatIsoDate(d.term.term_start)},
                 {"end", FormatIsoDate(d.term.term_end)},
                 {"notice_by", FormatIsoDate(d.term.notice_by)},
                 {"renews_on", FormatIsoDate(d.term.renews_on)}};
  Json charges = Json::array();
  for (const LineCharge& c : d.this_month.lines) {
    charges.push_back({{"line_id", c.line_id},
                       {"plan_id", c.plan_id},
                       {"units", c.units},
                       {"gross_cents", c.gross},
                       {"discount_cents", c.discount}});
  }
  out["this_month"] = {{"servers", d.this_month.servers},
                       {"discount_bp", d.this_month.discount},
                       {"lines", charges},
                       {"total_cents", d.this_month.total}};
  Json reductions = Json::array();
  for (const Reduction& r : d.reductions) reductions.push_back(ReductionJson(r));
  out["reductions"] = std::move(reductions);
  return out;
}

}  // namespace steward::api
