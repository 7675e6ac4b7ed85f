// Registration functions, one per area; BuildRoutes (api_server.h) calls each.
#pragma once

#include <cstdint>
#include <limits>

#include "server/api/api_deps.h"
#include "server/api/route_table.h"

namespace steward::api {

void AddAuthRoutes(RouteTable& routes, const ApiDeps& deps);
void AddUserRoutes(RouteTable& routes, const ApiDeps& deps);
void AddSystemRoutes(RouteTable& routes, const ApiDeps& deps);
void AddCmdbRoutes(RouteTable& routes, const ApiDeps& deps);
void AddMonitoringRoutes(RouteTable& routes, const ApiDeps& deps);
void AddAgentRoutes(RouteTable& routes, const ApiDeps& deps);
void AddWebhookRoutes(RouteTable& routes, const ApiDeps& deps);
void AddServiceDeskRoutes(RouteTable& routes, const ApiDeps& deps);
void AddMailRoutes(RouteTable& routes, const ApiDeps& deps);
void AddKnowledgeRoutes(RouteTable& routes, const ApiDeps& deps);
void AddBillingRoutes(RouteTable& routes, const ApiDeps& deps);
void AddHoursRoutes(RouteTable& routes, const ApiDeps& deps);
// Called by AddBillingRoutes: voiding, AR aging, the accounting export.
void AddBillingLedgerRoutes(RouteTable& routes, const ApiDeps& deps);
void AddInvoiceDocumentRoutes(RouteTable& routes, const ApiDeps& deps);
// Expenses with receipts (billing).
void AddExpenseRoutes(RouteTable& routes, const ApiDeps& deps);
// Patch management: scan reports, update records, compliance, class overrides.
void AddPatchRoutes(RouteTable& routes, const ApiDeps& deps);
void AddChangeWindowRoutes(RouteTable& routes, const ApiDeps& deps);
// Change management: RFCs, votes, conflicts, the change calendar, freezes.
void AddChangeRoutes(RouteTable& routes, const ApiDeps& deps);
void AddDeploymentRoutes(RouteTable& routes, const ApiDeps& deps);
void AddReleaseRoutes(RouteTable& routes, const ApiDeps& deps);
// Last: the public catch-all for the web console's static files.
void AddStaticRoutes(RouteTable& routes, const ApiDeps& deps);

// The body limit of routes that take a JSON object (kMaxId, the largest id
// a path or query may name, is core/json.h's).
inline constexpr size_t kJsonBody = 64 * 1024;

// Schema helpers for route docs.
Json ObjectSchema(std::initializer_list<std::pair<const char*, const char*>> props,
                  std::initializer_list<const char*> required = {});

}  // namespace steward::api
