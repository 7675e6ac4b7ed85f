// Remote commands: the script library and command runs. Each run is signed
// here with the server's Ed25519 key over the whole envelope (script,
// arguments, target device and tenant, validity window, nonce) and waits until
// the device's channel takes it. Only approved agents with remote commands
// enabled get anything; every request, delivery outcome and result is audited.
#include <filesystem>
#include <fstream>
#include <limits>

#include <sys/stat.h>

#include "core/crypto.h"
#include "proto/command_envelope.h"
#include "server/agentlink/agent_internal.h"
#include "server/agentlink/agent_service.h"
#include "server/agentlink/store/command_store.h"
#include "server/audit/audit_log.h"

namespace steward::agentlink {

using storage::Connection;
using storage::Row;

namespace {

Json CommandJson(const Row& r, bool with_output) {
  Json j = {
      {"id", r.Int("id")},
      {"customer_id", r.Int("customer_id")},
      {"device_id", r.Int("device_id")},
      {"script_id", r.OptInt("script_id") ? Json(*r.OptInt("script_id")) : Json(nullptr)},
      {"interpreter", r.Text("interpreter")},
      {"script", r.Text("script")},
      {"args", ParseJsonStrict(r.Text("args_json")).value_or(Json::array())},
      {"timeout_seconds", r.Int("timeout_seconds")},
      {"status", r.Text("status")},
      {"refusal", r.OptText("refusal") ? Json(*r.OptText("refusal")) : Json(nullptr)},
      {"exit_code", r.OptInt("exit_code") ? Json(*r.OptInt("exit_code")) : Json(nullptr)},
      {"requested_by", r.OptInt("requested_by") ? Json(*r.OptInt("requested_by")) : Json(nullptr)},
      {"created_at", internal::FormatMillis(r.Int("created_at"))},
      {"expires_at", internal::FormatMillis(r.Int("expires_at"))},
      {"delivered_at", IsoOrNull(r.OptInt("delivered_at"))},
      {"completed_at", IsoOrNull(r.OptInt("completed_at"))},
      // What the agent logs for the command: the hash of the signed bytes.
      {"envelope_sha256",
       r.OptText("envelope") ? Json(Sha256Hex(*r.OptText("envelope"))) : Json(nullptr)}};
  if (with_output) {
    j["stdout"] = r.OptText("stdout_text").value_or("");
    j["stderr"] = r.OptText("stderr_text").value_or("");
  }
  return j;
}

// An action's JSON, the agent's result for each package and the reboot it
// reported; nothing for a script.
Status AddActionResults(Connection& c, const Row& a, Json& out) {
  if (!a.OptText("action_json")) return Status::Ok();
  const int64_t id = a.Int("id");
  out["action"] = ParseJsonStrict(*a.OptText("action_json")).value_or(Json());
  out["reboot_required"] =
      a.OptInt("reboot_required") ? Json(*a.OptInt("reboot_required") != 0) : Json(nullptr);
  out["reboot_scheduled"] =
      a.OptInt("reboot_scheduled") ? Json(*a.OptInt("reboot_scheduled") != 0) : Json(nullptr);
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT name, outcome, version, dpkg_state, exit_code, log_tail, reason"
              " FROM agent_command_packages WHERE command_id = ? ORDER BY position",
              {id}));
  Json packages = Json::array();
  for (const Row& r : rows) {
    packages.push_back(
        {{"name", r.Text("name")},
         {"outcome", r.Text("outcome")},
         {"version", r.Text("version")},
         {"state", r.Text("dpkg_state")},
         {"exit_code", r.OptInt("exit_code") ? Json(*r.OptInt("exit_code")) : Json(nullptr)},
         {"log_tail", r.Text("log_tail")},
         {"reason", r.Text("reason")}});
  }
  out["packages"] = std::move(packages);
  return Status::Ok();
}

constexpr const char* kCommandSelect =
    "SELECT id, customer_id, device_id, script_id, interpreter, script, args_json,"
    " timeout_seconds, status, refusal, exit_code, stdout_text, stderr_text, requested_by,"
    " created_at, expires_at, delivered_at, completed_at, envelope, action_json,"
    " reboot_required, reboot_scheduled FROM agent_commands";

