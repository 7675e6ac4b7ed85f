#include "server/cmdb/ci_history.h"

#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/record_fields.h"

namespace steward::cmdb {

Status RecordCiChanges(storage::Connection& c, Timestamp now, const accounts::Actor& actor,
                       int64_t customer_id, int64_t ci_id, const std::vector<CiChange>& changes,
                       const std::optional<std::string>& rfc_ref) {
  const accounts::Principal& p = actor.principal;
  storage::Value user_id = p.user_id ? storage::Value(p.user_id) : storage::Value();
  std::string label = p.Label();
  for (const CiChange& change : changes) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO ci_history (customer_id, ci_id, at, actor_user_id, actor, field,"
                  " old_value, new_value, rfc_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {customer_id, ci_id, ToMillis(now), user_id, label, change.field,
                   change.old_value, change.new_value, rfc_ref})
            .status());
  }
  return Status::Ok();
}

std::vector<CiChange> DiffCiFields(const Json& before, const Json& after) {
  std::vector<CiChange> out;
  // In table order, so a change's history rows read like the form.
  for (const FieldSpec& f : CiFields()) {
    auto next = after.find(f.name);
    if (next == after.end()) continue;
    auto prev = before.find(f.name);
    Json old_value = prev == before.end() ? Json(nullptr) : *prev;
    if (old_value == *next) continue;
    out.push_back({std::string(f.name), HistoryText(old_value), HistoryText(*next)});
  }
  return out;
}

Result<Json> ListCiHistory(storage::Connection& c, const storage::TenantScope& scope, int64_t ci_id,
                           int64_t limit) {
  std::string sql =
      "SELECT id, at, actor, actor_user_id, field, old_value, new_value, rfc_ref"
      " FROM ci_history WHERE ci_id = ?";
  storage::Params params{ci_id};
  scope.AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(limit);
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
  Json out = Json::array();
  auto text = [](const storage::Row& r, std::string_view col) {
    auto v = r.OptText(col);
    return v ? Json(*v) : Json(nullptr);
  };
  for (const auto& r : rows) {
    auto user = r.OptInt("actor_user_id");
    out.push_back({{"id", r.Int("id")},
                   {"at", internal::IsoTime(r.Int("at"))},
                   {"actor", r.Text("actor")},
                   {"actor_user_id", user ? Json(*user) : Json(nullptr)},
                   {"field", r.Text("field")},
                   {"old_value", text(r, "old_value")},
                   {"new_value", text(r, "new_value")},
                   {"rfc_ref", text(r, "rfc_ref")}});
  }
  return out;
}

}  // namespace steward::cmdb
