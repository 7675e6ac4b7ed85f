#include "server/monitoring/store/device_group_store.h"

namespace steward::monitoring {

using storage::Params;
using storage::Row;
using storage::Rows;

Result<int64_t> DeviceGroupStore::Insert(const NewDeviceGroup& g, Timestamp now) {
  if (!c_.scope().Allows(g.customer_id)) {
    return Status::NotFound("customer", std::to_string(g.customer_id));
  }
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(
      auto dup, c.QueryOptional("SELECT id FROM device_groups WHERE customer_id = ? AND name = ?",
                                {g.customer_id, g.name}));
  if (dup) return Status::AlreadyExists("a group of this name exists", "name");
  STEWARD_ASSIGN_OR_RETURN(Row inserted,
                           c.QueryOne("INSERT INTO device_groups (customer_id, name, created_at)"
                                      " VALUES (?, ?, ?) RETURNING id",
                                      {g.customer_id, g.name, ToMillis(now)}));
  return inserted.Int("id");
}

Result<DeviceGroup> DeviceGroupStore::Get(int64_t id) {
  std::string sql = "SELECT id, customer_id, name FROM device_groups WHERE id = ?";
  Params params{id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("device group", std::to_string(id));
  DeviceGroup g{row->Int("id"), row->Int("customer_id"), row->Text("name"), {}};
  STEWARD_ASSIGN_OR_RETURN(g.device_ids, Members(g.id));
  return g;
}

Result<std::vector<DeviceGroup>> DeviceGroupStore::List(std::optional<int64_t> customer_id) {
  std::string sql =
      "SELECT id, customer_id, name FROM device_groups"
      " WHERE (CAST(? AS BIGINT) IS NULL OR customer_id = ?)";
  Params params{customer_id, customer_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY customer_id, name";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<DeviceGroup> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    DeviceGroup g{r.Int("id"), r.Int("customer_id"), r.Text("name"), {}};
    STEWARD_ASSIGN_OR_RETURN(g.device_ids, Members(g.id));
    out.push_back(std::move(g));
  }
  return out;
}

Result<bool> DeviceGroupStore::AddMember(int64_t group_id, int64_t device_id) {
  STEWARD_RETURN_IF_ERROR(CustomerOf(group_id).status());
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(
      auto existing, c.QueryOptional("SELECT group_id FROM device_group_members WHERE group_id = ?"
                                     " AND device_id = ?",
                                     {group_id, device_id}));
  if (existing) return false;
  STEWARD_RETURN_IF_ERROR(
      c.Execute("INSERT INTO device_group_members (group_id, device_id) VALUES (?, ?)",
                {group_id, device_id})
          .status());
  return true;
}

Status DeviceGroupStore::RemoveMember(int64_t group_id, int64_t device_id) {
  STEWARD_RETURN_IF_ERROR(CustomerOf(group_id).status());
  STEWARD_ASSIGN_OR_RETURN(
      int64_t n, c_.connection().Execute(
                     "DELETE FROM device_group_members WHERE group_id = ? AND device_id = ?",
                     {group_id, device_id}));
  if (n == 0) return Status::NotFound("group member", std::to_string(device_id));
  return Status::Ok();
}

Result<int64_t> DeviceGroupStore::CustomerOf(int64_t group_id) {
  std::string sql = "SELECT customer_id FROM device_groups WHERE id = ?";
  Params params{group_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("device group", std::to_string(group_id));
  return row->Int("customer_id");
}

// Unscoped by design: only called for a group already found in scope.
Result<std::vector<int64_t>> DeviceGroupStore::Members(int64_t group_id) {
  STEWARD_ASSIGN_OR_RETURN(
      Rows rows,
      c_.connection().Query(
          "SELECT device_id FROM device_group_members WHERE group_id = ? ORDER BY device_id",
          {group_id}));
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const Row& m : rows) ids.push_back(m.Int("device_id"));
  return ids;
}

}  // namespace steward::monitoring
