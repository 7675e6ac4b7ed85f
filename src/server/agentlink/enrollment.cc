// Enrolment tokens and enrolment: a token per customer (optionally a site),
// stored as a SHA-256, expiring (24 h by default) and count-limited; an
// enrolling machine gets a device CI and a credential of its own, and waits in
// quarantine unless the token approves automatically (SECURITY.md rule 41).
#include <limits>
#include <span>

#include "core/crypto.h"
#include "core/strings.h"
#include "core/time_format.h"
#include "proto/device_rebind.h"
#include "server/agentlink/agent_internal.h"
#include "server/agentlink/agent_service.h"
#include "server/audit/audit_log.h"
#include "server/cmdb/cmdb_service.h"
#include "server/monitoring/conditions.h"
#include "server/monitoring/sample.h"

namespace steward::agentlink {

using storage::Connection;
using storage::Row;

namespace internal {

std::string FormatMillis(int64_t millis) { return FormatIso8601(FromMillis(millis)); }

Status RequireVisibleCustomer(Connection& c, const storage::TenantScope& scope,
                              int64_t customer_id) {
  std::string sql = "SELECT id FROM customers WHERE id = ?";
  storage::Params params{customer_id};
  scope.AppendFilter(sql, params, "id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("customer", std::to_string(customer_id));
  return Status::Ok();
}

std::string Printable(std::string_view text, size_t max_len) {
  std::string out;
  for (char ch : Utf8Prefix(text, max_len)) {
    out.push_back(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f ? ' ' : ch);
  }
  return out;
}

}  // namespace internal

namespace {

Json TokenJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"customer_id", r.Int("customer_id")},
          {"site_id", r.OptInt("site_id") ? Json(*r.OptInt("site_id")) : Json(nullptr)},
          {"label", r.Text("label")},
          {"auto_approve", r.Bool("auto_approve")},
          {"max_uses", r.Int("max_uses")},
          {"uses", r.Int("uses")},
          {"expires_at", internal::FormatMillis(r.Int("expires_at"))},
          {"revoked_at", IsoOrNull(r.OptInt("revoked_at"))},
          {"created_at", internal::FormatMillis(r.Int("created_at"))}};
}

constexpr const char* kTokenSelect =
    "SELECT id, customer_id, site_id, label, auto_approve, max_uses, uses, expires_at,"
    " revoked_at, created_at FROM enrollment_tokens";

}  // namespace

AgentService::AgentService(storage::Database& db, const Clock& clock, cmdb::CmdbService& cmdb,
                           monitoring::SampleSink& samples, CommandKeys keys)
    : db_(db),
      clock_(clock),
      cmdb_(cmdb),
      samples_(samples),
      secret_key_hex_(std::move(keys.signing)),
      public_key_hex_(PublicKeyOf(secret_key_hex_).value_or("")),
      approval_secret_key_hex_(std::move(keys.approval)),
      approval_public_key_hex_(PublicKeyOf(approval_secret_key_hex_).value_or("")) {}

Result<Json> AgentService::CreateEnrollmentToken(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  int64_t customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  auto site_id = r.OptionalInt("site_id", 1, kMaxId);
  std::string label = r.OptionalString("label", 200).value_or("");
  bool auto_approve = r.OptionalBool("auto_approve").value_or(false);
  int64_t max_uses = r.OptionalInt("max_uses", 1, 10000).value_or(1);
  int64_t hours = r.OptionalInt("expires_in_hours", 1, kMaxTokenLifetime.count())
                      .value_or(kDefaultTokenLifetime.count());
  STEWARD_RETURN_IF_ERROR(r.Finish());
  // A token that skips quarantine lets whoever holds it put machines on the
  // fleet unvetted: a decision for the people who answer for the fleet.
  accounts::Role role = actor.principal.role;
  if (auto_approve && role != accounts::Role::kOwner && role != accounts::Role::kServiceManager) {
    return Status::PermissionDenied(
        "only the owner or a service manager may create a token that skips quarantine");
  }
  Timestamp now = clock_.Now();
  std::string token = std::string(kTokenPrefix) + RandomHex(24);
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(
        internal::RequireVisibleCustomer(c, actor.principal.scope(), customer_id));
    if (site_id) {
      STEWARD_ASSIGN_OR_RETURN(
          auto site, c.QueryOptional("SELECT id FROM sites WHERE id = ? AND customer_id = ?",
                                     {*site_id, customer_id}));
      if (!site) return Status::InvalidArgument("no such site of this customer", "site_id");
    }
    int64_t expires = ToMillis(now) + hours * 3600 * 1000;
    STEWARD_ASSIGN_OR_RETURN(
        Row row,
        c.QueryOne(
            "INSERT INTO enrollment_tokens (customer_id, site_id, token_hash, label,"
            " auto_approve, max_uses, uses, expires_at, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
            {customer_id, site_id ? storage::Value(*site_id) : storage::Value(), Sha256Hex(token),
             label, auto_approve, max_uses, expires, actor.principal.user_id, ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row stored,
                             c.QueryOne(std::string(kTokenSelect) + " WHERE id = ?", {id}));
    out = TokenJson(stored);
    out["token"] = token;
    return audit::Record(
        c, now, actor,
        {"enrollment_token.create", "enrollment_token", std::to_string(id), customer_id,
         Json{
             {"auto_approve", auto_approve}, {"max_uses", max_uses}, {"expires_in_hours", hours}}});
  }));
  return out;
}

