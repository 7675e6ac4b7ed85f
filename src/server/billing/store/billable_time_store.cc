#include "server/billing/store/billable_time_store.h"

#include <string>

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

std::string FirstDay(Month m) { return FormatIsoDate(m / date::day(1)); }
std::string LastDay(Month m) { return FormatIsoDate(m / date::last); }

}  // namespace

Result<std::vector<UnbilledTime>> BillableTimeStore::Unbilled(int64_t customer_id, Date through) {
  std::string sql =
      "SELECT e.id, e.ticket_id, t.subject, e.work_date, e.minutes, e.work_type"
      " FROM ticket_time_entries e JOIN tickets t ON t.id = e.ticket_id"
      " WHERE e.customer_id = ? AND e.billable = ? AND e.invoice_id IS NULL"
      " AND e.invoiced_at IS NULL AND e.work_date <= ?";
  Params params = {customer_id, true, FormatIsoDate(through)};
  c_.scope().AppendFilter(sql, params, "e.customer_id");
  sql += " ORDER BY e.work_date, e.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<UnbilledTime> out;
  for (const Row& r : rows) {
    auto day = ParseIsoDate(r.Text("work_date"));
    auto type = ParseWorkType(r.Text("work_type"));
    if (!day || !type)
      return Status::Internal("time entry " + std::to_string(r.Int("id")) + " is corrupt");
    out.push_back(
        {r.Int("id"), r.Int("ticket_id"), r.Text("subject"), *day, r.Int("minutes"), *type});
  }
  return out;
}

Result<std::vector<MonthEntry>> BillableTimeStore::InMonth(int64_t customer_id, Month m) {
  std::string sql =
      "SELECT id, work_date, minutes, work_type, included_minutes FROM ticket_time_entries"
      " WHERE customer_id = ? AND billable = ? AND work_date >= ? AND work_date <= ?";
  Params params = {customer_id, true, FirstDay(m), LastDay(m)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY work_date, id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<MonthEntry> out;
  for (const Row& r : rows) {
    auto day = ParseIsoDate(r.Text("work_date"));
    auto type = ParseWorkType(r.Text("work_type"));
    if (!day || !type)
      return Status::Internal("time entry " + std::to_string(r.Int("id")) + " is corrupt");
    out.push_back({r.Int("id"), *day, r.Int("minutes"), *type, r.OptInt("included_minutes")});
  }
  return out;
}

Result<int64_t> BillableTimeStore::IncludedDrawn(int64_t customer_id, Month m) {
  std::string sql =
      "SELECT COALESCE(SUM(included_minutes), 0) AS drawn FROM ticket_time_entries"
      " WHERE customer_id = ? AND invoice_id IS NOT NULL AND work_date >= ? AND work_date <= ?";
  Params params = {customer_id, FirstDay(m), LastDay(m)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row row, c_.connection().QueryOne(sql, params));
  return row.Int("drawn");
}

Status BillableTimeStore::MarkBilled(int64_t entry_id, int64_t invoice_id, int64_t included_minutes,
                                     int64_t now) {
  std::string sql =
      "UPDATE ticket_time_entries SET invoice_id = ?, included_minutes = ?, invoiced_at = ?,"
      " updated_at = ? WHERE id = ? AND invoice_id IS NULL";
  Params params = {invoice_id, included_minutes, now, now, entry_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1)
    return Status::Conflict("time entry " + std::to_string(entry_id) + " is billed");
  return Status::Ok();
}

Result<int64_t> BillableTimeStore::Release(int64_t invoice_id, int64_t now) {
  std::string sql =
      "UPDATE ticket_time_entries SET invoice_id = NULL, included_minutes = NULL,"
      " invoiced_at = NULL, updated_at = ? WHERE invoice_id = ?";
  Params params = {now, invoice_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  return c_.connection().Execute(sql, params);
}

}  // namespace steward::billing
