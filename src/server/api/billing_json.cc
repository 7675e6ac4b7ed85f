#include "server/api/billing_json.h"

#include <limits>

#include "server/billing/model/dates.h"

namespace steward::api {

using namespace billing;

namespace {

constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();
constexpr int64_t kMaxCents = 100'000'000;  // $1,000,000

Result<std::optional<Date>> OptionalDate(const std::optional<std::string>& text,
                                         std::string_view key) {
  if (!text) return std::optional<Date>();
  auto d = ParseIsoDate(*text);
  if (!d) return Status::InvalidArgument("must be a date YYYY-MM-DD", std::string(key));
  return std::optional<Date>(*d);
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
    if (!tiers->is_array() || tiers->size() > 20) {
      return Status::InvalidArgument("must be an array of at most 20 {max_units, unit_cents}",
                                     "tiers");
    }
    for (size_t i = 0; i < tiers->size(); ++i) {
      ObjectReader t((*tiers)[i], "tiers[" + std::to_string(i) + "].");
      PriceTier tier;
      tier.max_units = t.RequiredInt("max_units", 1, 1'000'000);
      tier.unit_cents = t.RequiredInt("unit_cents", 0, kMaxCents);
      STEWARD_RETURN_IF_ERROR(t.Finish());
      p.tiers.push_back(tier);
    }
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
  STEWARD_RETURN_IF_ERROR(r.Finish());
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
    if (!ci_ids->is_array() || ci_ids->size() > 1000) {
      return Status::InvalidArgument("must be an array of at most 1000 CI ids", "ci_ids");
    }
    for (const Json& v : *ci_ids) {
      if (!v.is_number_integer() || v.get<int64_t>() < 1) {
        return Status::InvalidArgument("must be an array of CI ids", "ci_ids");
      }
      int64_t id = v.get<int64_t>();
      for (int64_t seen : l.ci_ids) {
        if (seen == id) return Status::InvalidArgument("names a CI twice", "ci_ids");
      }
      l.ci_ids.push_back(id);
    }
  }
  return l;
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
          {"terminated_on", c.terminated_on ? Json(FormatIsoDate(*c.terminated_on)) : Json()},
          {"damages_cents", c.damages_cents ? Json(*c.damages_cents) : Json()}};
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
  return out;
}

}  // namespace steward::api
