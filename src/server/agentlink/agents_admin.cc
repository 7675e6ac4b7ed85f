// Technicians' view of agents: list, approve out of quarantine, revoke (the
// channel is cut at once), and the per-device switch for remote commands.
#include <limits>

#include "server/agentlink/agent_internal.h"
#include "server/agentlink/agent_service.h"
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::agentlink {

using storage::Connection;
using storage::Row;

namespace {

constexpr const char* kAgentSelect =
    "SELECT a.device_id, a.customer_id, a.status, a.machine_id, a.agent_version,"
    " a.commands_enabled, a.last_seq, a.enrolled_at, a.approved_at, a.revoked_at,"
    " a.last_connected_at, a.last_inventory_at, a.remote_ip, a.claims_device_id,"
    " ci.name AS device_name,"
    " k.last_seen_at FROM agents a JOIN cis ci ON ci.id = a.device_id"
    " LEFT JOIN device_checkins k ON k.device_id = a.device_id";

Json AgentJson(const Row& r) {
  return {{"device_id", r.Int("device_id")},
          {"customer_id", r.Int("customer_id")},
          {"device_name", r.Text("device_name")},
          {"status", r.Text("status")},
          {"machine_id", r.Text("machine_id")},
          {"agent_version", r.Text("agent_version")},
          {"commands_enabled", r.Bool("commands_enabled")},
          {"last_seq", r.Int("last_seq")},
          {"enrolled_at", internal::FormatMillis(r.Int("enrolled_at"))},
          {"approved_at", IsoOrNull(r.OptInt("approved_at"))},
          {"revoked_at", IsoOrNull(r.OptInt("revoked_at"))},
          {"last_connected_at", IsoOrNull(r.OptInt("last_connected_at"))},
          {"last_seen_at", IsoOrNull(r.OptInt("last_seen_at"))},
          {"last_inventory_at", IsoOrNull(r.OptInt("last_inventory_at"))},
          {"remote_ip", r.OptText("remote_ip") ? Json(*r.OptText("remote_ip")) : Json(nullptr)},
          // A re-enrolment waiting in quarantine: the device it says it is.
          {"claims_device_id",
           r.OptInt("claims_device_id") ? Json(*r.OptInt("claims_device_id")) : Json(nullptr)}};
}

Result<Row> LoadAgent(Connection& c, const storage::TenantScope& scope, int64_t device_id) {
  std::string sql = std::string(kAgentSelect) + " WHERE a.device_id = ?";
  storage::Params params{device_id};
  scope.AppendFilter(sql, params, "a.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("agent", std::to_string(device_id));
  return std::move(*row);
}

}  // namespace

Result<Json> AgentService::ListAgents(const accounts::Principal& viewer,
                                      std::optional<int64_t> customer_id,
                                      std::optional<std::string> status) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kAgentSelect) +
                      " WHERE (CAST(? AS BIGINT) IS NULL OR a.customer_id = ?)"
                      " AND (CAST(? AS TEXT) IS NULL OR a.status = ?)";
    storage::Value cid = customer_id ? storage::Value(*customer_id) : storage::Value();
    storage::Value st = status ? storage::Value(*status) : storage::Value();
    storage::Params params{cid, cid, st, st};
    viewer.scope().AppendFilter(sql, params, "a.customer_id");
    sql += " ORDER BY a.device_id LIMIT 5000";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) list.push_back(AgentJson(r));
    return Status::Ok();
  }));
  return Json{{"agents", list}};
}

Result<Json> AgentService::GetAgent(const accounts::Principal& viewer, int64_t device_id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row row, LoadAgent(c, viewer.scope(), device_id));
    out = AgentJson(row);
    return Status::Ok();
  }));
  return out;
}

Status AgentService::BindClaim(Connection& c, const accounts::Actor& actor, int64_t claimant,
                               int64_t claimed, Timestamp now) {
  STEWARD_ASSIGN_OR_RETURN(
      auto device,
      c.QueryOptional("SELECT status, customer_id FROM agents WHERE device_id = ?", {claimed}));
  if (!device) return Status::FailedPrecondition("the claimed device has no agent");
  if (device->Text("status") == "revoked") {
    return Status::FailedPrecondition(
        "device " + std::to_string(claimed) +
        " was revoked, and a revoked device is never restored: approve this agent as a new"
        " device or revoke it");
  }
  STEWARD_ASSIGN_OR_RETURN(Row agent,
                           c.QueryOne("SELECT credential_hash, agent_version, enrollment_token_id,"
                                      " enrolled_at, remote_ip FROM agents WHERE device_id = ?",
                                      {claimant}));
  // The claimant's record goes first: the credential is unique.
  STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM agents WHERE device_id = ?", {claimant}).status());
  // A fresh agent on the old device: its own spool sequence, remote commands
  // off until a technician enables them again, and what waited for the old
  // agent cancelled.
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE agents SET credential_hash = ?, status = 'approved', agent_version = ?,"
                " enrollment_token_id = ?, enrolled_at = ?, approved_at = ?, approved_by = ?,"
                " last_seq = 0, commands_enabled = 0, remote_ip = ?, rebound_from = ?"
                " WHERE device_id = ?",
                {agent.Text("credential_hash"), agent.Text("agent_version"),
                 agent.OptInt("enrollment_token_id")
                     ? storage::Value(*agent.OptInt("enrollment_token_id"))
                     : storage::Value(),
                 agent.Int("enrolled_at"), ToMillis(now), actor.principal.user_id,
                 agent.OptText("remote_ip") ? storage::Value(*agent.OptText("remote_ip"))
                                            : storage::Value(),
                 claimant, claimed})
          .status());
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE agent_commands SET status = 'cancelled' WHERE device_id = ?"
                " AND status IN ('pending', 'delivered', 'running')",
                {claimed})
          .status());
  STEWARD_RETURN_IF_ERROR(
      cmdb_
          .UpdateCiInTransaction(c, actor, claimant,
                                 Json{{"status", "retired"},
                                      {"notes", "Approved as device " + std::to_string(claimed) +
                                                    ", which it now reports as."}})
          .status());
  return audit::Record(c, now, actor,
                       {"agent.bind", "device", std::to_string(claimed), device->Int("customer_id"),
                        Json{{"from_device_id", claimant}}});
}

