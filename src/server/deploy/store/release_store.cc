#include "server/deploy/store/release_store.h"

#include <algorithm>

#include "core/json.h"
#include "server/deploy/store/row_times.h"

namespace steward::deploy {

using storage::Params;
using storage::Row;

namespace {

constexpr char kSelect[] =
    "SELECT r.id, r.customer_id, r.change_id, r.test_group_id, g.name AS group_name,"
    " r.deployment_id, r.packages_json, r.soak_hours, r.status, r.reason, r.soak_started_at,"
    " r.soak_ends_at, r.decided_at, r.created_by, r.created_at, r.updated_at"
    " FROM releases r JOIN device_groups g ON g.id = r.test_group_id";

Result<Release> ReleaseOf(const Row& row) {
  Release r;
  r.id = row.Int("id");
  r.customer_id = row.Int("customer_id");
  r.change_id = row.Int("change_id");
  r.test_group_id = row.Int("test_group_id");
  r.test_group_name = row.Text("group_name");
  r.deployment_id = row.Int("deployment_id");
  STEWARD_ASSIGN_OR_RETURN(Json names, ParseJsonStrict(row.Text("packages_json")));
  for (const Json& n : names) {
    if (n.is_string()) r.packages.push_back(n.get<std::string>());
  }
  r.soak_hours = static_cast<int>(row.Int("soak_hours"));
  auto status = ParseReleaseStatus(row.Text("status"));
  if (!status) return Status::DataLoss("unreadable release status");
  r.status = *status;
  r.reason = row.Text("reason");
  r.soak_started_at = OptTime(row, "soak_started_at");
  r.soak_ends_at = OptTime(row, "soak_ends_at");
  r.decided_at = OptTime(row, "decided_at");
  r.created_by = row.OptInt("created_by");
  r.created_at = FromMillis(row.Int("created_at"));
  r.updated_at = FromMillis(row.Int("updated_at"));
  return r;
}

Result<std::vector<Release>> ReleasesOf(const storage::Rows& rows) {
  std::vector<Release> out;
  for (const Row& row : rows) {
    STEWARD_ASSIGN_OR_RETURN(Release r, ReleaseOf(row));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<TestGroup> ReleaseStore::Group(int64_t group_id) {
  std::string sql = "SELECT customer_id, name FROM device_groups WHERE id = ?";
  Params params = {group_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("device group", std::to_string(group_id));
  TestGroup g;
  g.customer_id = row->Int("customer_id");
  g.name = row->Text("name");
  STEWARD_ASSIGN_OR_RETURN(
      auto members,
      c_.connection().Query("SELECT ci.id FROM device_group_members m JOIN cis ci"
                            " ON ci.id = m.device_id WHERE m.group_id = ? AND ci.customer_id = ?"
                            " AND ci.kind IN ('server', 'workstation') AND ci.status <> 'retired'"
                            " ORDER BY ci.id",
                            {group_id, g.customer_id}));
  for (const Row& m : members) g.device_ids.push_back(m.Int("id"));
  return g;
}

Result<int64_t> ReleaseStore::Insert(const Release& r) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(c_, r.customer_id));
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO releases (customer_id, change_id, test_group_id, deployment_id,"
                   " packages_json, soak_hours, status, reason, created_by, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {r.customer_id, r.change_id, r.test_group_id, r.deployment_id,
                    Json(r.packages).dump(), r.soak_hours, ReleaseStatusName(r.status), r.reason,
                    r.created_by, ToMillis(r.created_at), ToMillis(r.created_at)}));
  return row.Int("id");
}

Result<Release> ReleaseStore::Get(int64_t id) {
  std::string sql = std::string(kSelect) + " WHERE r.id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("release", std::to_string(id));
  return ReleaseOf(*row);
}

Result<std::vector<Release>> ReleaseStore::ForChange(int64_t change_id) {
  std::string sql = std::string(kSelect) + " WHERE r.change_id = ?";
  Params params = {change_id};
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  sql += " ORDER BY r.id DESC LIMIT 50";
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  return ReleasesOf(rows);
}

Result<std::optional<Release>> ReleaseStore::Newest(int64_t change_id) {
  STEWARD_ASSIGN_OR_RETURN(auto all, ForChange(change_id));
  if (all.empty()) return std::optional<Release>();
  return std::optional<Release>(std::move(all.front()));
}

Result<std::vector<Release>> ReleaseStore::Running(int limit) {
  std::string sql = std::string(kSelect) + " WHERE r.status IN ('testing', 'soaking')";
  Params params;
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  sql += " ORDER BY r.id LIMIT ?";
  params.push_back(limit);
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  return ReleasesOf(rows);
}

Status ReleaseStore::Save(const Release& r) {
  std::string sql =
      "UPDATE releases SET status = ?, reason = ?, soak_started_at = ?, soak_ends_at = ?,"
      " decided_at = ?, updated_at = ? WHERE id = ?";
  Params params = {ReleaseStatusName(r.status),
                   r.reason,
                   OptMillis(r.soak_started_at),
                   OptMillis(r.soak_ends_at),
                   OptMillis(r.decided_at),
                   ToMillis(r.updated_at),
                   r.id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("release", std::to_string(r.id));
  return Status::Ok();
}

Result<std::vector<std::string>> ReleaseStore::IncidentsSince(int64_t customer_id,
                                                              const std::vector<int64_t>& devices,
                                                              Timestamp since) {
  STEWARD_RETURN_IF_ERROR(storage::RequireVisibleCustomer(c_, customer_id));
  // Each ticket of the customer since then with the devices it is about:
  // linked to it, or raised by an alert on it. The short list of test
  // devices is matched here rather than built into the SQL as an IN list.
  STEWARD_ASSIGN_OR_RETURN(
      auto rows,
      c_.connection().Query(
          "SELECT t.id, tc.ci_id AS device_id FROM tickets t JOIN ticket_cis tc"
          " ON tc.ticket_id = t.id WHERE t.customer_id = ? AND t.created_at >= ?"
          " UNION SELECT t.id, a.device_id FROM tickets t JOIN alerts a ON a.id = t.alert_id"
          " WHERE t.customer_id = ? AND t.created_at >= ? ORDER BY 1",
          {customer_id, ToMillis(since), customer_id, ToMillis(since)}));
  std::vector<std::string> out;
  int64_t last = 0;
  for (const Row& r : rows) {
    const int64_t ticket = r.Int("id");
    if (ticket == last) continue;
    if (std::find(devices.begin(), devices.end(), r.Int("device_id")) == devices.end()) continue;
    out.push_back("ticket #" + std::to_string(ticket));
    last = ticket;
  }
  return out;
}

}  // namespace steward::deploy