Json ScriptJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"description", r.Text("description")},
          {"interpreter", r.Text("interpreter")},
          {"body", r.Text("body")},
          {"updated_at", internal::FormatMillis(r.Int("updated_at"))}};
}

}  // namespace

namespace {

// DATA/keys/NAME.key, created with its NAME.pub on first use.
Result<std::string> LoadOrCreateKey(const std::string& data_dir, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(data_dir) / "keys";
  fs::path file = dir / (name + ".key");
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    if (!PublicKeyOf(hex).ok()) return Status::DataLoss("key " + file.string() + " is malformed");
    return hex;
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::Internal("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  SigningKeyPair pair = GenerateSigningKeyPair();
  fs::path tmp = dir / (name + ".key.tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    ::chmod(tmp.c_str(), 0600);
    out << pair.secret_key_hex << "\n";
    if (!out.good()) return Status::Internal("cannot write " + tmp.string());
  }
  fs::rename(tmp, file, ec);
  if (ec) return Status::Internal("cannot create " + file.string() + ": " + ec.message());
  std::ofstream pub(dir / (name + ".pub"), std::ios::trunc);
  pub << pair.public_key_hex << "\n";
  return pair.secret_key_hex;
}

}  // namespace

Result<CommandKeys> LoadOrCreateCommandKeys(const std::string& data_dir) {
  CommandKeys keys;
  STEWARD_ASSIGN_OR_RETURN(keys.signing, LoadOrCreateKey(data_dir, "command-signing"));
  STEWARD_ASSIGN_OR_RETURN(keys.approval, LoadOrCreateKey(data_dir, "command-approval"));
  return keys;
}

Result<proto::JobApproval> AgentService::SignJobApproval(const proto::JobManifest& manifest) const {
  if (manifest.approved_by == manifest.created_by) {
    return Status::PermissionDenied("a job's author cannot give its second approval");
  }
  proto::JobApproval a;
  a.manifest = proto::CanonicalJobManifest(manifest);
  STEWARD_ASSIGN_OR_RETURN(a.signature, SignDetachedHex(a.manifest, approval_secret_key_hex_));
  return a;
}

Result<Json> AgentService::CreateScript(const accounts::Actor& actor, const Json& body) {
  ObjectReader r(body);
  std::string name = r.RequiredString("name", 1, 100);
  std::string description = r.OptionalString("description", 2000).value_or("");
  std::string interpreter = r.OptionalEnum("interpreter", {"sh", "bash"}).value_or("sh");
  std::string text = r.RequiredString("body", 1, proto::kMaxScriptBytes);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto taken,
                             c.QueryOptional("SELECT id FROM scripts WHERE name = ?", {name}));
    if (taken) return Status::AlreadyExists("a script with this name exists", "name");
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO scripts (name, description, interpreter, body,"
                            " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            " RETURNING id",
                            {name, description, interpreter, text, actor.principal.user_id,
                             ToMillis(now), ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row stored, c.QueryOne("SELECT * FROM scripts WHERE id = ?", {id}));
    out = ScriptJson(stored);
    return audit::Record(c, now, actor,
                         {"script.create", "script", std::to_string(id), std::nullopt,
                          Json{{"name", name}, {"sha256", Sha256Hex(text)}}});
  }));
  return out;
}

Result<Json> AgentService::ListScripts(const accounts::Principal&) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                             c.Query("SELECT * FROM scripts ORDER BY name LIMIT 1000"));
    for (const Row& r : rows) list.push_back(ScriptJson(r));
    return Status::Ok();
  }));
  return Json{{"scripts", list}};
}

