#include "server/cmdb/ci_history.h"

#include "server/cmdb/cmdb_common.h"
#include "server/cmdb/cmdb_fields.h"
#include "server/cmdb/record_fields.h"

namespace steward::cmdb {

// The change a CI write names: the customer's, and decided to go ahead
// (approved, scheduled, implemented or closed after it ran), so a CI's
// history never cites a draft, a pending or a rejected change.
Result<int64_t> ResolveRfcRef(storage::Connection& c, int64_t customer_id, const std::string& ref) {
  auto id = internal::RfcIdOf(ref);
  if (!id) return Status::InvalidArgument("must name a change, as RFC-<number>", "rfc_ref");
  // The CI's customer is in the caller's scope; its changes are too.
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT status, outcome FROM change_requests WHERE id = ? AND"
                                " customer_id = ?",
                                {*id, customer_id}));
  const std::string name = "RFC-" + std::to_string(*id);
  if (!row)
    return Status::InvalidArgument("names no change of this customer (" + name + ")", "rfc_ref");
  const std::string status = row->Text("status");
  const bool went_ahead =
      status == "approved" || status == "scheduled" || status == "implemented" ||
      (status == "closed" && row->OptText("outcome").value_or("") != "withdrawn");
  if (!went_ahead) {
    return Status::InvalidArgument(
        name + " is " + status + ": a CI changes under an approved change", "rfc_ref");
  }
  return *id;
}

Status RecordCiChanges(storage::Connection& c, Timestamp now, const accounts::Actor& actor,
                       int64_t customer_id, int64_t ci_id, const std::vector<CiChange>& changes,
                       const std::optional<std::string>& rfc_ref) {
  const accounts::Principal& p = actor.principal;
  storage::Value user_id = p.user_id ? storage::Value(p.user_id) : storage::Value();
  std::string label = p.Label();
  std::optional<int64_t> rfc_id;
  std::optional<std::string> ref;
  if (rfc_ref) {
    STEWARD_ASSIGN_OR_RETURN(rfc_id, ResolveRfcRef(c, customer_id, *rfc_ref));
    ref = "RFC-" + std::to_string(*rfc_id);
  }
  for (const CiChange& change : changes) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO ci_history (customer_id, ci_id, at, actor_user_id, actor, field,"
                  " old_value, new_value, rfc_ref, rfc_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {customer_id, ci_id, ToMillis(now), user_id, label, change.field,
                   change.old_value, change.new_value, ref, rfc_id})
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
      "SELECT id, at, actor, actor_user_id, field, old_value, new_value, rfc_ref, rfc_id"
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
                   {"rfc_ref", text(r, "rfc_ref")},
                   {"rfc_id", r.IsNull("rfc_id") ? Json(nullptr) : Json(r.Int("rfc_id"))}});
  }
  return out;
}

}  // namespace steward::cmdb