Result<Json> AgentService::ListEnrollmentTokens(const accounts::Principal& viewer,
                                                std::optional<int64_t> customer_id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql =
        std::string(kTokenSelect) + " WHERE (CAST(? AS BIGINT) IS NULL OR customer_id = ?)";
    storage::Params params{customer_id ? storage::Value(*customer_id) : storage::Value(),
                           customer_id ? storage::Value(*customer_id) : storage::Value()};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY id DESC LIMIT 500";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) list.push_back(TokenJson(r));
    return Status::Ok();
  }));
  return Json{{"tokens", list}};
}

Status AgentService::RevokeEnrollmentToken(const accounts::Actor& actor, int64_t id) {
  Timestamp now = clock_.Now();
  return db_.Transact([&](Connection& c) -> Status {
    std::string sql = "SELECT customer_id, revoked_at FROM enrollment_tokens WHERE id = ?";
    storage::Params params{id};
    actor.principal.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("enrollment token", std::to_string(id));
    if (row->OptInt("revoked_at")) return Status::Ok();
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE enrollment_tokens SET revoked_at = ? WHERE id = ?", {ToMillis(now), id})
            .status());
    return audit::Record(c, now, actor,
                         {"enrollment_token.revoke", "enrollment_token", std::to_string(id),
                          row->Int("customer_id"), Json::object()});
  });
}

Result<Json> AgentService::Enroll(const Json& body, const std::string& remote_ip) {
  ObjectReader r(body);
  std::string token = r.RequiredString("token", 1, 100);
  std::string hostname = r.RequiredString("hostname", 1, 253);
  std::string machine_id = r.RequiredString("machine_id", 8, 128);
  std::string version = r.RequiredString("agent_version", 1, 40);
  std::string kind = r.OptionalEnum("kind", {"server", "workstation"}).value_or("server");
  const Json* inventory = r.OptionalRaw("inventory");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (inventory && !inventory->is_object()) {
    return Status::InvalidArgument("must be an object", "inventory");
  }
  for (char ch : machine_id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-') {
      return Status::InvalidArgument("letters, digits and dashes only", "machine_id");
    }
  }
  Timestamp now = clock_.Now();
  std::string credential = std::string(kCredentialPrefix) + RandomHex(32);
  Json out;
  accounts::Principal system = accounts::Principal::System("agent enrolment");
  accounts::Actor actor{system, remote_ip};
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto t, c.QueryOptional("SELECT id, customer_id, site_id, auto_approve, max_uses, uses,"
                                " expires_at, revoked_at FROM enrollment_tokens"
                                " WHERE token_hash = ?",
                                {Sha256Hex(token)}));
    // One message for every unusable token: a prober learns nothing.
    Status refused = Status::Unauthenticated("enrolment token is invalid, expired or used up");
    if (!t || t->OptInt("revoked_at") || t->Int("expires_at") <= ToMillis(now) ||
        t->Int("uses") >= t->Int("max_uses")) {
      return refused;
    }
    int64_t token_id = t->Int("id");
    int64_t customer_id = t->Int("customer_id");
    bool approve = t->Bool("auto_approve");
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?", {token_id})
            .status());
    // A machine id this customer already has: never a takeover. The machine
    // becomes a new agent in quarantine that claims the device (whatever the
    // token says), the genuine agent keeps its credential, a revoked device
    // stays revoked, and the staff are alerted. Only an approval moves the
    // new credential to the claimed device (ApproveAgent).
    STEWARD_ASSIGN_OR_RETURN(
        auto known, c.QueryOptional("SELECT device_id, claims_device_id FROM agents"
                                    " WHERE customer_id = ? AND machine_id = ?"
                                    " ORDER BY CASE WHEN claims_device_id IS NULL THEN 0 ELSE 1"
                                    " END, device_id LIMIT 1",
                                    {customer_id, machine_id}));
    std::optional<int64_t> claimed;
    if (known) claimed = known->OptInt("claims_device_id").value_or(known->Int("device_id"));
    std::string status = approve && !claimed ? "approved" : "quarantined";
    Json fields = {{"customer_id", customer_id},
                   {"kind", kind},
                   {"name", internal::Printable(hostname, 200)},
                   {"notes", "Enrolled by steward-agent " + internal::Printable(version, 40)}};
    if (claimed) {
      fields["notes"] = "Enrolled again with the machine id of device " + std::to_string(*claimed) +
                        "; waits in quarantine until a technician approves it as that device or"
                        " as a new one.";
    }
    if (auto site = t->OptInt("site_id")) fields["site_id"] = *site;
    STEWARD_ASSIGN_OR_RETURN(Json ci, cmdb_.CreateCiWithin(c, actor, fields));
    int64_t device_id = ci["id"].get<int64_t>();
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO agents (device_id, customer_id, credential_hash, status,"
                  " machine_id, agent_version, commands_enabled, last_seq, enrollment_token_id,"
                  " enrolled_at, approved_at, remote_ip, claims_device_id) VALUES (?, ?, ?, ?, ?,"
                  " ?, 0, 0, ?, ?, ?, ?, ?)",
                  {device_id, customer_id, Sha256Hex(credential), status, machine_id, version,
                   token_id, ToMillis(now),
                   status == "approved" ? storage::Value(ToMillis(now)) : storage::Value(),
                   remote_ip, claimed ? storage::Value(*claimed) : storage::Value()})
            .status());
    if (claimed) {
      STEWARD_RETURN_IF_ERROR(
          AlertReEnrolment(c, customer_id, *claimed, device_id, remote_ip, now));
    }
    // A claim's inventory would describe the claimed device from an
    // unvetted source: the agent sends it again once approved.
    if (inventory && !claimed) {
      AgentSession session{device_id, customer_id, status, false};
      STEWARD_RETURN_IF_ERROR(ApplyInventory(c, session, *inventory, now));
    }
    out = {{"device_id", device_id},
           {"customer_id", customer_id},
           {"credential", credential},
           {"status", status},
           {"command_public_key", public_key_hex_},
           {"approval_public_key", approval_public_key_hex_}};
    return audit::Record(c, now, actor,
                         {"agent.enroll", "device", std::to_string(device_id), customer_id,
                          Json{{"hostname", internal::Printable(hostname, 200)},
                               {"machine_id", machine_id},
                               {"status", status},
                               {"token_id", token_id},
                               {"re_enrolled", claimed.has_value()},
                               {"claims_device_id", claimed ? Json(*claimed) : Json(nullptr)}}});
  }));
  return out;
}

