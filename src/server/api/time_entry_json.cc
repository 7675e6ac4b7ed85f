#include "server/api/time_entry_json.h"

#include "core/time_format.h"
#include "server/billing/model/dates.h"
#include "server/servicedesk/rules/time_entry_rules.h"

namespace steward::api {

using servicedesk::NewTimeEntry;
using servicedesk::TimeEntry;
using servicedesk::TimeEntryPatch;

namespace {

Result<std::optional<billing::Date>> WorkDate(const std::optional<std::string>& text) {
  if (!text) return std::optional<billing::Date>();
  auto d = billing::ParseIsoDate(*text);
  if (!d) return Status::InvalidArgument("must be a date YYYY-MM-DD", "work_date");
  return std::optional<billing::Date>(*d);
}

std::optional<billing::WorkType> WorkTypeOf(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  return billing::ParseWorkType(*name);
}

}  // namespace

Result<NewTimeEntry> ReadNewTimeEntry(const Json& body) {
  ObjectReader r(body);
  NewTimeEntry e;
  e.minutes = r.RequiredInt("minutes", 1, servicedesk::kMaxEntryMinutes);
  const std::string type = r.RequiredEnum("work_type", billing::WorkTypeNames());
  e.billable = r.OptionalBool("billable").value_or(true);
  e.note = r.OptionalString("note", 2000);
  auto work_date = r.OptionalString("work_date", 10);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  e.work_type = billing::ParseWorkType(type).value_or(billing::WorkType::kRemote);
  STEWARD_ASSIGN_OR_RETURN(e.work_date, WorkDate(work_date));
  return e;
}

Result<TimeEntryPatch> ReadTimeEntryPatch(const Json& body) {
  ObjectReader r(body);
  TimeEntryPatch p;
  p.minutes = r.OptionalInt("minutes", 1, servicedesk::kMaxEntryMinutes);
  p.work_type = WorkTypeOf(r.OptionalEnum("work_type", billing::WorkTypeNames()));
  p.billable = r.OptionalBool("billable");
  p.note = r.OptionalString("note", 2000);
  auto work_date = r.OptionalString("work_date", 10);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_ASSIGN_OR_RETURN(p.work_date, WorkDate(work_date));
  return p;
}

Json TimeEntryJson(const TimeEntry& e) {
  return {{"id", e.id},
          {"ticket_id", e.ticket_id},
          {"user_id", e.user_id},
          {"work_date", billing::FormatIsoDate(e.work_date)},
          {"minutes", e.minutes},
          {"work_type", billing::WorkTypeName(e.work_type)},
          {"billable", e.billable},
          {"note", e.note ? Json(*e.note) : Json(nullptr)},
          {"invoice_id", e.invoice_id ? Json(*e.invoice_id) : Json(nullptr)},
          {"included_minutes", e.included_minutes ? Json(*e.included_minutes) : Json(nullptr)},
          {"invoiced_at", IsoOrNull(e.invoiced_at)},
          {"created_at", IsoOrNull(e.created_at)},
          {"updated_at", IsoOrNull(e.updated_at)}};
}

Json TicketTimeJson(const servicedesk::TicketTime& t) {
  Json list = Json::array();
  for (const TimeEntry& e : t.entries) list.push_back(TimeEntryJson(e));
  return {{"entries", std::move(list)}, {"total_minutes", t.total_minutes}};
}

}  // namespace steward::api
