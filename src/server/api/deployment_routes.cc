// Patch deployments (issue 14 item 7): an approved change's updates going
// out to its devices in their change windows, with each device's state and
// each package's result.
#include "core/time_format.h"
#include "server/api/routes.h"
#include "server/deploy/deployment_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

// Deploying runs code on customer machines: the roles that run commands.
constexpr RoleSet kDeployers = {Role::kOwner, Role::kTechnician};
constexpr RoleSet kDeploymentReaders = {Role::kOwner, Role::kServiceManager, Role::kTechnician,
                                        Role::kChangeManager};

Result<deploy::NewDeployment> ReadNewDeployment(int64_t change_id, const Json& body) {
  ObjectReader r(body);
  deploy::NewDeployment n;
  n.change_id = change_id;
  auto packages = r.OptionalStringArray("packages", 200, 128);
  const Json* devices = r.OptionalRaw("device_ids");
  auto reboot = r.OptionalEnum("reboot", {"never", "if_required", "always"});
  auto missed = r.OptionalEnum("missed_window", {"next_window", "when_online"});
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!packages) return Status::InvalidArgument("is required: the packages to install", "packages");
  n.packages = std::move(*packages);
  if (devices) {
    if (!devices->is_array() || devices->size() > 1000) {
      return Status::InvalidArgument("must be an array of at most 1000 device ids", "device_ids");
    }
    for (const Json& id : *devices) {
      if (!id.is_number_integer() || id.get<int64_t>() < 1 || id.get<int64_t>() > kMaxId) {
        return Status::InvalidArgument("must hold positive integer ids", "device_ids");
      }
      n.device_ids.push_back(id.get<int64_t>());
    }
  }
  if (reboot) n.reboot = *deploy::ParseReboot(*reboot);
  if (missed) n.missed_window = *deploy::ParseMissedWindow(*missed);
  return n;
}

Result<deploy::ApprovalRequest> ReadApproval(const Json& body) {
  ObjectReader r(body);
  std::string decision = r.RequiredEnum("decision", {"approve", "reject"});
  std::string comment = r.OptionalString("comment", 2000).value_or("");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  deploy::ApprovalRequest a;
  a.decision = decision == "approve" ? deploy::ApprovalDecision::kApproved
                                     : deploy::ApprovalDecision::kRejected;
  a.comment = std::move(comment);
  if (a.decision == deploy::ApprovalDecision::kRejected && a.comment.empty()) {
    return Status::InvalidArgument("is required: say why the deployment is rejected", "comment");
  }
  return a;
}

Json PackagesJson(const std::vector<deploy::PackageVersion>& packages) {
  Json j = Json::array();
  for (const auto& p : packages) j.push_back({{"name", p.name}, {"version", p.version}});
  return j;
}

Json DeploymentJson(const deploy::Deployment& d) {
  Json targets = Json::array();
  for (const deploy::Target& t : d.targets) {
    Json results = Json::array();
    for (const deploy::PackageResult& r : t.results) {
      results.push_back({{"name", r.name},
                         {"outcome", deploy::PackageOutcomeName(r.outcome)},
                         {"version", r.version},
                         {"exit_code", r.exit_code ? Json(*r.exit_code) : Json(nullptr)},
                         {"log_tail", r.log_tail},
                         {"reason", r.reason}});
    }
    targets.push_back(
        {{"device_id", t.device_id},
         {"device_name", t.device_name},
         {"packages", PackagesJson(t.packages)},
         {"state", deploy::TargetStateName(t.state)},
         {"reason", t.reason},
         {"command_id", t.command_id ? Json(*t.command_id) : Json(nullptr)},
         {"attempts", t.attempts},
         {"next_attempt_at",
          t.next_attempt_at ? Json(FormatIso8601(*t.next_attempt_at)) : Json(nullptr)},
         {"results", std::move(results)},
         {"reboot_required", t.reboot_required},
         {"reboot",
          {{"state", deploy::RebootStateName(t.reboot_state)},
           {"since", IsoOrNull(t.reboot_since)},
           {"deadline", IsoOrNull(t.reboot_deadline)}}}});
  }
  Json approval = nullptr;
  if (d.second_approval) {
    const deploy::SecondApproval& a = *d.second_approval;
    approval = {{"reason", a.reason},
                {"decision", deploy::ApprovalDecisionName(a.decision)},
                {"decided_by", a.decided_by ? Json(*a.decided_by) : Json(nullptr)},
                {"decided_by_name", a.decided_by ? Json(a.decided_by_name) : Json(nullptr)},
                {"decided_at", IsoOrNull(a.decided_at)},
                {"comment", a.comment},
                {"expires_at", IsoOrNull(a.expires_at)}};
  }
  return {{"id", d.id},
          {"customer_id", d.customer_id},
          {"change_id", d.change_id},
          {"packages", d.packages},
          {"reboot", deploy::RebootName(d.reboot)},
          {"missed_window", deploy::MissedWindowName(d.missed_window)},
          {"status", deploy::DeploymentStatusName(d.status)},
          {"created_by", d.created_by ? Json(*d.created_by) : Json(nullptr)},
          {"created_by_name", d.created_by ? Json(d.created_by_name) : Json(nullptr)},
          {"second_approval", std::move(approval)},
          {"created_at", FormatIso8601(d.created_at)},
          {"updated_at", FormatIso8601(d.updated_at)},
          {"targets", std::move(targets)}};
}

