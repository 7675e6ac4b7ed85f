#include "server/servicedesk/store/time_entry_store.h"

#include <string>

#include "server/billing/model/dates.h"

namespace steward::servicedesk {

using storage::Params;
using storage::Row;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, ticket_id, customer_id, user_id, work_date, minutes, work_type, billable, note,"
    " invoice_id, included_minutes, invoiced_at, created_at, updated_at"
    " FROM ticket_time_entries";

Result<TimeEntry> EntryOf(const Row& r) {
  TimeEntry e;
  e.id = r.Int("id");
  e.ticket_id = r.Int("ticket_id");
  e.customer_id = r.Int("customer_id");
  e.user_id = r.Int("user_id");
  auto day = billing::ParseIsoDate(r.Text("work_date"));
  auto type = billing::ParseWorkType(r.Text("work_type"));
  if (!day || !type) return Status::Internal("time entry " + std::to_string(e.id) + " is corrupt");
  e.work_date = *day;
  e.minutes = r.Int("minutes");
  e.work_type = *type;
  e.billable = r.Bool("billable");
  e.note = r.OptText("note");
  e.invoice_id = r.OptInt("invoice_id");
  e.included_minutes = r.OptInt("included_minutes");
  e.invoiced_at = r.OptInt("invoiced_at");
  e.created_at = r.Int("created_at");
  e.updated_at = r.Int("updated_at");
  return e;
}

}  // namespace

Result<TimeEntry> TimeEntryStore::Get(int64_t ticket_id, int64_t id) {
  std::string sql = std::string(kColumns) + " WHERE id = ? AND ticket_id = ?";
  Params params = {id, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("time entry", std::to_string(id));
  return EntryOf(*row);
}

Result<std::vector<TimeEntry>> TimeEntryStore::ForTicket(int64_t ticket_id) {
  std::string sql = std::string(kColumns) + " WHERE ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c_.connection().Query(sql, params));
  std::vector<TimeEntry> out;
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(TimeEntry e, EntryOf(r));
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> TimeEntryStore::Insert(const TimeEntry& e) {
  if (!c_.scope().Allows(e.customer_id)) {
    return Status::NotFound("customer", std::to_string(e.customer_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c_.connection().QueryOne(
          "INSERT INTO ticket_time_entries (ticket_id, customer_id, user_id, work_date, minutes,"
          " work_type, billable, note, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {e.ticket_id, e.customer_id, e.user_id, billing::FormatIsoDate(e.work_date), e.minutes,
           std::string(billing::WorkTypeName(e.work_type)), e.billable, e.note, e.created_at,
           e.updated_at}));
  return row.Int("id");
}

Status TimeEntryStore::Update(const TimeEntry& e, int64_t now) {
  std::string sql =
      "UPDATE ticket_time_entries SET work_date = ?, minutes = ?, work_type = ?, billable = ?,"
      " note = ?, updated_at = ? WHERE id = ? AND invoice_id IS NULL AND invoiced_at IS NULL";
  Params params = {billing::FormatIsoDate(e.work_date),
                   e.minutes,
                   std::string(billing::WorkTypeName(e.work_type)),
                   e.billable,
                   e.note,
                   now,
                   e.id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 0) return Status::Conflict("the time entry has been invoiced");
  return Status::Ok();
}

}  // namespace steward::servicedesk
