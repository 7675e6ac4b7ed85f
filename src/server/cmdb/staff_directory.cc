// The MSP's staff directory: who knows what, who is responsible for what, how
// to reach them and who is on call, with the CIs each person looks after.
// Read-only here; people are edited through the user API (AccountService).
#include <map>

#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::cmdb {

using storage::Connection;
using storage::Row;

namespace {

Json JsonArrayColumn(const Row& r, std::string_view col) {
  Json j = Json::parse(r.Text(col), nullptr, /*allow_exceptions=*/false);
  return j.is_array() ? j : Json::array();
}

Json StaffJson(const Row& r) {
  auto text = [&](std::string_view col) {
    auto v = r.OptText(col);
    return v ? Json(*v) : Json(nullptr);
  };
  return {{"id", r.Int("id")},
          {"email", r.Text("email")},
          {"name", r.Text("name")},
          {"role", r.Text("role")},
          {"phone", text("phone")},
          {"expertise", JsonArrayColumn(r, "expertise")},
          {"responsibilities", JsonArrayColumn(r, "responsibilities")},
          {"availability", text("availability")},
          {"on_call", r.Bool("on_call")},
          {"disabled", r.Bool("disabled")},
          {"cis", Json::array()}};
}

// Fills each member's "cis" with the active CIs they are responsible for.
// `only_user` narrows the query to one person.
Status AttachCis(Connection& c, std::map<int64_t, Json*>& by_id, std::optional<int64_t> only_user) {
  std::string sql =
      "SELECT id, customer_id, name, kind, criticality, responsible_user_id FROM cis"
      " WHERE responsible_user_id IS NOT NULL AND status = 'active'";
  storage::Params params;
  if (only_user) {
    sql += " AND responsible_user_id = ?";
    params.emplace_back(*only_user);
  }
  sql += " ORDER BY name, id";
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
  for (const Row& r : rows) {
    auto it = by_id.find(r.Int("responsible_user_id"));
    if (it == by_id.end()) continue;  // a CI still assigned to a former staff member
    (*it->second)["cis"].push_back({{"id", r.Int("id")},
                                    {"customer_id", r.Int("customer_id")},
                                    {"name", r.Text("name")},
                                    {"kind", r.Text("kind")},
                                    {"criticality", r.Text("criticality")}});
  }
  return Status::Ok();
}

constexpr std::string_view kStaffSelect =
    "SELECT id, email, name, role, phone, expertise, responsibilities, availability, on_call,"
    " disabled FROM users WHERE role <> 'portal'";

}  // namespace

Result<Json> CmdbService::ListStaff(const accounts::Principal& viewer) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaffScope(viewer.scope(), "see the staff directory"));
  Json staff = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query(std::string(kStaffSelect) + " ORDER BY name, id", {}));
    for (const Row& r : rows) staff.push_back(StaffJson(r));
    std::map<int64_t, Json*> by_id;
    for (Json& s : staff) by_id[s["id"].get<int64_t>()] = &s;
    return AttachCis(c, by_id, std::nullopt);
  }));
  return Json{{"staff", std::move(staff)}};
}

Result<Json> CmdbService::GetStaff(const accounts::Principal& viewer, int64_t user_id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaffScope(viewer.scope(), "see the staff directory"));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional(std::string(kStaffSelect) + " AND id = ?", {user_id}));
    if (!row) return Status::NotFound("staff member", std::to_string(user_id));
    out = StaffJson(*row);
    std::map<int64_t, Json*> by_id{{user_id, &out}};
    return AttachCis(c, by_id, user_id);
  }));
  return out;
}

}  // namespace steward::cmdb