Result<Json> AgentService::CreateCommand(const accounts::Actor& actor, int64_t device_id,
                                         const Json& body) {
  ObjectReader r(body);
  auto script_text = r.OptionalString("script", proto::kMaxScriptBytes);
  auto script_id = r.OptionalInt("script_id", 1, kMaxId);
  auto interpreter = r.OptionalEnum("interpreter", {"sh", "bash"});
  auto args = r.OptionalStringArray("args", proto::kMaxArgs, proto::kMaxArgBytes);
  int timeout =
      static_cast<int>(r.OptionalInt("timeout_seconds", 1, proto::kMaxTimeoutSeconds).value_or(60));
  int64_t expires_in = r.OptionalInt("expires_in_seconds", 60, 86400).value_or(900);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (script_text.has_value() == script_id.has_value()) {
    return Status::InvalidArgument("give either script or script_id", "script");
  }
  if (script_text && script_text->empty()) return Status::InvalidArgument("is empty", "script");
  Timestamp now = clock_.Now();
  Json out;
  int64_t command_id = 0;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    proto::CommandEnvelope e;
    STEWARD_ASSIGN_OR_RETURN(e.customer_id, CommandableCustomer(c, actor, device_id));
    e.device_id = device_id;
    e.interpreter = interpreter.value_or("sh");
    if (script_id) {
      STEWARD_ASSIGN_OR_RETURN(
          auto s,
          c.QueryOptional("SELECT interpreter, body FROM scripts WHERE id = ?", {*script_id}));
      if (!s) return Status::InvalidArgument("no such script", "script_id");
      e.script = s->Text("body");
      if (!interpreter) e.interpreter = s->Text("interpreter");
    } else {
      e.script = *script_text;
    }
    e.args = args.value_or(std::vector<std::string>{});
    e.timeout_seconds = timeout;
    e.not_before = now;
    e.expires_at = now + std::chrono::seconds(expires_in);
    STEWARD_ASSIGN_OR_RETURN(command_id, InsertSignedCommand(c, actor, e, script_id, now));
    STEWARD_ASSIGN_OR_RETURN(
        Row stored, c.QueryOne(std::string(kCommandSelect) + " WHERE id = ?", {command_id}));
    out = CommandJson(stored, true);
    return Status::Ok();
  }));
  if (control_) control_->CommandsReady(device_id);
  return out;
}

Result<int64_t> AgentService::QueueAction(const accounts::Actor& actor, int64_t device_id,
                                          const proto::CommandAction& action, Timestamp expires_at,
                                          int timeout_seconds,
                                          const std::optional<proto::JobApproval>& job) {
  const Timestamp now = clock_.Now();
  if (expires_at <= now) return Status::InvalidArgument("is in the past", "expires_at");
  int64_t command_id = 0;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    proto::CommandEnvelope e;
    STEWARD_ASSIGN_OR_RETURN(e.customer_id, CommandableCustomer(c, actor, device_id));
    e.device_id = device_id;
    e.action = action;
    e.job = job;
    e.timeout_seconds = timeout_seconds;
    e.not_before = now;
    e.expires_at = expires_at;
    STEWARD_ASSIGN_OR_RETURN(command_id, InsertSignedCommand(c, actor, e, std::nullopt, now));
    return Status::Ok();
  }));
  if (control_) control_->CommandsReady(device_id);
  return command_id;
}

Result<int64_t> AgentService::CommandableCustomer(Connection& c, const accounts::Actor& actor,
                                                  int64_t device_id) {
  const storage::ScopedConnection sc(c, actor.principal.scope());
  STEWARD_ASSIGN_OR_RETURN(CommandableAgent agent, CommandStore(sc).Agent(device_id));
  if (agent.status != "approved") {
    return Status::FailedPrecondition("device " + std::to_string(device_id) + " is " +
                                      agent.status + ": no remote commands");
  }
  if (!agent.commands_enabled) {
    return Status::FailedPrecondition("remote commands are not enabled for device " +
                                      std::to_string(device_id));
  }
  return agent.customer_id;
}

