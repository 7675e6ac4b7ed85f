// Business calendars: MSP-wide records (staff manage them, customers point
// at one with calendar_id), validated by BuildCalendar before storing.
#include <algorithm>

#include "server/audit/audit_log.h"
#include "server/servicedesk/calendar_json.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr std::string_view kCalendarSelect =
    "SELECT id, name, time_zone, hours_json, holidays_json, created_at, updated_at"
    " FROM business_calendars";

Json CalendarJson(const Row& r) {
  Json hours = Json::parse(r.Text("hours_json"), nullptr, false);
  Json holidays = Json::parse(r.Text("holidays_json"), nullptr, false);
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"time_zone", r.Text("time_zone")},
          {"hours", hours},
          {"holidays", holidays},
          {"created_at", IsoOrNull(r.Int("created_at"))},
          {"updated_at", IsoOrNull(r.Int("updated_at"))}};
}

Status RequireCalendarStaff(const accounts::Principal& p) {
  if (!p.scope().is_all()) return Status::PermissionDenied("calendars are managed by MSP staff");
  return Status::Ok();
}

}  // namespace

Result<Json> ServiceDesk::CreateCalendar(const accounts::Actor& actor, const Json& body) {
  STEWARD_RETURN_IF_ERROR(RequireCalendarStaff(actor.principal));
  ObjectReader r(body);
  std::string name = r.RequiredString("name", 1, 200);
  std::string time_zone = r.RequiredString("time_zone", 1, 64);
  const Json* hours = r.OptionalRaw("hours");
  const Json* holidays = r.OptionalRaw("holidays");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!hours) return Status::InvalidArgument("is required", "hours");
  Json no_holidays = Json::array();
  if (!holidays || holidays->is_null()) holidays = &no_holidays;
  STEWARD_RETURN_IF_ERROR(BuildCalendar(time_zone, *hours, *holidays).status());
  // Stored normalised: sorted, de-duplicated holidays.
  std::vector<std::string> days;
  for (const Json& d : *holidays) days.push_back(d.get<std::string>());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto dup, c.QueryOptional("SELECT id FROM business_calendars WHERE name = ?", {name}));
    if (dup) return Status::AlreadyExists("a calendar with this name exists", "name");
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO business_calendars (name, time_zone, hours_json,"
                            " holidays_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                            " RETURNING id",
                            {name, time_zone, hours->dump(), Json(days).dump(), ToMillis(now),
                             ToMillis(now)}));
    int64_t id = row.Int("id");
    std::string sql(kCalendarSelect);
    sql += " WHERE id = ?";
    STEWARD_ASSIGN_OR_RETURN(Row stored, c.QueryOne(sql, {id}));
    out = CalendarJson(stored);
    return audit::Record(c, now, actor,
                         {"calendar.create",
                          "calendar",
                          std::to_string(id),
                          std::nullopt,
                          {{"name", name}, {"time_zone", time_zone}}});
  }));
  return out;
}

Result<Json> ServiceDesk::ListCalendars(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(RequireCalendarStaff(viewer));
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql(kCalendarSelect);
    sql += " ORDER BY name";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql));
    for (const Row& r : rows) list.push_back(CalendarJson(r));
    return Status::Ok();
  }));
  return Json{{"calendars", list}};
}

Result<Json> ServiceDesk::GetCalendar(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(RequireCalendarStaff(viewer));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql(kCalendarSelect);
    sql += " WHERE id = ?";
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, {id}));
    if (!row) return Status::NotFound("calendar", std::to_string(id));
    out = CalendarJson(*row);
    return Status::Ok();
  }));
  return out;
}

Status ServiceDesk::CheckCalendarExists(int64_t id) {
  return db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM business_calendars WHERE id = ?", {id}));
    if (!row) return Status::InvalidArgument("no calendar with this id", "calendar_id");
    return Status::Ok();
  });
}

Result<std::optional<int64_t>> ServiceDesk::CalendarOwner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM business_calendars WHERE id = ?", {id}));
    if (row) owner = 0;
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::servicedesk
