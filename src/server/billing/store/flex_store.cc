#include "server/billing/store/flex_store.h"

#include "server/billing/model/dates.h"

namespace steward::billing {

using storage::Params;
using storage::Row;
using storage::Rows;

Status FlexStore::RequireCustomer(int64_t customer_id) {
  return storage::RequireVisibleCustomer(c_, customer_id);
}

Result<int64_t> FlexStore::Balance(int64_t customer_id, int year) {
  std::string sql =
      "SELECT COALESCE(SUM(minutes), 0) AS balance FROM flex_ledger"
      " WHERE customer_id = ? AND flex_year = ?";
  Params params = {customer_id, static_cast<int64_t>(year)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row row, c_.connection().QueryOne(sql, params));
  return row.Int("balance");
}

Result<std::vector<FlexEntry>> FlexStore::Ledger(int64_t customer_id, int year) {
  std::string sql =
      "SELECT id, customer_id, flex_year, kind, minutes, earned_month, ticket_id, note,"
      " created_by, created_at FROM flex_ledger WHERE customer_id = ? AND flex_year = ?";
  Params params = {customer_id, static_cast<int64_t>(year)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<FlexEntry> out;
  for (const Row& r : rows) {
    FlexEntry e;
    e.id = r.Int("id");
    e.customer_id = r.Int("customer_id");
    e.flex_year = static_cast<int>(r.Int("flex_year"));
    e.earned = r.Text("kind") == "earn";
    e.minutes = r.Int("minutes");
    if (auto m = r.OptText("earned_month")) e.earned_month = ParseIsoMonth(*m);
    e.ticket_id = r.OptInt("ticket_id");
    e.note = r.OptText("note");
    e.created_by = r.OptInt("created_by");
    e.created_at = r.Int("created_at");
    out.push_back(std::move(e));
  }
  return out;
}

Result<bool> FlexStore::Earned(int64_t customer_id, Month m) {
  std::string sql = "SELECT id FROM flex_ledger WHERE customer_id = ? AND earned_month = ?";
  Params params = {customer_id, FormatIsoMonth(m)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  return row.has_value();
}

Result<std::optional<std::string>> FlexStore::CustomerZone(int64_t customer_id) {
  std::string sql =
      "SELECT b.time_zone FROM customers c JOIN business_calendars b ON b.id = c.calendar_id"
      " WHERE c.id = ?";
  Params params = {customer_id};
  c_.scope().AppendFilter(sql, params, "c.id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text("time_zone"));
}

Status FlexStore::AddEarning(int64_t customer_id, Month m, int64_t minutes, int64_t now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  return c_.connection()
      .Execute(
          "INSERT INTO flex_ledger (customer_id, flex_year, kind, minutes, earned_month,"
          " created_at) VALUES (?, ?, 'earn', ?, ?, ?)",
          {customer_id, static_cast<int64_t>(static_cast<int>(m.year())), minutes,
           FormatIsoMonth(m), now})
      .status();
}

Result<int64_t> FlexStore::AddDraw(int64_t customer_id, int year, int64_t minutes,
                                   std::optional<int64_t> ticket_id,
                                   const std::optional<std::string>& note,
                                   std::optional<int64_t> by, int64_t now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  if (ticket_id) {
    STEWARD_ASSIGN_OR_RETURN(auto t, c_.connection().QueryOptional(
                                         "SELECT id FROM tickets WHERE id = ? AND customer_id = ?",
                                         {*ticket_id, customer_id}));
    if (!t) return Status::NotFound("ticket", std::to_string(*ticket_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO flex_ledger (customer_id, flex_year, kind, minutes, ticket_id,"
                   " note, created_by, created_at) VALUES (?, ?, 'draw', ?, ?, ?, ?, ?)"
                   " RETURNING id",
                   {customer_id, static_cast<int64_t>(year), -minutes, ticket_id, note, by, now}));
  return row.Int("id");
}

}  // namespace steward::billing
