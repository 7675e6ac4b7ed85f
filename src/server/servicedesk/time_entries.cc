// Time entries per ticket and technician (SPEC §5): 15-minute increments,
// a work type, billable or covered by the contract; their author may edit
// them until they are invoiced (billing sets invoiced_at).
#include "server/audit/audit_log.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

const std::vector<std::string_view> kWorkTypes = {"remote", "phone", "on_site", "after_hours",
                                                  "emergency"};
constexpr std::string_view kEntrySelect =
    "SELECT id, ticket_id, user_id, minutes, work_type, billable, note, invoiced_at, created_at,"
    " updated_at FROM ticket_time_entries";

int64_t RoundUpToQuarter(int64_t minutes) { return (minutes + 14) / 15 * 15; }

Json EntryJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"ticket_id", r.Int("ticket_id")},
          {"user_id", r.Int("user_id")},
          {"minutes", r.Int("minutes")},
          {"work_type", r.Text("work_type")},
          {"billable", r.Bool("billable")},
          {"note", r.OptText("note") ? Json(*r.OptText("note")) : Json(nullptr)},
          {"invoiced_at", internal::IsoOrNull(r.OptInt("invoiced_at"))},
          {"created_at", internal::IsoOrNull(r.Int("created_at"))},
          {"updated_at", internal::IsoOrNull(r.Int("updated_at"))}};
}

Status RequireStaff(const accounts::Principal& p) {
  if (!p.scope().is_all()) return Status::PermissionDenied("time entries are for staff");
  return Status::Ok();
}

Result<Row> LoadEntry(Connection& c, int64_t ticket_id, int64_t entry_id) {
  std::string sql(kEntrySelect);
  sql += " WHERE id = ? AND ticket_id = ?";
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, {entry_id, ticket_id}));
  if (!row) return Status::NotFound("time entry", std::to_string(entry_id));
  return std::move(*row);
}

}  // namespace

Result<Json> ServiceDesk::AddTimeEntry(const accounts::Actor& actor, int64_t ticket_id,
                                       const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p));
  ObjectReader r(body);
  int64_t minutes = r.RequiredInt("minutes", 1, 24 * 60);
  std::string work_type = r.RequiredEnum("work_type", kWorkTypes);
  bool billable = r.OptionalBool("billable").value_or(true);
  auto note = r.OptionalString("note", 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (p.user_id <= 0) return Status::PermissionDenied("time is logged by a person");
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, p.scope(), ticket_id));
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO ticket_time_entries (ticket_id, customer_id, user_id,"
                            " minutes, work_type, billable, note, created_at, updated_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            {ticket_id, t.customer_id, p.user_id, RoundUpToQuarter(minutes),
                             work_type, billable, note, ToMillis(now), ToMillis(now)}));
    STEWARD_ASSIGN_OR_RETURN(Row stored, LoadEntry(c, ticket_id, row.Int("id")));
    out = EntryJson(stored);
    return audit::Record(c, now, actor,
                         {"time_entry.create",
                          "time_entry",
                          std::to_string(row.Int("id")),
                          t.customer_id,
                          {{"ticket_id", ticket_id},
                           {"minutes", out["minutes"]},
                           {"work_type", work_type},
                           {"billable", billable}}});
  }));
  return out;
}

Result<Json> ServiceDesk::ListTimeEntries(const accounts::Principal& viewer, int64_t ticket_id) {
  STEWARD_RETURN_IF_ERROR(RequireStaff(viewer));
  Json list = Json::array();
  int64_t total = 0;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(internal::LoadTicket(c, viewer.scope(), ticket_id).status());
    std::string sql(kEntrySelect);
    sql += " WHERE ticket_id = ? ORDER BY id";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, {ticket_id}));
    for (const Row& r : rows) {
      list.push_back(EntryJson(r));
      total += r.Int("minutes");
    }
    return Status::Ok();
  }));
  return Json{{"entries", list}, {"total_minutes", total}};
}

Result<Json> ServiceDesk::UpdateTimeEntry(const accounts::Actor& actor, int64_t ticket_id,
                                          int64_t entry_id, const Json& body) {
  const accounts::Principal& p = actor.principal;
  STEWARD_RETURN_IF_ERROR(RequireStaff(p));
  ObjectReader r(body);
  std::optional<int64_t> minutes = r.OptionalInt("minutes", 1, 24 * 60);
  auto work_type = r.OptionalEnum("work_type", kWorkTypes);
  std::optional<bool> billable = r.OptionalBool("billable");
  auto note = r.OptionalString("note", 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, p.scope(), ticket_id));
    STEWARD_ASSIGN_OR_RETURN(Row e, LoadEntry(c, ticket_id, entry_id));
    if (e.Int("user_id") != p.user_id) {
      return Status::PermissionDenied("only its author may change a time entry");
    }
    if (e.OptInt("invoiced_at")) return Status::Conflict("the time entry has been invoiced");
    int64_t new_minutes = minutes ? RoundUpToQuarter(*minutes) : e.Int("minutes");
    std::string new_type = work_type.value_or(e.Text("work_type"));
    bool new_billable = billable.value_or(e.Bool("billable"));
    std::optional<std::string> new_note = note ? note : e.OptText("note");
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE ticket_time_entries SET minutes = ?, work_type = ?, billable = ?,"
                  " note = ?, updated_at = ? WHERE id = ?",
                  {new_minutes, new_type, new_billable, new_note, ToMillis(now), entry_id})
            .status());
    STEWARD_ASSIGN_OR_RETURN(Row stored, LoadEntry(c, ticket_id, entry_id));
    out = EntryJson(stored);
    return audit::Record(c, now, actor,
                         {"time_entry.update",
                          "time_entry",
                          std::to_string(entry_id),
                          t.customer_id,
                          {{"minutes", {{"from", e.Int("minutes")}, {"to", new_minutes}}},
                           {"work_type", new_type},
                           {"billable", new_billable}}});
  }));
  return out;
}

}  // namespace steward::servicedesk