Result<int64_t> AgentService::InsertSignedCommand(Connection& c, const accounts::Actor& actor,
                                                  proto::CommandEnvelope& e,
                                                  std::optional<int64_t> script_id, Timestamp now) {
  e.nonce = RandomHex(16);
  // An action keeps its JSON beside the row: what the results are checked
  // against (only the packages it asked for are recorded).
  std::optional<std::string> action_json;
  if (e.action) action_json = proto::ActionText(*e.action);
  // The id is part of what is signed: insert first, then sign and store.
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c.QueryOne(
          "INSERT INTO agent_commands (customer_id, device_id, script_id, interpreter,"
          " script, args_json, timeout_seconds, envelope, signature, status,"
          " requested_by, created_at, expires_at, action_json) VALUES (?, ?, ?, ?, ?, ?, ?, '',"
          " '', 'pending', ?, ?, ?, ?) RETURNING id",
          {e.customer_id, e.device_id, script_id ? storage::Value(*script_id) : storage::Value(),
           e.interpreter, e.script, Json(e.args).dump(), e.timeout_seconds,
           actor.principal.user_id > 0 ? storage::Value(actor.principal.user_id) : storage::Value(),
           ToMillis(now), ToMillis(e.expires_at), action_json}));
  const int64_t command_id = row.Int("id");
  e.command_id = command_id;
  std::string envelope = proto::CanonicalEnvelope(e);
  STEWARD_ASSIGN_OR_RETURN(std::string signature, SignDetachedHex(envelope, secret_key_hex_));
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE agent_commands SET envelope = ?, signature = ? WHERE id = ?",
                {envelope, signature, command_id})
          .status());
  Json details{{"device_id", e.device_id},
               {"script_id", script_id ? Json(*script_id) : Json(nullptr)},
               {"envelope_sha256", Sha256Hex(envelope)},
               {"timeout_seconds", e.timeout_seconds}};
  if (action_json) details["action"] = ParseJsonStrict(*action_json).value_or(Json());
  STEWARD_RETURN_IF_ERROR(audit::Record(
      c, now, actor,
      {"command.create", "command", std::to_string(command_id), e.customer_id, details}));
  return command_id;
}

Result<Json> AgentService::CreateGroupCommand(const accounts::Actor& actor, int64_t group_id,
                                              const Json& body) {
  std::vector<int64_t> members;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = "SELECT id FROM device_groups WHERE id = ?";
    storage::Params params{group_id};
    actor.principal.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto group, c.QueryOptional(sql, params));
    if (!group) return Status::NotFound("device group", std::to_string(group_id));
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT device_id FROM device_group_members WHERE group_id = ? ORDER BY device_id",
                {group_id}));
    for (const Row& r : rows) members.push_back(r.Int("device_id"));
    return Status::Ok();
  }));
  if (members.empty()) return Status::FailedPrecondition("the group has no devices");
  if (members.size() > kMaxGroupCommandTargets) {
    return Status::FailedPrecondition(
        "a command for more than " + std::to_string(kMaxGroupCommandTargets) +
        " devices needs a second approver, which Steward does not support yet");
  }
  Json commands = Json::array();
  Json skipped = Json::array();
  for (int64_t device : members) {
    auto created = CreateCommand(actor, device, body);
    if (created.ok()) {
      commands.push_back(std::move(*created));
    } else if (created.status().code() == StatusCode::kFailedPrecondition ||
               created.status().code() == StatusCode::kNotFound) {
      skipped.push_back({{"device_id", device}, {"reason", created.status().message()}});
    } else {
      return created.status();  // a bad body fails the same way for every device
    }
  }
  return Json{{"commands", commands}, {"skipped", skipped}};
}

Result<Json> AgentService::GetCommand(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kCommandSelect) + " WHERE id = ?";
    storage::Params params{id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
    if (!row) return Status::NotFound("command", std::to_string(id));
    out = CommandJson(*row, true);
    return AddActionResults(c, *row, out);
  }));
  return out;
}

Result<Json> AgentService::ListCommands(const accounts::Principal& viewer, int64_t device_id) {
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kCommandSelect) + " WHERE device_id = ?";
    storage::Params params{device_id};
    viewer.scope().AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY id DESC LIMIT 200";
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) list.push_back(CommandJson(r, false));
    return Status::Ok();
  }));
  return Json{{"commands", list}};
}

}  // namespace steward::agentlink
