// Change windows (issue 14 item 5): a customer's, group's or device's
// recurring windows in the customer's time zone, and what applies to a
// device now — the level its windows come from, whether one is open and
// when the next opens.
#include "core/time_format.h"
#include "server/api/patch_json.h"
#include "server/api/routes.h"
#include "server/cmdb/cmdb_service.h"
#include "server/patching/patch_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

void AddChangeWindowRoutes(RouteTable& routes, const ApiDeps& deps) {
  patching::ChangeWindowService& windows = deps.change_windows;
  patching::PatchService& patches = deps.patches;
  // SPEC §6: the change manager keeps the change calendar.
  constexpr RoleSet kWindowWriters = {Role::kOwner, Role::kServiceManager, Role::kChangeManager};
  cmdb::CmdbService& cmdb = deps.cmdb;
  OwnerLookup customer_owner = [&cmdb](int64_t id) {
    return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id);
  };
  const Json window_schema = ObjectSchema({{"id", "integer"},
                                           {"customer_id", "integer"},
                                           {"level", "string"},
                                           {"target_id", "integer"},
                                           {"name", "string"},
                                           {"rrule", "string"},
                                           {"start", "string"},
                                           {"duration_minutes", "integer"},
                                           {"created_by", "integer"},
                                           {"created_at", "string"}});

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/change-windows",
      .roles = kWindowWriters,
      .handler = [&windows](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(patching::NewChangeWindow w, ReadNewChangeWindow(body));
        STEWARD_ASSIGN_OR_RETURN(patching::ChangeWindow created, windows.Create(ctx.actor(), w));
        return ApiResponse::Created(ChangeWindowJson(created));
      },
      .doc = {"A change window for a customer, a device group or a device (exactly one of "
              "customer_id, group_id, device_id): name, rrule (FREQ=DAILY|WEEKLY|MONTHLY, "
              "INTERVAL, BYDAY such as SA or 2TU, BYMONTHDAY such as 31 or -1, UNTIL=YYYYMMDD; "
              "a day a month lacks is skipped), start \"YYYY-MM-DDTHH:MM\" in the customer's "
              "time zone (the first day and every occurrence's time), duration_minutes 15-1440. "
              "A rule that never occurs again is a 400 naming rrule. A device's windows are "
              "its own, else its groups', else its customer's.",
              "patching",
              ObjectSchema({{"customer_id", "integer"},
                            {"group_id", "integer"},
                            {"device_id", "integer"},
                            {"name", "string"},
                            {"rrule", "string"},
                            {"start", "string"},
                            {"duration_minutes", "integer"}},
                           {"name", "rrule", "start", "duration_minutes"}),
              window_schema, 201},
      .max_body_bytes = kJsonBody,
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/change-windows/{id}",
      .roles = kWindowWriters,
      .handler = [&windows](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(windows.Delete(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove a change window (audited); 204.", "patching", nullptr, nullptr, 204},
      .owner_lookup = [&windows](int64_t id) { return windows.Owner(id); },
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/change-windows",
      .roles = RoleSet::Everyone(),
      .handler = [&windows](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto found, windows.ForCustomer(ctx.principal(), id));
        Json list = Json::array();
        for (const patching::ChangeWindow& w : found.first) list.push_back(ChangeWindowJson(w));
        return ApiResponse::Ok(Json{{"time_zone", found.second}, {"windows", std::move(list)}});
      },
      .doc = {"The customer's change windows at every level (customer, then groups, then "
              "devices) and the time zone they run in.",
              "patching", nullptr, ObjectSchema({{"time_zone", "string"}, {"windows", "array"}})},
      .owner_lookup = customer_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/change-windows",
      .roles = RoleSet::Everyone(),
      .handler = [&windows](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        std::optional<Timestamp> at;
        if (auto text = ctx.request().QueryParam("at")) {
          auto t = ParseIso8601(*text);
          if (!t.ok()) return Status::InvalidArgument("is not an ISO 8601 time", "at");
          at = *t;
        }
        STEWARD_ASSIGN_OR_RETURN(patching::DeviceWindows d,
                                 windows.ForDevice(ctx.principal(), id, at));
        return ApiResponse::Ok(DeviceWindowsJson(d));
      },
      .doc = {"The change windows that apply to a device (level device, group or customer; "
              "null when none anywhere: changes are not restricted), whether one is open at "
              "?at= (default now) and the open or next occurrence {window_id,start,end}.",
              "patching", nullptr,
              ObjectSchema({{"level", "string"},
                            {"time_zone", "string"},
                            {"in_window", "boolean"},
                            {"next", "object"},
                            {"windows", "array"}})},
      .owner_lookup = [&patches](int64_t id) { return patches.DeviceOwner(id); },
  });
}

}  // namespace steward::api
