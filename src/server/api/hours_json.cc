#include "server/api/hours_json.h"

#include <algorithm>
#include <limits>

#include "core/time_format.h"
#include "server/billing/model/dates.h"

namespace steward::api {

namespace {

constexpr int64_t kMaxHourlyCents = 10'000'000;  // $100,000 an hour

}  // namespace

Result<billing::FlexDraw> ReadFlexDraw(const Json& body) {
  ObjectReader r(body);
  billing::FlexDraw d;
  d.minutes = r.RequiredInt("minutes", 1, billing::kFlexCapMinutes);
  d.ticket_id = r.OptionalInt("ticket_id", 1, kMaxId);
  d.note = r.OptionalString("note", 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return d;
}

Result<billing::WorkTypeRate> ReadRate(const Json& body,
                                       const std::vector<billing::WorkTypeRate>& current) {
  ObjectReader r(body);
  const std::string type = r.RequiredEnum("work_type", billing::WorkTypeNames());
  const int64_t hourly = r.RequiredInt("hourly_cents", 0, kMaxHourlyCents);
  const std::optional<bool> draws = r.OptionalBool("draws_included");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  billing::WorkTypeRate rate;
  rate.work_type = billing::ParseWorkType(type).value_or(billing::WorkType::kRemote);
  rate.hourly_cents = hourly;
  const billing::WorkTypeRate* now = billing::FindRate(current, rate.work_type);
  rate.draws_included = draws.value_or(now && now->draws_included);
  return rate;
}

Json CustomerHoursJson(const billing::CustomerHours& h) {
  Json ledger = Json::array();
  for (const billing::FlexEntry& e : h.flex_ledger) {
    ledger.push_back(
        {{"id", e.id},
         {"kind", e.earned ? "earn" : "draw"},
         {"minutes", e.minutes},
         {"earned_month",
          e.earned_month ? Json(billing::FormatIsoMonth(*e.earned_month)) : Json(nullptr)},
         {"ticket_id", e.ticket_id ? Json(*e.ticket_id) : Json(nullptr)},
         {"note", e.note ? Json(*e.note) : Json(nullptr)},
         {"created_at", FormatIso8601(FromMillis(e.created_at))}});
  }
  const int64_t left = std::max<int64_t>(0, h.hours.included_minutes - h.hours.covered_minutes);
  return {{"customer_id", h.customer_id},
          {"month", billing::FormatIsoMonth(h.month)},
          {"included_minutes", h.hours.included_minutes},
          {"covered_minutes", h.hours.covered_minutes},
          {"included_left_minutes", left},
          {"billable_minutes", h.hours.billable_minutes},
          {"flex_year", h.flex_year},
          {"flex_balance_minutes", h.flex_balance_minutes},
          {"flex_expires_at", FormatIso8601(h.flex_expires_at)},
          {"flex_ledger", std::move(ledger)}};
}

Json RatesJson(const std::vector<billing::WorkTypeRate>& rates) {
  Json out = Json::array();
  for (const billing::WorkTypeRate& r : rates) {
    out.push_back({{"work_type", billing::WorkTypeName(r.work_type)},
                   {"hourly_cents", r.hourly_cents},
                   {"draws_included", r.draws_included}});
  }
  return out;
}

}  // namespace steward::api
