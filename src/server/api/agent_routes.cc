// Agent routes (SPEC §2, issue 3): enrolment tokens, the public enrolment
// call an agent makes with its token, the technicians' agent list with
// approve / revoke / enable commands, the script library, and remote command
// runs. The channel itself is a WebSocket (server/agentlink/channel_hub.h);
// its path is listed here so a plain GET gets a clear 426 and the OpenAPI
// document names it.
#include <limits>

#include "proto/agent_frames.h"
#include "server/agentlink/agent_service.h"
#include "server/api/routes.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using agentlink::AgentObject;
using agentlink::AgentService;

namespace {

// Who manages agents and tokens; who may run code on customer machines.
constexpr RoleSet kAgentAdmins = {Role::kOwner, Role::kServiceManager, Role::kTechnician};
constexpr RoleSet kCommandRunners = {Role::kOwner, Role::kTechnician};

OwnerLookup OwnerOf(AgentService& s, AgentObject kind) {
  return [&s, kind](int64_t id) { return s.OwnerOf(kind, id); };
}

Json TokenSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"token", "string"},
                       {"customer_id", "integer"},
                       {"site_id", "integer"},
                       {"label", "string"},
                       {"auto_approve", "boolean"},
                       {"max_uses", "integer"},
                       {"uses", "integer"},
                       {"expires_at", "string"},
                       {"revoked_at", "string"},
                       {"created_at", "string"}});
}

Json AgentSchema() {
  return ObjectSchema({{"device_id", "integer"},
                       {"customer_id", "integer"},
                       {"device_name", "string"},
                       {"status", "string"},
                       {"machine_id", "string"},
                       {"agent_version", "string"},
                       {"commands_enabled", "boolean"},
                       {"enrolled_at", "string"},
                       {"approved_at", "string"},
                       {"revoked_at", "string"},
                       {"last_connected_at", "string"},
                       {"last_seen_at", "string"},
                       {"claims_device_id", "integer"}});
}

Json CommandSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"device_id", "integer"},
                       {"customer_id", "integer"},
                       {"script_id", "integer"},
                       {"interpreter", "string"},
                       {"script", "string"},
                       {"args", "array"},
                       {"timeout_seconds", "integer"},
                       {"status", "string"},
                       {"refusal", "string"},
                       {"exit_code", "integer"},
                       {"envelope_sha256", "string"},
                       {"stdout", "string"},
                       {"stderr", "string"},
                       {"created_at", "string"},
                       {"expires_at", "string"},
                       {"completed_at", "string"}});
}

void AddTokenRoutes(RouteTable& routes, AgentService& s) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/enrollment-tokens",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.CreateEnrollmentToken(ctx.actor(), body));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Create an enrolment token for a customer (optionally a site). The token is "
              "shown once. It expires after expires_in_hours (1 to 24, default 24), enrols at "
              "most max_uses machines (default 1), and with auto_approve (owner or service "
              "manager only) new machines skip quarantine; a machine enrolling again with a "
              "known machine id is quarantined whatever the token says.",
              "agents",
              ObjectSchema({{"customer_id", "integer"},
                            {"site_id", "integer"},
                            {"label", "string"},
                            {"auto_approve", "boolean"},
                            {"max_uses", "integer"},
                            {"expires_in_hours", "integer"}},
                           {"customer_id"}),
              TokenSchema(), 201},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/enrollment-tokens",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(Json out, s.ListEnrollmentTokens(ctx.principal(), customer));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Enrolment tokens (never the token itself), newest first; ?customer_id= filters.",
              "agents", nullptr, ObjectSchema({{"tokens", "array"}})},
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/enrollment-tokens/{id}",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(s.RevokeEnrollmentToken(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Revoke an enrolment token: it enrols nothing more.", "agents", nullptr, nullptr,
              204},
      .owner_lookup = OwnerOf(s, AgentObject::kToken),
  });
}

void AddEnrolAndChannelRoutes(RouteTable& routes, AgentService& s) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/agent/enroll",
      .access = Access::kPublic,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.Enroll(body, ctx.request().remote_ip));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Called by steward-agent enroll: the enrolment token authenticates. Creates the "
              "device (a CI of the token's customer and site) or re-enrols the same machine, "
              "and returns the agent's own credential (shown once) and the public key that "
              "signs remote commands.",
              "agents",
              ObjectSchema({{"token", "string"},
                            {"hostname", "string"},
                            {"machine_id", "string"},
                            {"agent_version", "string"},
                            {"kind", "string"},
                            {"inventory", "object"}},
                           {"token", "hostname", "machine_id", "agent_version"}),
              ObjectSchema({{"device_id", "integer"},
                            {"customer_id", "integer"},
                            {"credential", "string"},
                            {"status", "string"},
                            {"command_public_key", "string"}}),
              201},
      .max_body_bytes = 2 * 1024 * 1024,
      .csrf_exempt = true,
  });
  routes.Add({
      .method = "GET",
      .pattern = std::string(proto::kAgentChannelPath),
      .access = Access::kPublic,
      .handler = [](RequestContext&) -> Result<ApiResponse> {
        Json error = {{"error",
                       {{"code", "upgrade_required"},
                        {"message",
                         "the agent channel is a WebSocket (Authorization: Bearer "
                         "<agent credential>)"},
                        {"field", nullptr}}}};
        ApiResponse r{426, std::move(error), {}, "application/json", {}};
        r.headers.emplace_back("Upgrade", "websocket");
        return r;
      },
      .doc = {"The agent channel: a WebSocket authenticated with the agent's credential. JSON "
              "text frames: hello/welcome, batch {seq, samples, inventory}/ack|nack, "
              "result/result_ack, ping/pong, and signed command frames from the server. See "
              "docs/agents.md. A plain GET answers 426.",
              "agents", nullptr, nullptr, 101},
  });
}

