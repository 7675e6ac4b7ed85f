// Login, logout, the current user, password change and TOTP enrolment.
#include "server/accounts/account_service.h"
#include "server/api/api_server.h"
#include "server/api/routes.h"

namespace steward::api {

using accounts::RoleSet;

namespace {

std::string SessionCookie(const std::string& value, bool tls, int max_age) {
  // HttpOnly: scripts cannot read it; SameSite=Strict: other sites cannot
  // make the browser send it; Secure whenever we are served over TLS.
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" +
         (tls ? "; Secure" : "") + "; Max-Age=" + std::to_string(max_age);
}

}  // namespace

void AddAuthRoutes(RouteTable& routes, const ApiDeps& deps) {
  auto& accounts = deps.accounts;

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/login",
      .access = Access::kPublic,
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string email = r.RequiredString("email", 1, 254);
        std::string password = r.RequiredString("password", 1, 200);
        auto totp = r.OptionalString("totp", 10);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        auto ua = ctx.request().Header("User-Agent").value_or("");
        STEWARD_ASSIGN_OR_RETURN(
            accounts::LoginResult login,
            accounts.Login(email, password, totp, ctx.request().remote_ip, std::string(ua)));
        auto max_age =
            std::chrono::duration_cast<std::chrono::seconds>(accounts.policy().absolute_timeout)
                .count();
        ctx.extra_headers().emplace_back(
            "Set-Cookie",
            SessionCookie(login.session_token, ctx.request().tls, static_cast<int>(max_age)));
        return ApiResponse::Ok({{"csrf_token", login.csrf_token},
                                {"user", login.user},
                                {"mfa_setup_required", login.mfa_setup_required}});
      },
      .doc = {"Log in with e-mail and password (and a TOTP code when enabled); sets the "
              "session cookie and returns the CSRF token for X-CSRF-Token.",
              "auth",
              ObjectSchema({{"email", "string"}, {"password", "string"}, {"totp", "string"}},
                           {"email", "password"}),
              ObjectSchema({{"csrf_token", "string"},
                            {"user", "object"},
                            {"mfa_setup_required", "boolean"}})},
      .max_body_bytes = 4096,
      .csrf_exempt = true,
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/logout",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        if (ctx.principal().method == accounts::AuthMethod::kSession) {
          STEWARD_RETURN_IF_ERROR(accounts.Logout(ctx.principal(), ctx.request().remote_ip));
        }
        ctx.extra_headers().emplace_back("Set-Cookie", SessionCookie("", ctx.request().tls, 0));
        return ApiResponse::NoContent();
      },
      .doc = {"End the current session.", "auth", nullptr, nullptr, 204},
      .allowed_in_mfa_setup = true,
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/auth/me",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json user,
                                 accounts.GetUser(ctx.principal(), ctx.principal().user_id));
        Json out = {{"user", user}, {"mfa_setup_required", ctx.principal().mfa_setup_only}};
        // The console reloads without re-login; it gets its CSRF token here.
        // Same-origin JSON: another site cannot read it.
        if (ctx.principal().method == accounts::AuthMethod::kSession) {
          out["csrf_token"] = ctx.principal().csrf_token;
        }
        return ApiResponse::Ok(out);
      },
      .doc = {"The logged-in user.", "auth", nullptr,
              ObjectSchema({{"user", "object"}, {"csrf_token", "string"}})},
      .allowed_in_mfa_setup = true,
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/password",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string current = r.RequiredString("current_password", 1, 200);
        std::string replacement = r.RequiredString("new_password", 1, 200);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        STEWARD_RETURN_IF_ERROR(accounts.ChangeOwnPassword(ctx.actor(), current, replacement));
        return ApiResponse::NoContent();
      },
      .doc = {"Change your own password; ends all your sessions.", "auth",
              ObjectSchema({{"current_password", "string"}, {"new_password", "string"}},
                           {"current_password", "new_password"}),
              nullptr, 204},
      .max_body_bytes = 4096,
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/totp/setup",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(accounts::TotpEnrolment e, accounts.BeginTotp(ctx.actor()));
        return ApiResponse::Ok({{"secret", e.secret_base32}, {"otpauth_uri", e.otpauth_uri}});
      },
      .doc = {"Start TOTP enrolment: returns the shared secret to add to an authenticator app.",
              "auth", nullptr, ObjectSchema({{"secret", "string"}, {"otpauth_uri", "string"}})},
      .allowed_in_mfa_setup = true,
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/totp/enable",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string code = r.RequiredString("code", 1, 10);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        STEWARD_RETURN_IF_ERROR(accounts.EnableTotp(ctx.actor(), code));
        return ApiResponse::NoContent();
      },
      .doc = {"Finish TOTP enrolment with a current code.", "auth",
              ObjectSchema({{"code", "string"}}, {"code"}), nullptr, 204},
      .max_body_bytes = 1024,
      .allowed_in_mfa_setup = true,
  });

  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/auth/totp/disable",
      .roles = RoleSet::Everyone(),
      .handler = [&accounts](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        std::string code = r.RequiredString("code", 1, 10);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        STEWARD_RETURN_IF_ERROR(accounts.DisableTotp(ctx.actor(), ctx.principal().user_id, code));
        return ApiResponse::NoContent();
      },
      .doc = {"Turn off your own TOTP second factor (needs a current code).", "auth",
              ObjectSchema({{"code", "string"}}, {"code"}), nullptr, 204},
      .max_body_bytes = 1024,
  });
}

}  // namespace steward::api
