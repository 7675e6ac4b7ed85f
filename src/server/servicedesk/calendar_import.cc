// Holiday import into a business calendar from an iCalendar file: parsed
// whole before anything is written, then merged into the stored holidays in
// one transaction with its audit record.
#include <algorithm>
#include <cstdio>
#include <set>

#include "server/audit/audit_log.h"
#include "server/servicedesk/calendar_json.h"
#include "server/servicedesk/ical_holidays.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;

namespace {

std::string FormatDay(date::local_days d) {
  date::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

Result<Json> ServiceDesk::ImportHolidays(const accounts::Actor& actor, int64_t calendar_id,
                                         std::string_view ics) {
  if (!actor.principal.scope().is_all()) {
    return Status::PermissionDenied("calendars are managed by MSP staff");
  }
  // Recurring holidays are expanded for this year and next (UTC year).
  Timestamp now = clock_.Now();
  auto today = date::year_month_day(date::floor<date::days>(now));
  int year = static_cast<int>(today.year());
  STEWARD_ASSIGN_OR_RETURN(IcsHolidays parsed, ParseIcsHolidays(ics, year, year + 1));
  std::vector<std::string> added;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT time_zone, hours_json, holidays_json FROM"
                                             " business_calendars WHERE id = ?",
                                             {calendar_id}));
    if (!row) return Status::NotFound("calendar", std::to_string(calendar_id));
    Json stored = Json::parse(row->Text("holidays_json"), nullptr, false);
    std::set<std::string> days;
    if (stored.is_array()) {
      for (const Json& d : stored) {
        if (d.is_string()) days.insert(d.get<std::string>());
      }
    }
    for (date::local_days d : parsed.days) {
      if (days.insert(FormatDay(d)).second) added.push_back(FormatDay(d));
    }
    std::vector<std::string> all(days.begin(), days.end());
    Json holidays(all);
    // The merged calendar must still build (it always does for valid dates).
    Json hours = Json::parse(row->Text("hours_json"), nullptr, false);
    STEWARD_RETURN_IF_ERROR(BuildCalendar(row->Text("time_zone"), hours, holidays).status());
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE business_calendars SET holidays_json = ?, updated_at = ? WHERE id = ?",
                  {holidays.dump(), ToMillis(now), calendar_id})
            .status());
    return audit::Record(c, now, actor,
                         {"calendar.holidays_import",
                          "calendar",
                          std::to_string(calendar_id),
                          std::nullopt,
                          {{"added", added.size()},
                           {"found", parsed.days.size()},
                           {"skipped_timed", parsed.skipped_timed}}});
  }));
  STEWARD_ASSIGN_OR_RETURN(Json cal, GetCalendar(actor.principal, calendar_id));
  return Json{{"calendar", cal},
              {"added", added},
              {"found", parsed.days.size()},
              {"skipped_timed", parsed.skipped_timed}};
}

}  // namespace steward::servicedesk