void AddAgentAdminRoutes(RouteTable& routes, AgentService& s) {
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/agents",
      .roles = RoleSet::AllStaff(),
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto customer, ctx.QueryInt("customer_id", 1, kMaxId));
        std::optional<std::string> status = ctx.request().QueryParam("status");
        if (status && *status != "quarantined" && *status != "approved" && *status != "revoked") {
          return Status::InvalidArgument("quarantined, approved or revoked", "status");
        }
        STEWARD_ASSIGN_OR_RETURN(Json out, s.ListAgents(ctx.principal(), customer, status));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Enrolled agents with their trust state; ?customer_id= and "
              "?status=quarantined|approved|revoked filter.",
              "agents", nullptr, ObjectSchema({{"agents", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/agents/{id}",
      .roles = RoleSet::AllStaff(),
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.GetAgent(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"One agent, by its device id.", "agents", nullptr, AgentSchema()},
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/agents/{id}/approve",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        bool as_new_device = false;
        if (!ctx.request().body.empty()) {
          STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
          ObjectReader r(body);
          as_new_device = r.OptionalBool("as_new_device").value_or(false);
          STEWARD_RETURN_IF_ERROR(r.Finish());
        }
        STEWARD_ASSIGN_OR_RETURN(Json out, s.ApproveAgent(ctx.actor(), id, as_new_device));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Take a device out of quarantine: its buffered data is accepted from now on. An "
              "agent that re-enrolled with a known machine id (claims_device_id) is bound to "
              "that device: the old agent is cut off and the response is the device it now "
              "reports as. With {\"as_new_device\": true} it stays a device of its own. A "
              "revoked device is never bound again (409).",
              "agents", ObjectSchema({{"as_new_device", "boolean"}}), AgentSchema()},
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/agents/{id}/revoke",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.RevokeAgent(ctx.actor(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Revoke the agent's credential: its channel is closed at once and every later "
              "connection refused; pending commands are cancelled.",
              "agents", nullptr, AgentSchema()},
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/agents/{id}",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.UpdateAgent(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Enable or disable remote commands for the device (off for a fresh agent).", "agents",
              ObjectSchema({{"commands_enabled", "boolean"}}), AgentSchema()},
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
}

void AddCommandRoutes(RouteTable& routes, AgentService& s) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/scripts",
      .roles = kCommandRunners,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.CreateScript(ctx.actor(), body));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Add a script to the library.", "agents",
              ObjectSchema({{"name", "string"},
                            {"description", "string"},
                            {"interpreter", "string"},
                            {"body", "string"}},
                           {"name", "body"}),
              ObjectSchema({{"id", "integer"}, {"name", "string"}, {"body", "string"}}), 201},
      .max_body_bytes = 128 * 1024,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/scripts",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json out, s.ListScripts(ctx.principal()));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The script library.", "agents", nullptr, ObjectSchema({{"scripts", "array"}})},
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/devices/{id}/commands",
      .roles = kCommandRunners,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.CreateCommand(ctx.actor(), id, body));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Run a command (script text, or script_id from the library) on a device. The "
              "server signs it for this device with an expiry and a nonce; the agent checks "
              "all of them. 409 unless the agent is approved and commands are enabled.",
              "agents",
              ObjectSchema({{"script", "string"},
                            {"script_id", "integer"},
                            {"interpreter", "string"},
                            {"args", "array"},
                            {"timeout_seconds", "integer"},
                            {"expires_in_seconds", "integer"}}),
              CommandSchema(), 201},
      .max_body_bytes = 128 * 1024,
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/device-groups/{id}/commands",
      .roles = kCommandRunners,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.CreateGroupCommand(ctx.actor(), id, body));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Run a command on every device of a group (at most 25: larger jobs need a "
              "second approver, not built yet). Each device gets its own signed command; "
              "devices without an approved agent or with commands disabled are listed in "
              "\"skipped\".",
              "agents",
              ObjectSchema({{"script", "string"},
                            {"script_id", "integer"},
                            {"args", "array"},
                            {"timeout_seconds", "integer"},
                            {"expires_in_seconds", "integer"}}),
              ObjectSchema({{"commands", "array"}, {"skipped", "array"}}), 201},
      .max_body_bytes = 128 * 1024,
      .owner_lookup = OwnerOf(s, AgentObject::kGroup),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/commands",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.ListCommands(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"A device's command runs, newest first (without output).", "agents", nullptr,
              ObjectSchema({{"commands", "array"}})},
      .owner_lookup = OwnerOf(s, AgentObject::kAgent),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/commands/{id}",
      .roles = kAgentAdmins,
      .handler = [&s](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, s.GetCommand(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"One command run with its status (pending, delivered, running — with the output "
              "so far —, completed, timed_out, "
              "refused, failed, expired, cancelled), exit code and captured output.",
              "agents", nullptr, CommandSchema()},
      .owner_lookup = OwnerOf(s, AgentObject::kCommand),
  });
}

}  // namespace

void AddAgentRoutes(RouteTable& routes, const ApiDeps& deps) {
  AddTokenRoutes(routes, deps.agents);
  AddEnrolAndChannelRoutes(routes, deps.agents);
  AddAgentAdminRoutes(routes, deps.agents);
  AddCommandRoutes(routes, deps.agents);
}

}  // namespace steward::api