Json DeploymentSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"change_id", "integer"},
                       {"packages", "array"},
                       {"reboot", "string"},
                       {"missed_window", "string"},
                       {"status", "string"},
                       {"second_approval", "object"},
                       {"targets", "array"}});
}

}  // namespace

void AddDeploymentRoutes(RouteTable& routes, const ApiDeps& deps) {
  deploy::DeploymentService& deployments = deps.deployments;
  change::ChangeService& changes = deps.changes;
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/changes/{id}/deployments",
      .roles = kDeployers,
      .handler = [&deployments](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(deploy::NewDeployment n, ReadNewDeployment(id, body));
        STEWARD_ASSIGN_OR_RETURN(deploy::Deployment d, deployments.Create(ctx.actor(), n));
        return ApiResponse::Created(DeploymentJson(d));
      },
      .doc = {"Deploy an approved or scheduled change's updates: packages (names; each device "
              "gets the version pending on it), device_ids (the change's devices; all when "
              "left out), reboot never | if_required (default) | always, missed_window "
              "next_window (default) | when_online. Each device's signed install_updates "
              "action goes out in its change window; a device with none of the packages "
              "pending is skipped. Sessions only: a token cannot deploy.",
              "changes",
              ObjectSchema({{"packages", "array"},
                            {"device_ids", "array"},
                            {"reboot", "string"},
                            {"missed_window", "string"}}),
              DeploymentSchema(), 201},
      .owner_lookup = [&changes](int64_t id) { return changes.Owner(id); },
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/changes/{id}/deployments",
      .roles = kDeploymentReaders,
      .handler = [&deployments](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto list, deployments.ForChange(ctx.principal(), id));
        Json out = Json::array();
        for (const deploy::Deployment& d : list) out.push_back(DeploymentJson(d));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"A change's deployments, newest first, each with its devices' states (the "
              "package results are on the deployment itself).",
              "changes", nullptr, Json{{"type", "array"}, {"items", DeploymentSchema()}}},
      .owner_lookup = [&changes](int64_t id) { return changes.Owner(id); },
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/deployments/{id}/approvals",
      .roles = kDeployers,
      .handler = [&deployments](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(deploy::ApprovalRequest a, ReadApproval(body));
        STEWARD_ASSIGN_OR_RETURN(deploy::Deployment d, deployments.Decide(ctx.actor(), id, a));
        return ApiResponse::Ok(DeploymentJson(d));
      },
      .doc = {"The second technician's decision on a deployment to more than 25 devices: "
              "decision approve | reject, comment (required to reject). 403 for the "
              "technician who created it; 409 when it is not awaiting approval. Approved, "
              "each device's command carries the approval signed with the approval key, "
              "which the agent checks. Sessions only.",
              "changes", ObjectSchema({{"decision", "string"}, {"comment", "string"}}),
              DeploymentSchema()},
      .owner_lookup = [&deployments](int64_t id) { return deployments.Owner(id); },
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/deployments/{id}",
      .roles = kDeploymentReaders,
      .handler = [&deployments](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(deploy::Deployment d, deployments.Get(ctx.principal(), id));
        return ApiResponse::Ok(DeploymentJson(d));
      },
      .doc = {"A deployment with each device's state (waiting, sent, installed, partial, "
              "failed, held, skipped), why, its attempts and the result of every package of "
              "its last command (installed, failed with exit code and log tail, held with "
              "the reason).",
              "changes", nullptr, DeploymentSchema()},
      .owner_lookup = [&deployments](int64_t id) { return deployments.Owner(id); },
  });
}

}  // namespace steward::api
