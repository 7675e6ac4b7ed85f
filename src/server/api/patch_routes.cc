// Patch management routes (SPEC §4, issue 14): a device's scan report (the
// agent sends the same through its channel), the device's update records
// with their deadlines and clocks, a customer's compliance, and the
// customer's class overrides.
#include "server/api/patch_json.h"
#include "server/api/routes.h"
#include "server/cmdb/cmdb_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

Json UpdateSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"device_id", "integer"},
                       {"customer_id", "integer"},
                       {"package", "string"},
                       {"installed_version", "string"},
                       {"candidate_version", "string"},
                       {"origin", "string"},
                       {"severity", "string"},
                       {"cves", "array"},
                       {"advisories", "array"},
                       {"reboot_suggested", "boolean"},
                       {"class", "string"},
                       {"first_seen_at", "string"},
                       {"last_seen_at", "string"},
                       {"deadline", "string"},
                       {"status", "string"},
                       {"clock", "string"},
                       {"resolved_at", "string"},
                       {"approval", "object"}});
}

}  // namespace

void AddPatchRoutes(RouteTable& routes, const ApiDeps& deps) {
  patching::PatchService& patches = deps.patches;
  constexpr RoleSet kReporters = {Role::kOwner, Role::kServiceManager, Role::kTechnician};
  constexpr RoleSet kPolicyWriters = {Role::kOwner, Role::kServiceManager};
  // SPEC §4: the change manager approves or rejects updates.
  constexpr RoleSet kApprovers = {Role::kOwner, Role::kServiceManager, Role::kChangeManager};
  constexpr RoleSet kPolicyReaders = {Role::kOwner, Role::kServiceManager, Role::kChangeManager,
                                      Role::kTechnician};
  auto device_owner = [&patches](int64_t id) { return patches.DeviceOwner(id); };
  cmdb::CmdbService& cmdb = deps.cmdb;
  OwnerLookup customer_owner = [&cmdb](int64_t id) {
    return cmdb.OwnerOf(cmdb::ObjectKind::kCustomer, id);
  };

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/devices/{id}/updates/report",
      .roles = kReporters,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(patching::UpdateReport report, ReadUpdateReport(body));
        STEWARD_ASSIGN_OR_RETURN(patching::ReportOutcome out,
                                 patches.Report(ctx.actor(), id, report));
        return ApiResponse::Ok(ReportOutcomeJson(out));
      },
      .doc = {"Report every update pending on a device now (the agent sends the same through "
              "its channel; scripts use a token with the ingest scope). An empty list means "
              "fully patched. Each package keeps the time it was first seen while newer "
              "candidates replace each other; one no longer listed is recorded as installed. "
              "The class (critical, important, moderate, low, service_release, "
              "major_revision) comes from the customer's overrides, then the distribution's "
              "severity, a -security origin or CVEs, then a new major version; the deadline "
              "counts the customer's business days (3 or 10) or calendar months (3, 6, 12).",
              "patching", ObjectSchema({{"family", "string"}, {"updates", "array"}}, {"updates"}),
              ObjectSchema(
                  {{"pending", "integer"}, {"added", "integer"}, {"installed", "integer"}})},
      .max_body_bytes = 8 * 1024 * 1024,
      .owner_lookup = device_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/devices/{id}/updates",
      .roles = RoleSet::Everyone(),
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto history, ctx.QueryInt("history", 0, 1));
        STEWARD_ASSIGN_OR_RETURN(
            patching::DeviceUpdates u,
            patches.DeviceUpdatesOf(ctx.principal(), id, history.value_or(0) == 1));
        Json list = Json::array();
        for (const patching::UpdateView& v : u.updates) list.push_back(UpdateViewJson(v));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"The device's pending updates, soonest deadline first, each with its class, "
              "first_seen_at, deadline, status (pending, installed) and clock (ok, warning from "
              "75 % of the allowed time, overdue). history=1 adds the updates since installed.",
              "patching", nullptr, Json{{"type", "array"}, {"items", UpdateSchema()}}},
      .owner_lookup = device_owner,
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/devices/{id}/updates/{update_id}/approval",
      .roles = kApprovers,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t update_id, ctx.PathId("update_id"));
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string decision = r.RequiredEnum("decision", {"approve", "reject"});
        std::string note = r.OptionalString("note", 500).value_or("");
        STEWARD_RETURN_IF_ERROR(r.Finish());
        STEWARD_ASSIGN_OR_RETURN(
            patching::UpdateView v,
            patches.DecideUpdate(ctx.actor(), id, update_id,
                                 decision == "approve" ? patching::Approval::kApproved
                                                       : patching::Approval::kRejected,
                                 note));
        return ApiResponse::Ok(UpdateViewJson(v));
      },
      .doc = {"Approve or reject one pending update: {\"decision\":\"approve|reject\",\"note\"}. "
              "An approval in force stops its deadline clock; a rejection takes it out of the "
              "compliance count. A person's decision stays whatever the policy says later.",
              "patching", ObjectSchema({{"decision", "string"}, {"note", "string"}}, {"decision"}),
              UpdateSchema()},
      .owner_lookup = device_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/update-approval-policy",
      .roles = kPolicyReaders,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(auto target_id, ctx.QueryInt("target_id", 0, kMaxId));
        STEWARD_ASSIGN_OR_RETURN(
            patching::PolicyTarget target,
            PolicyTargetOf(ctx.request().QueryParam("level").value_or("global"), target_id));
        STEWARD_ASSIGN_OR_RETURN(auto rules, patches.ApprovalPolicy(ctx.principal(), target));
        return ApiResponse::Ok(ApprovalPolicyJson(target, rules));
      },
      .doc = {"The approval rules set at one level: ?level=global|customer|group|device and "
              "target_id (the customer, group or device).",
              "patching", nullptr,
              ObjectSchema({{"level", "string"}, {"target_id", "integer"}, {"rules", "array"}})},
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/update-approval-policy",
      .roles = kApprovers,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(ApprovalPolicyBody policy, ReadApprovalPolicy(body));
        STEWARD_ASSIGN_OR_RETURN(
            auto rules, patches.SetApprovalPolicy(ctx.actor(), policy.target, policy.rules));
        return ApiResponse::Ok(ApprovalPolicyJson(policy.target, rules));
      },
      .doc = {"Replace the approval rules of one level and target: {\"level\",\"target_id\","
              "\"rules\":[{\"class\",\"mode\":\"automatic|manual|reject\",\"delay_days\"}]}. "
              "For a device, the most specific level with a rule for the class decides (device "
              "> group > customer > global); within a level the most cautious rule wins; no "
              "rule means manual. Updates no person decided follow from their next scan.",
              "patching",
              ObjectSchema({{"level", "string"}, {"target_id", "integer"}, {"rules", "array"}},
                           {"level", "rules"}),
              ObjectSchema({{"level", "string"}, {"target_id", "integer"}, {"rules", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/patch-compliance",
      .roles = RoleSet::Everyone(),
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(patching::CustomerCompliance c,
                                 patches.Compliance(ctx.principal(), id));
        return ApiResponse::Ok(ComplianceJson(c));
      },
      .doc = {"The customer's patch compliance: managed devices (servers and workstations not "
              "retired), those compliant (a scan within 48 hours and nothing past its deadline), "
              "those unknown (no fresh scan), the percent compliant and the overdue updates by "
              "class.",
              "patching", nullptr,
              ObjectSchema({{"devices", "integer"},
                            {"compliant", "integer"},
                            {"unknown", "integer"},
                            {"fully_patched", "integer"},
                            {"percent", "number"},
                            {"overdue_by_class", "object"}})},
      .owner_lookup = customer_owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/customers/{id}/update-class-overrides",
      .roles = kReporters,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto list, patches.Overrides(ctx.principal(), id));
        return ApiResponse::Ok(ClassOverridesJson(list));
      },
      .doc = {"The customer's update class overrides: {\"overrides\":[{\"pattern\",\"class\"}]}.",
              "patching", nullptr, ObjectSchema({{"overrides", "array"}})},
      .owner_lookup = customer_owner,
  });
  routes.Add({
      .method = "PUT",
      .pattern = "/api/v1/customers/{id}/update-class-overrides",
      .roles = kPolicyWriters,
      .handler = [&patches](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(auto overrides, ReadClassOverrides(body));
        STEWARD_ASSIGN_OR_RETURN(auto list, patches.SetOverrides(ctx.actor(), id, overrides));
        return ApiResponse::Ok(ClassOverridesJson(list));
      },
      .doc = {"Replace the customer's class overrides. A pattern is a package name (it wins) "
              "or a glob with * and ? (the longest matching wins). They classify the next "
              "scan; a waiting update's class only ever becomes more urgent.",
              "patching", ObjectSchema({{"overrides", "array"}}, {"overrides"}),
              ObjectSchema({{"overrides", "array"}})},
      .owner_lookup = customer_owner,
  });
}

}  // namespace steward::api