Status AgentService::AlertReEnrolment(Connection& c, int64_t customer_id, int64_t claimed,
                                      int64_t claimant, const std::string& remote_ip,
                                      Timestamp now) {
  // Severity 0 (emergency) passes every policy's event-log threshold, so the
  // alert is raised and notified like any critical one, whatever the policy.
  monitoring::Sample event;
  event.device_id = claimed;
  event.metric = std::string(monitoring::kEventLog);
  event.ts = now;
  event.value = 0;
  event.labels = {
      {"source", "steward"},
      {"message", "another machine enrolled with this device's machine id (from " +
                      internal::Printable(remote_ip, 64) + ") and waits in quarantine as device " +
                      std::to_string(claimant) +
                      "; approve it as this device only if this machine was"
                      " reinstalled, else revoke it"}};
  return samples_.IngestInTransaction(c, customer_id, claimed, std::span(&event, 1));
}

Result<AgentSession> AgentService::Authenticate(std::string_view credential,
                                                const std::string& remote_ip) {
  if (credential.size() > 200 || credential.rfind(kCredentialPrefix, 0) != 0) {
    return Status::Unauthenticated("unknown agent credential");
  }
  AgentSession session;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT device_id, customer_id, status, commands_enabled,"
                                  " last_seq, rebound_from FROM agents WHERE credential_hash = ?",
                                  {Sha256Hex(credential)}));
    if (!row || row->Text("status") == "revoked") {
      return Status::Unauthenticated("unknown or revoked agent credential");
    }
    session = {row->Int("device_id"), row->Int("customer_id"),
               row->Text("status"),   row->Bool("commands_enabled"),
               row->Int("last_seq"),  row->OptInt("rebound_from").value_or(0)};
    return c
        .Execute("UPDATE agents SET last_connected_at = ?, remote_ip = ? WHERE device_id = ?",
                 {ToMillis(clock_.Now()), remote_ip, session.device_id})
        .status();
  }));
  return session;
}

Result<AgentSession> AgentService::Refresh(int64_t device_id) {
  AgentSession session;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT device_id, customer_id, status, commands_enabled,"
                                  " last_seq, rebound_from FROM agents WHERE device_id = ?",
                                  {device_id}));
    if (!row || row->Text("status") == "revoked") {
      return Status::Unauthenticated("agent revoked");
    }
    session = {row->Int("device_id"), row->Int("customer_id"),
               row->Text("status"),   row->Bool("commands_enabled"),
               row->Int("last_seq"),  row->OptInt("rebound_from").value_or(0)};
    return Status::Ok();
  }));
  return session;
}

proto::WelcomeFrame AgentService::WelcomeFor(const AgentSession& session) const {
  proto::WelcomeFrame w{session.device_id, session.status, session.last_seq};
  if (session.rebound_from != 0) {
    auto signature = proto::SignRebind(
        {session.customer_id, session.rebound_from, session.device_id}, secret_key_hex_);
    // Without a signature the agent refuses the welcome and retries: the
    // key is the server's own and loaded at start, so this does not happen.
    if (signature.ok()) {
      w.rebound_from = session.rebound_from;
      w.rebind_signature = *signature;
    }
  }
  return w;
}

}  // namespace steward::agentlink
