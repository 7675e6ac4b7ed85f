// Users (staff and portal accounts) and API tokens.
#include "server/accounts/account_service.h"
#include "server/api/routes.h"
#include "server/api/token_scopes.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

namespace {

// Users are MSP-wide except portal users, who belong to a customer.
OwnerLookup UserOwner(storage::Database& db) {
  return [&db](int64_t id) -> Result<std::optional<int64_t>> {
    std::optional<int64_t> owner;
    STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(auto r,
                               c.QueryOptional("SELECT customer_id FROM users WHERE id = ?", {id}));
      if (r) owner = r->OptInt("customer_id").value_or(0);
      return Status::Ok();
    }));
    return owner;
  };
}

}  // namespace

void AddUserRoutes(RouteTable& routes, const ApiDeps& deps) {
  auto& accounts = deps.accounts;
  const RoleSet user_admins{Role::kOwner};
  const RoleSet user_readers{Role::kOwner, Role::kServiceManager};

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/users",
      .roles = user_readers,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json users, accounts.ListUsers(ctx.principal()));
        return ApiResponse::Ok({{"users", users}});
      },
      .doc = {"List staff and portal users.", "users", nullptr, ObjectSchema({{"users", "array"}})},
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/users",
      .roles = user_admins,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        accounts::NewUser u;
        u.email = r.RequiredString("email", 3, 254);
        u.password = r.RequiredString("password", 1, 200);
        std::string role =
            r.RequiredEnum("role", {"owner", "service_manager", "technician", "change_manager",
                                    "billing_admin", "account_manager", "portal"});
        u.name = r.OptionalString("name", 200).value_or("");
        u.customer_id = r.OptionalInt("customer_id", 1, INT64_MAX);
        u.contact_id = r.OptionalInt("contact_id", 1, INT64_MAX);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        u.role = *accounts::ParseRole(role);
        STEWARD_ASSIGN_OR_RETURN(int64_t id, accounts.CreateUser(ctx.actor(), u));
        STEWARD_ASSIGN_OR_RETURN(Json user, accounts.GetUser(ctx.principal(), id));
        return ApiResponse::Created(user);
      },
      .doc = {"Create a user. Portal users need customer_id.", "users",
              ObjectSchema({{"email", "string"},
                            {"password", "string"},
                            {"role", "string"},
                            {"name", "string"},
                            {"customer_id", "integer"},
                            {"contact_id", "integer"}},
                           {"email", "password", "role"}),
              ObjectSchema({{"id", "integer"}, {"email", "string"}, {"role", "string"}}), 201},
      .max_body_bytes = 8192,
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/users/{id}",
      .roles = user_readers,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json user, accounts.GetUser(ctx.principal(), id));
        return ApiResponse::Ok(user);
      },
      .doc = {"One user.", "users", nullptr, ObjectSchema({{"id", "integer"}})},
      .owner_lookup = UserOwner(deps.db),
  });

  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/users/{id}",
      .roles = user_admins,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json user, accounts.UpdateUser(ctx.actor(), id, body));
        return ApiResponse::Ok(user);
      },
      .doc = {"Change a user's name, role, staff profile (phone, expertise, responsibilities, "
              "availability, on_call) or disable them. Role changes and disabling end their "
              "sessions at once.",
              "users",
              ObjectSchema({{"name", "string"},
                            {"role", "string"},
                            {"disabled", "boolean"},
                            {"phone", "string"},
                            {"expertise", "array"},
                            {"responsibilities", "array"},
                            {"availability", "string"},
                            {"on_call", "boolean"}}),
              ObjectSchema({{"id", "integer"}})},
      .max_body_bytes = 16384,
      .owner_lookup = UserOwner(deps.db),
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/users/{id}/reset-password",
      .roles = user_admins,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string password = r.RequiredString("password", 1, 200);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        STEWARD_RETURN_IF_ERROR(accounts.ResetPassword(ctx.actor(), id, password));
        return ApiResponse::NoContent();
      },
      .doc = {"Set a new password for a user; ends their sessions.", "users",
              ObjectSchema({{"password", "string"}}, {"password"}), nullptr, 204},
      .max_body_bytes = 4096,
      .owner_lookup = UserOwner(deps.db),
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/users/{id}/totp/reset",
      .roles = user_admins,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(accounts.DisableTotp(ctx.actor(), id, std::nullopt));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove a user's lost second factor (they enrol again at next login).", "users",
              nullptr, nullptr, 204},
      .owner_lookup = UserOwner(deps.db),
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tokens",
      .roles = RoleSet::AllStaff(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json tokens, accounts.ListTokens(ctx.principal()));
        return ApiResponse::Ok({{"tokens", tokens}});
      },
      .doc = {"Your API tokens (owners see all). Secrets are never shown again.", "tokens", nullptr,
              ObjectSchema({{"tokens", "array"}})},
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tokens",
      .roles = RoleSet::AllStaff(),
      .handler = [&accounts, &routes](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string name = r.RequiredString("name", 1, 100);
        auto scope_names = r.OptionalStringArray("scopes", 16, 32);
        auto days = r.OptionalInt("days", 1, 3650);
        auto legacy_days = r.OptionalInt("expires_in_days", 1, 3650);
        auto totp = r.OptionalString("totp", 10);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        if (days && legacy_days) {
          return Status::InvalidArgument("send days or expires_in_days, not both", "days");
        }
        if (!days) days = legacy_days;
        // No scopes named: a read-only token. Writes are always asked for.
        accounts::TokenScopeSet scopes;
        scopes.Add(accounts::TokenScope::kRead);
        if (scope_names) {
          std::string bad;
          auto parsed = accounts::TokenScopeSet::FromNames(*scope_names, &bad);
          if (!parsed) return Status::InvalidArgument("unknown scope \"" + bad + "\"", "scopes");
          scopes = *parsed;
        }
        // A token never names a right its creator's role lacks.
        accounts::TokenScopeSet usable = ScopesUsableBy(ctx.principal().role, routes);
        for (const auto& s : scopes.Names()) {
          if (!usable.Contains(*accounts::ParseTokenScope(s))) {
            return Status(StatusCode::kPermissionDenied,
                          "your role (" + std::string(accounts::RoleName(ctx.principal().role)) +
                              ") has no rights under the \"" + s + "\" scope",
                          "scopes");
          }
        }
        std::optional<int> d;
        if (days) d = static_cast<int>(*days);
        STEWARD_ASSIGN_OR_RETURN(auto created,
                                 accounts.CreateToken(ctx.actor(), name, scopes, d, totp));
        Json out = created.info;
        out["token"] = created.token;
        return ApiResponse::Created(out);
      },
      .doc = {"Create an API bearer token (at most 90 days). `scopes` is a subset of read, "
              "servicedesk, monitoring, ingest, cmdb, billing, commands, agents, admin that "
              "your role can use (default [\"read\"]); commands, agents and admin need a "
              "session of a user with TOTP and a current code in `totp`. Every request the "
              "token makes needs your role and the route's scope. A token cannot create, list "
              "or revoke tokens. The token is shown once.",
              "tokens",
              Json{{"type", "object"},
                   {"required", {"name"}},
                   {"properties",
                    {{"name", {{"type", "string"}}},
                     {"scopes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                     {"days", {{"type", "integer"}}},
                     {"expires_in_days", {{"type", "integer"}}},
                     {"totp", {{"type", "string"}}}}}},
              ObjectSchema({{"token", "string"}, {"id", "integer"}, {"scopes", "array"}}), 201},
      .max_body_bytes = 4096,
  });

  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/tokens/{id}",
      .roles = RoleSet::AllStaff(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(accounts.RevokeToken(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Revoke an API token (yours; owners any).", "tokens", nullptr, nullptr, 204},
      .owner_lookup = [](int64_t) -> Result<std::optional<int64_t>> {
        return std::optional<int64_t>(0);  // tokens are MSP-wide objects
      },
  });
}

}  // namespace steward::api
