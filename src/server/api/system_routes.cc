// Health, metrics, the OpenAPI document, the audit trail, MSP settings and
// (only under --fake-time) the test clock.
#include "core/time_format.h"
#include "server/accounts/account_service.h"
#include "server/api/metrics.h"
#include "server/api/openapi.h"
#include "server/api/routes.h"
#include "server/audit/audit_log.h"
#include "server/audit/audit_sink.h"
#include "server/billing/invoice_document_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;

void AddSystemRoutes(RouteTable& routes, const ApiDeps& deps) {
  storage::Database& db = deps.db;

  routes.Add({
      .method = "GET",
      .pattern = "/healthz",
      .access = Access::kPublic,
      .handler = [&db](RequestContext&) -> Result<ApiResponse> {
        Status s =
            db.Read([](storage::Connection& c) { return c.Query("SELECT 1 AS one").status(); });
        if (!s.ok()) return Status::Unavailable("database unreachable");
        return ApiResponse::Ok({{"status", "ok"}, {"database", "ok"}});
      },
      .doc = {"Liveness and database reachability (for load balancers).", "system", nullptr,
              ObjectSchema({{"status", "string"}, {"database", "string"}})},
  });

  routes.Add({
      .method = "GET",
      .pattern = "/metrics",
      .roles = RoleSet{Role::kOwner, Role::kServiceManager},
      .handler = [&metrics = deps.metrics](RequestContext&) -> Result<ApiResponse> {
        return ApiResponse::Raw("text/plain; version=0.0.4", metrics.RenderPrometheus());
      },
      .doc = {"Prometheus metrics: requests by route and status, latency histograms. Scrape "
              "with a bearer token.",
              "system"},
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/openapi.json",
      .access = Access::kPublic,
      .handler = [&routes](RequestContext&) -> Result<ApiResponse> {
        return ApiResponse::Ok(BuildOpenApi(routes));
      },
      .doc = {"This document.", "system"},
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/audit",
      .roles = RoleSet{Role::kOwner},
      .handler = [&db](RequestContext& ctx) -> Result<ApiResponse> {
        audit::AuditQuery q;
        if (auto since = ctx.request().QueryParam("since")) {
          auto t = ParseIso8601(*since);
          if (!t.ok()) return Status::InvalidArgument(t.status().message(), "since");
          q.since = *t;
        }
        if (auto action = ctx.request().QueryParam("action")) {
          if (action->size() > 64) return Status::InvalidArgument("too long", "action");
          q.action_prefix = *action;
        }
        STEWARD_ASSIGN_OR_RETURN(auto before, ctx.QueryInt("before_id", 1, INT64_MAX));
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 500));
        q.before_id = before.value_or(0);
        q.limit = static_cast<int>(limit.value_or(100));
        Json events;
        STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
          STEWARD_ASSIGN_OR_RETURN(events, audit::List(c, q));
          return Status::Ok();
        }));
        return ApiResponse::Ok({{"events", events}});
      },
      .doc = {"The audit trail, newest first (filters: since, action prefix, before_id, limit).",
              "audit", nullptr, ObjectSchema({{"events", "array"}})},
  });

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/audit/verify",
      .roles = RoleSet{Role::kOwner},
      .handler = [&db,
                  sink = audit::SinkFileIn(deps.data_dir)](RequestContext&) -> Result<ApiResponse> {
        Status chain = Status::Ok(), copy = Status::Ok();
        STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
          chain = audit::VerifyChain(c);
          if (chain.code() != StatusCode::kDataLoss && !chain.ok()) return chain;
          copy = audit::VerifyAgainstSink(c, sink);
          return copy.code() == StatusCode::kDataLoss ? Status::Ok() : copy;
        }));
        const Status& first_problem = !chain.ok() ? chain : copy;
        return ApiResponse::Ok({{"intact", chain.ok() && copy.ok()},
                                {"chain_intact", chain.ok()},
                                {"matches_sink", copy.ok()},
                                {"message", first_problem.message()}});
      },
      .doc = {"Check the audit trail: its hash chain (a record altered, removed or reordered) "
              "and the copy in the audit sink (records cut off or the chain rebuilt).",
              "audit", nullptr,
              ObjectSchema({{"intact", "boolean"},
                            {"chain_intact", "boolean"},
                            {"matches_sink", "boolean"},
                            {"message", "string"}})},
  });

  // MSP-wide settings: two-factor for staff, and the branding on invoices.
  auto settings_json = [&accounts = deps.accounts, &documents = deps.invoice_documents](
                           const accounts::Principal& viewer) -> Result<Json> {
    STEWARD_ASSIGN_OR_RETURN(bool mfa, accounts.MfaRequiredForStaff());
    STEWARD_ASSIGN_OR_RETURN(billing::Branding branding, documents.GetBranding(viewer));
    return Json{{"mfa_required_for_staff", mfa},
                {"msp_name", branding.name},
                {"invoice_accent_color", branding.accent_color}};
  };
  const Json settings_schema = ObjectSchema({{"mfa_required_for_staff", "boolean"},
                                             {"msp_name", "string"},
                                             {"invoice_accent_color", "string"}});

  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/settings",
      .roles = RoleSet{Role::kOwner},
      .handler = [settings_json](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json out, settings_json(ctx.principal()));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"MSP-wide settings: mfa_required_for_staff; msp_name and invoice_accent_color "
              "(#rrggbb), shown on invoices (the logo is <data_dir>/branding/logo.png).",
              "settings", nullptr, settings_schema},
  });

  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/settings",
      .roles = RoleSet{Role::kOwner},
      .handler = [&accounts = deps.accounts, &documents = deps.invoice_documents,
                  settings_json](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        ObjectReader r(body);
        auto mfa = r.OptionalBool("mfa_required_for_staff");
        billing::BrandingUpdate branding;
        branding.msp_name = r.OptionalString("msp_name", 200);
        branding.accent_color = r.OptionalString("invoice_accent_color", 7);
        STEWARD_RETURN_IF_ERROR(r.Finish());
        if (branding.msp_name || branding.accent_color) {
          STEWARD_RETURN_IF_ERROR(documents.SetBranding(ctx.actor(), branding).status());
        }
        if (mfa) STEWARD_RETURN_IF_ERROR(accounts.SetMfaRequiredForStaff(ctx.actor(), *mfa));
        STEWARD_ASSIGN_OR_RETURN(Json out, settings_json(ctx.principal()));
        return ApiResponse::Ok(std::move(out));
      },
      .doc = {"Change MSP-wide settings (mfa_required_for_staff: staff must use TOTP; msp_name "
              "and invoice_accent_color \"#rrggbb\": the MSP's name and colour on its "
              "invoices).",
              "settings", settings_schema, settings_schema},
      .max_body_bytes = 4096,
  });

  if (deps.fake_clock) {
    // Exists only when the server was started with --fake-time: there is no
    // way to move a real server's clock.
    routes.Add({
        .method = "POST",
        .pattern = "/api/v1/test/clock",
        .roles = RoleSet{Role::kOwner},
        .handler = [clock = deps.fake_clock](RequestContext& ctx) -> Result<ApiResponse> {
          STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
          ObjectReader r(body);
          auto set = r.OptionalString("set", 64);
          auto advance = r.OptionalInt("advance_seconds", 0, 10LL * 365 * 86400);
          STEWARD_RETURN_IF_ERROR(r.Finish());
          if (set.has_value() == advance.has_value()) {
            return Status::InvalidArgument("give exactly one of set or advance_seconds");
          }
          if (set) {
            auto t = ParseIso8601(*set);
            if (!t.ok()) return Status::InvalidArgument(t.status().message(), "set");
            clock->Set(*t);
          } else {
            clock->Advance(std::chrono::seconds(*advance));
          }
          return ApiResponse::Ok({{"now", FormatIso8601(clock->Now())}});
        },
        .doc = {"Fake-time mode only: set or advance the server clock.", "test",
                ObjectSchema({{"set", "string"}, {"advance_seconds", "integer"}}),
                ObjectSchema({{"now", "string"}})},
        .max_body_bytes = 1024,
    });
  }
}

}  // namespace steward::api
