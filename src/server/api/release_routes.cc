// Releases (issue 14 item 6): an RFC's updates on the customer's test group
// first, then a soak; the change is approved for the rest only once its
// newest release passed.
#include "core/time_format.h"
#include "server/api/routes.h"
#include "server/deploy/release_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

// Installing on the test group runs code there: the roles that deploy.
constexpr RoleSet kReleasers = {Role::kOwner, Role::kTechnician};
constexpr RoleSet kReleaseReaders = {Role::kOwner, Role::kServiceManager, Role::kTechnician,
                                     Role::kChangeManager};

Json ReleaseJson(const deploy::Release& r) {
  return {{"id", r.id},
          {"customer_id", r.customer_id},
          {"change_id", r.change_id},
          {"test_group_id", r.test_group_id},
          {"test_group_name", r.test_group_name},
          {"deployment_id", r.deployment_id},
          {"packages", r.packages},
          {"soak_hours", r.soak_hours},
          {"status", deploy::ReleaseStatusName(r.status)},
          {"reason", r.reason},
          {"soak_started_at", IsoOrNull(r.soak_started_at)},
          {"soak_ends_at", IsoOrNull(r.soak_ends_at)},
          {"decided_at", IsoOrNull(r.decided_at)},
          {"created_by", r.created_by ? Json(*r.created_by) : Json(nullptr)},
          {"created_at", FormatIso8601(r.created_at)},
          {"updated_at", FormatIso8601(r.updated_at)}};
}

Json ReleaseSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"change_id", "integer"},
                       {"test_group_id", "integer"},
                       {"deployment_id", "integer"},
                       {"packages", "array"},
                       {"soak_hours", "integer"},
                       {"status", "string"},
                       {"reason", "string"}});
}

Result<deploy::NewRelease> ReadNewRelease(int64_t change_id, const Json& body) {
  ObjectReader r(body);
  deploy::NewRelease n;
  n.change_id = change_id;
  n.test_group_id = r.RequiredInt("test_group_id", 1, kMaxId);
  auto packages = r.OptionalStringArray("packages", 200, 128);
  n.soak_hours = static_cast<int>(
      r.OptionalInt("soak_hours", 1, deploy::kMaxSoakHours).value_or(deploy::kDefaultSoakHours));
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!packages) return Status::InvalidArgument("is required: the packages to test", "packages");
  n.packages = std::move(*packages);
  return n;
}

}  // namespace

void AddReleaseRoutes(RouteTable& routes, const ApiDeps& deps) {
  deploy::ReleaseService& releases = deps.releases;
  change::ChangeService& changes = deps.changes;
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/changes/{id}/releases",
      .roles = kReleasers,
      .handler = [&releases](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(deploy::NewRelease n, ReadNewRelease(id, body));
        STEWARD_ASSIGN_OR_RETURN(deploy::Release r, releases.Create(ctx.actor(), n));
        return ApiResponse::Created(ReleaseJson(r));
      },
      .doc = {"Test a change's updates on the customer's test group before it is approved: "
              "test_group_id (a device group of 1 to 25 devices), packages, soak_hours (default "
              "24). The updates go to the test devices as a deployment of their own; when every "
              "test device installed them and no incident opened on one for the soak, the "
              "release passes and the change can be approved. Draft or submitted changes only; "
              "sessions only.",
              "changes",
              ObjectSchema(
                  {{"test_group_id", "integer"}, {"packages", "array"}, {"soak_hours", "integer"}}),
              ReleaseSchema(), 201},
      .owner_lookup = [&changes](int64_t id) { return changes.Owner(id); },
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/changes/{id}/releases",
      .roles = kReleaseReaders,
      .handler = [&releases](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(auto list, releases.ForChange(ctx.principal(), id));
        Json out = Json::array();
        for (const deploy::Release& r : list) out.push_back(ReleaseJson(r));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"A change's releases, newest first (the newest decides whether it may be "
              "approved).",
              "changes", nullptr, Json{{"type", "array"}, {"items", ReleaseSchema()}}},
      .owner_lookup = [&changes](int64_t id) { return changes.Owner(id); },
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/releases/{id}",
      .roles = kReleaseReaders,
      .handler = [&releases](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(deploy::Release r, releases.Get(ctx.principal(), id));
        return ApiResponse::Ok(ReleaseJson(r));
      },
      .doc = {"A release: testing (its test deployment runs), soaking (until soak_ends_at), "
              "passed or failed, with the reason.",
              "changes", nullptr, ReleaseSchema()},
      .owner_lookup = [&releases](int64_t id) { return releases.Owner(id); },
  });
}

}  // namespace steward::api
