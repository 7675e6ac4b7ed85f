#include "server/api/routes.h"

#include "server/api/api_server.h"

namespace steward::api {

std::unique_ptr<RouteTable> BuildRoutes(const ApiDeps& deps) {
  auto routes = std::make_unique<RouteTable>();
  AddAuthRoutes(*routes, deps);
  AddUserRoutes(*routes, deps);
  AddSystemRoutes(*routes, deps);
  AddCmdbRoutes(*routes, deps);
  AddMonitoringRoutes(*routes, deps);
  AddAgentRoutes(*routes, deps);
  AddWebhookRoutes(*routes, deps);
  AddServiceDeskRoutes(*routes, deps);
  AddMailRoutes(*routes, deps);
  AddKnowledgeRoutes(*routes, deps);
  AddBillingRoutes(*routes, deps);
  AddInvoiceDocumentRoutes(*routes, deps);
  AddExpenseRoutes(*routes, deps);
  AddPatchRoutes(*routes, deps);
  AddChangeWindowRoutes(*routes, deps);
  AddChangeRoutes(*routes, deps);
  AddDeploymentRoutes(*routes, deps);
  AddReleaseRoutes(*routes, deps);
  AddStaticRoutes(*routes, deps);
  return routes;
}

Json ObjectSchema(std::initializer_list<std::pair<const char*, const char*>> props,
                  std::initializer_list<const char*> required) {
  Json schema = {{"type", "object"}, {"properties", Json::object()}};
  for (const auto& [name, type] : props) schema["properties"][name] = {{"type", type}};
  if (required.size()) {
    schema["required"] = Json::array();
    for (const char* r : required) schema["required"].push_back(r);
  }
  return schema;
}

}  // namespace steward::api
