#include "server/audit/audit_log.h"

#include "core/crypto.h"
#include "core/time_format.h"

namespace steward::audit {
namespace {

constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hashed form of a record: every stored field, unambiguously delimited
// (JSON array), after the predecessor's hash.
std::string ChainHash(std::string_view prev_hash, int64_t at, const Json& actor_user_id,
                      std::string_view actor, std::string_view ip, std::string_view action,
                      std::string_view object_type, std::string_view object_id,
                      const Json& customer_id, std::string_view details) {
  Json fields = Json::array(
      {at, actor_user_id, actor, ip, action, object_type, object_id, customer_id, details});
  return Sha256Hex(std::string(prev_hash) + fields.dump());
}

}  // namespace

Status Record(storage::Connection& c, Timestamp now, const accounts::Actor& actor,
              const AuditEvent& event) {
  if (c.dialect() == storage::Dialect::kPostgres) {
    // Serialise appenders so two transactions never chain onto the same record.
    STEWARD_RETURN_IF_ERROR(c.Query("SELECT pg_advisory_xact_lock(7420001)").status());
  }
  STEWARD_ASSIGN_OR_RETURN(
      auto last, c.QueryOptional("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", {}));
  std::string prev = last ? last->Text("hash") : std::string(kGenesis);
  const auto& p = actor.principal;
  Json user_id = p.user_id ? Json(p.user_id) : Json(nullptr);
  Json customer = event.customer_id ? Json(*event.customer_id) : Json(nullptr);
  std::string details = event.details.dump();
  std::string label = p.Label();
  int64_t at = ToMillis(now);
  std::string hash = ChainHash(prev, at, user_id, label, actor.ip, event.action, event.object_type,
                               event.object_id, customer, details);
  return c
      .Execute(
          "INSERT INTO audit_log (at, actor_user_id, actor, ip, action, object_type, object_id,"
          " customer_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {at, p.user_id ? storage::Value(p.user_id) : storage::Value(), label, actor.ip,
           event.action, event.object_type, event.object_id,
           event.customer_id ? storage::Value(*event.customer_id) : storage::Value(), details, prev,
           hash})
      .status();
}

Result<Json> List(storage::Connection& c, const AuditQuery& q) {
  std::string sql =
      "SELECT id, at, actor_user_id, actor, ip, action, object_type, object_id, customer_id,"
      " details FROM audit_log WHERE 1 = 1";
  storage::Params params;
  if (q.since) {
    sql += " AND at >= ?";
    params.emplace_back(ToMillis(*q.since));
  }
  if (q.action_prefix) {
    sql += " AND action LIKE ?";
    params.emplace_back(*q.action_prefix + "%");
  }
  if (q.before_id > 0) {
    sql += " AND id < ?";
    params.emplace_back(q.before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit});
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
  Json out = Json::array();
  for (const auto& r : rows) {
    Json details = Json::parse(r.Text("details"), nullptr, /*allow_exceptions=*/false);
    out.push_back(
        {{"id", r.Int("id")},
         {"at", FormatIso8601(FromMillis(r.Int("at")))},
         {"actor_user_id",
          r.OptInt("actor_user_id") ? Json(*r.OptInt("actor_user_id")) : Json(nullptr)},
         {"actor", r.Text("actor")},
         {"ip", r.Text("ip")},
         {"action", r.Text("action")},
         {"object_type", r.Text("object_type")},
         {"object_id", r.Text("object_id")},
         {"customer_id", r.OptInt("customer_id") ? Json(*r.OptInt("customer_id")) : Json(nullptr)},
         {"details", details.is_discarded() ? Json::object() : details}});
  }
  return out;
}

Status VerifyChain(storage::Connection& c) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT id, at, actor_user_id, actor, ip, action, object_type, object_id,"
              " customer_id, details, prev_hash, hash FROM audit_log ORDER BY id",
              {}));
  std::string prev(kGenesis);
  for (const auto& r : rows) {
    Json user_id = r.OptInt("actor_user_id") ? Json(*r.OptInt("actor_user_id")) : Json(nullptr);
    Json customer = r.OptInt("customer_id") ? Json(*r.OptInt("customer_id")) : Json(nullptr);
    std::string expected =
        ChainHash(prev, r.Int("at"), user_id, r.Text("actor"), r.Text("ip"), r.Text("action"),
                  r.Text("object_type"), r.Text("object_id"), customer, r.Text("details"));
    if (r.Text("prev_hash") != prev || r.Text("hash") != expected) {
      return Status::DataLoss("audit record " + std::to_string(r.Int("id")) +
                              " does not match the chain: the trail was altered");
    }
    prev = expected;
  }
  return Status::Ok();
}

}  // namespace steward::audit