Result<Json> AgentService::ApproveAgent(const accounts::Actor& actor, int64_t device_id,
                                        bool as_new_device) {
  Timestamp now = clock_.Now();
  Json out;
  std::optional<int64_t> bound_to;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row row, LoadAgent(c, actor.principal.scope(), device_id));
    std::string status = row.Text("status");
    if (status == "revoked") {
      return Status::FailedPrecondition("a revoked agent must enrol again");
    }
    std::optional<int64_t> claims = row.OptInt("claims_device_id");
    if (status == "quarantined" && claims && !as_new_device) {
      STEWARD_RETURN_IF_ERROR(BindClaim(c, actor, device_id, *claims, now));
      bound_to = claims;
    } else if (status == "quarantined") {
      STEWARD_RETURN_IF_ERROR(
          c.Execute("UPDATE agents SET status = 'approved', approved_at = ?, approved_by = ?,"
                    " claims_device_id = NULL WHERE device_id = ?",
                    {ToMillis(now), actor.principal.user_id, device_id})
              .status());
      STEWARD_RETURN_IF_ERROR(audit::Record(
          c, now, actor,
          {"agent.approve", "device", std::to_string(device_id), row.Int("customer_id"),
           claims ? Json{{"as_new_device", true}, {"claimed_device_id", *claims}}
                  : Json::object()}));
    }
    STEWARD_ASSIGN_OR_RETURN(Row fresh,
                             LoadAgent(c, actor.principal.scope(), bound_to.value_or(device_id)));
    out = AgentJson(fresh);
    return Status::Ok();
  }));
  if (control_ && bound_to) {
    // The old agent is cut off for good; the approved one reconnects as the
    // claimed device and is told so in its welcome.
    control_->Disconnect(*bound_to);
    control_->Disconnect(device_id);
  } else if (control_) {
    control_->Approved(device_id);
  }
  return out;
}

Result<Json> AgentService::RevokeAgent(const accounts::Actor& actor, int64_t device_id) {
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row row, LoadAgent(c, actor.principal.scope(), device_id));
    if (row.Text("status") != "revoked") {
      STEWARD_RETURN_IF_ERROR(
          c.Execute("UPDATE agents SET status = 'revoked', revoked_at = ?, commands_enabled = 0"
                    " WHERE device_id = ?",
                    {ToMillis(now), device_id})
              .status());
      STEWARD_RETURN_IF_ERROR(
          c.Execute("UPDATE agent_commands SET status = 'cancelled' WHERE device_id = ?"
                    " AND status IN ('pending', 'delivered', 'running')",
                    {device_id})
              .status());
      STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                            {"agent.revoke", "device", std::to_string(device_id),
                                             row.Int("customer_id"), Json::object()}));
    }
    STEWARD_ASSIGN_OR_RETURN(Row fresh, LoadAgent(c, actor.principal.scope(), device_id));
    out = AgentJson(fresh);
    return Status::Ok();
  }));
  if (control_) control_->Disconnect(device_id);
  return out;
}

Result<Json> AgentService::UpdateAgent(const accounts::Actor& actor, int64_t device_id,
                                       const Json& body) {
  ObjectReader r(body);
  auto enabled = r.OptionalBool("commands_enabled");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row row, LoadAgent(c, actor.principal.scope(), device_id));
    if (enabled && *enabled != row.Bool("commands_enabled")) {
      if (*enabled && row.Text("status") != "approved") {
        return Status::FailedPrecondition("approve the agent before enabling remote commands");
      }
      STEWARD_RETURN_IF_ERROR(
          c.Execute("UPDATE agents SET commands_enabled = ? WHERE device_id = ?",
                    {*enabled, device_id})
              .status());
      STEWARD_RETURN_IF_ERROR(
          audit::Record(c, now, actor,
                        {"agent.update", "device", std::to_string(device_id),
                         row.Int("customer_id"), Json{{"commands_enabled", *enabled}}}));
    }
    STEWARD_ASSIGN_OR_RETURN(Row fresh, LoadAgent(c, actor.principal.scope(), device_id));
    out = AgentJson(fresh);
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<int64_t>> AgentService::OwnerOf(AgentObject kind, int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    const char* sql = "SELECT customer_id FROM agents WHERE device_id = ?";
    if (kind == AgentObject::kCommand) {
      sql = "SELECT customer_id FROM agent_commands WHERE id = ?";
    } else if (kind == AgentObject::kToken) {
      sql = "SELECT customer_id FROM enrollment_tokens WHERE id = ?";
    } else if (kind == AgentObject::kGroup) {
      sql = "SELECT customer_id FROM device_groups WHERE id = ?";
    }
    auto row = c.QueryOptional(sql, {id});
    STEWARD_RETURN_IF_ERROR(row.status());
    if (*row) owner = (*row)->Int("customer_id");
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::agentlink
