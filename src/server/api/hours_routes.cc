// Support and flex hours (SPEC §7): a customer's month (included hours,
// what covered work drew, what is billable beyond) and flex balance — for
// staff, and for a customer's own people in the portal (another customer's
// → 404); flex draws by owners, billing admins and service managers; the
// rate card per work type, which owners and billing admins set.
#include "server/api/hours_json.h"
#include "server/api/routes.h"
#include "server/billing/model/dates.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

constexpr RoleSet kFlexWriters = {Role::kOwner, Role::kBillingAdmin, Role::kServiceManager};
constexpr RoleSet kRateWriters = {Role::kOwner, Role::kBillingAdmin};

Json HoursSchema() {
  return ObjectSchema({{"customer_id", "integer"},
                       {"month", "string"},
                       {"included_minutes", "integer"},
                       {"covered_minutes", "integer"},
                       {"included_left_minutes", "integer"},
                       {"billable_minutes", "integer"},
                       {"flex_year", "integer"},
                       {"flex_balance_minutes", "integer"},
                       {"flex_expires_at", "string"},
                       {"flex_ledger", "array"}});
}

Json RateSchema() {
  return ObjectSchema(
      {{"work_type", "string"}, {"hourly_cents", "integer"}, {"draws_included", "boolean"}});
}

Result<std::optional<billing::Month>> QueryMonth(const RequestContext& ctx) {
  auto text = ctx.request().QueryParam("month");
  if (!text) return std::optional<billing::Month>();
  auto m = billing::ParseIsoMonth(*text);
  if (!m) return Status::InvalidArgument("must be a month YYYY-MM", "month");
  return std::optional<billing::Month>(*m);
}

}  // namespace

void AddHoursRoutes(RouteTable& routes, const ApiDeps& deps) {
  billing::HoursService& hours = deps.hours;
  cmdb::CmdbService& cmdb = deps.cmdb;
  OwnerLookup customer = [&cmdb](int64_t id) {
    return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id);
  };
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/hours",
      .roles = RoleSet::Everyone(),
      .handler = [&hours](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto month, QueryMonth(ctx));
        STEWARD_ASSIGN_OR_RETURN(billing::CustomerHours h, hours.Hours(ctx.principal(), id, month));
        return ApiResponse::Ok(CustomerHoursJson(h));
      },
      .doc = {"A customer's support hours for ?month=YYYY-MM (default: this month): the "
              "included minutes its contracts give (plan hours × devices covered, pooled), the "
              "minutes covered work drew, what is left, and the minutes billable beyond; and "
              "the flex balance of the current year with its ledger (earned at each month's "
              "end, capped at 160 h, drawn in 4-hour steps, gone after 31 December in the "
              "customer's time zone).",
              "billing", nullptr, HoursSchema()},
      .owner_lookup = customer,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/customers/{id}/flex/draws",
      .roles = kFlexWriters,
      .handler = [&hours](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(billing::FlexDraw draw, ReadFlexDraw(body));
        STEWARD_ASSIGN_OR_RETURN(billing::CustomerHours h, hours.Draw(ctx.actor(), id, draw));
        return ApiResponse::Created(CustomerHoursJson(h));
      },
      .doc = {"Draw flex hours {\"minutes\" (a multiple of 240, no more than the balance; 400 "
              "naming minutes otherwise),\"ticket_id\"?,\"note\"?} for support or on-site "
              "project work. Answers the customer's hours after the draw.",
              "billing",
              ObjectSchema({{"minutes", "integer"}, {"ticket_id", "integer"}, {"note", "string"}},
                           {"minutes"}),
              HoursSchema(), 201},
      .max_body_bytes = kJsonBody,
      .owner_lookup = customer,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/billing/rates",
      .roles = RoleSet::AllStaff(),
      .handler = [&hours](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto rates, hours.Rates(ctx.principal()));
        return ApiResponse::Ok(RatesJson(rates));
      },
      .doc = {"The rate card: each work type's hourly rate and whether that work draws the "
              "contract's included hours first (remote, phone, on site) or is billed from the "
              "first minute (after hours, emergency, emergency on-site — whose rate a server "
              "plan sets: $185/h for Bronze and Silver, included for Gold).",
              "billing", nullptr, Json{{"type", "array"}, {"items", RateSchema()}}},
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/billing/rates",
      .roles = kRateWriters,
      .handler = [&hours](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto current, hours.Rates(ctx.principal()));
        STEWARD_ASSIGN_OR_RETURN(billing::WorkTypeRate rate, ReadRate(body, current));
        STEWARD_ASSIGN_OR_RETURN(auto rates, hours.SetRate(ctx.actor(), rate));
        return ApiResponse::Ok(RatesJson(rates));
      },
      .doc = {"Set a work type's rate {\"work_type\",\"hourly_cents\",\"draws_included\"?}; "
              "time already invoiced keeps its price. Answers the whole rate card.",
              "billing",
              ObjectSchema({{"work_type", "string"},
                            {"hourly_cents", "integer"},
                            {"draws_included", "boolean"}},
                           {"work_type", "hourly_cents"}),
              Json{{"type", "array"}, {"items", RateSchema()}}},
      .max_body_bytes = kJsonBody,
  });
}

}  // namespace steward::api
