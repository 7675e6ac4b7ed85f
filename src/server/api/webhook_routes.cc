// Webhook routes (owner, service manager): endpoints and their delivery log.
#include <limits>

#include "server/api/routes.h"
#include "server/notify/webhooks.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

constexpr RoleSet kManagers = {Role::kOwner, Role::kServiceManager};

Json EndpointSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"customer_id", "integer"},
                       {"url", "string"},
                       {"events", "array"},
                       {"description", "string"},
                       {"active", "boolean"},
                       {"secret", "string"},
                       {"created_at", "string"}});
}

}  // namespace

void AddWebhookRoutes(RouteTable& routes, const ApiDeps& deps) {
  notify::WebhookService& w = deps.webhooks;
  OwnerLookup owner = [&w](int64_t id) { return w.OwnerOf(id); };
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/webhooks",
      .roles = kManagers,
      .handler = [&w](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json out, w.Create(ctx.actor(), body));
        return ApiResponse::Created(std::move(out));
      },
      .doc = {"Add a webhook endpoint: url (http/https, no link-local or internal addresses "
              "unless the server allows them), events (alert.opened, alert.resolved or \"*\"), "
              "customer_id (omit for every customer). The signing secret is returned once. "
              "Deliveries carry X-Steward-Event, X-Steward-Delivery, X-Steward-Timestamp and "
              "X-Steward-Signature: sha256=HMAC(secret, timestamp + \".\" + body).",
              "notifications",
              ObjectSchema({{"url", "string"},
                            {"events", "array"},
                            {"customer_id", "integer"},
                            {"description", "string"}},
                           {"url"}),
              EndpointSchema(), 201},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/webhooks",
      .roles = kManagers,
      .handler = [&w](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json out, w.List(ctx.principal()));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Active webhook endpoints (without their secrets).", "notifications", nullptr,
              ObjectSchema({{"webhooks", "array"}})},
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/webhooks/{id}",
      .roles = kManagers,
      .handler = [&w](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(w.Delete(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove an endpoint; its pending deliveries are cancelled.", "notifications", nullptr,
              nullptr, 204},
      .owner_lookup = owner,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/webhooks/{id}/deliveries",
      .roles = kManagers,
      .handler = [&w](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json out, w.Deliveries(ctx.principal(), id));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"The delivery log of an endpoint, newest first: event, status (pending, "
              "delivered, failed, cancelled), attempts, last HTTP status, error and duration.",
              "notifications", nullptr, ObjectSchema({{"deliveries", "array"}})},
      .owner_lookup = owner,
  });
}

}  // namespace steward::api
