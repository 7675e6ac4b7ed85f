#include "server/monitoring/store/maintenance_window_store.h"

#include <string>

namespace steward::monitoring {

using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

constexpr std::string_view kWindowColumns =
    "SELECT id, customer_id, device_id, starts_at, ends_at, reason, created_by, created_at"
    " FROM maintenance_windows";

MaintenanceWindow WindowOf(const Row& r) {
  MaintenanceWindow w;
  w.id = r.Int("id");
  w.customer_id = r.Int("customer_id");
  w.device_id = r.OptInt("device_id");
  w.starts_at = FromMillis(r.Int("starts_at"));
  w.ends_at = FromMillis(r.Int("ends_at"));
  w.reason = r.Text("reason");
  w.created_by = r.OptInt("created_by");
  w.created_at = FromMillis(r.Int("created_at"));
  return w;
}

}  // namespace

Result<int64_t> MaintenanceWindowStore::Insert(const NewMaintenanceWindow& w,
                                               std::optional<int64_t> created_by, Timestamp now) {
  if (!c_.scope().Allows(w.customer_id)) {
    return Status::NotFound("customer", std::to_string(w.customer_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row inserted,
      c_.connection().QueryOne(
          "INSERT INTO maintenance_windows (customer_id, device_id, starts_at, ends_at,"
          " reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {w.customer_id, w.device_id, ToMillis(w.starts_at), ToMillis(w.ends_at), w.reason,
           created_by, ToMillis(now)}));
  return inserted.Int("id");
}

Result<MaintenanceWindow> MaintenanceWindowStore::Get(int64_t id) {
  std::string sql = std::string(kWindowColumns) + " WHERE id = ?";
  Params params{id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("maintenance window", std::to_string(id));
  return WindowOf(*row);
}

Result<std::vector<MaintenanceWindow>> MaintenanceWindowStore::List(
    std::optional<int64_t> customer_id) {
  std::string sql =
      std::string(kWindowColumns) + " WHERE (CAST(? AS BIGINT) IS NULL OR customer_id = ?)";
  Params params{customer_id, customer_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY starts_at DESC, id DESC LIMIT 500";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<MaintenanceWindow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(WindowOf(r));
  return out;
}

Status MaintenanceWindowStore::Delete(int64_t id) {
  std::string sql = "DELETE FROM maintenance_windows WHERE id = ?";
  Params params{id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("maintenance window", std::to_string(id));
  return Status::Ok();
}

Status MaintenanceWindowStore::EndAt(int64_t id, Timestamp at) {
  std::string sql = "SELECT id FROM maintenance_windows WHERE id = ?";
  Params params{id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("maintenance window", std::to_string(id));
  return c_.connection()
      .Execute("UPDATE maintenance_windows SET ends_at = ? WHERE id = ? AND ends_at > ?",
               {ToMillis(at), id, ToMillis(at)})
      .status();
}

Result<bool> MaintenanceWindowStore::Covers(int64_t customer_id, int64_t device_id, Timestamp at) {
  std::string sql =
      "SELECT id FROM maintenance_windows WHERE customer_id = ?"
      " AND (device_id IS NULL OR device_id = ?) AND starts_at <= ? AND ends_at > ?";
  Params params{customer_id, device_id, ToMillis(at), ToMillis(at)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " LIMIT 1";
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  return row.has_value();
}

}  // namespace steward::monitoring
