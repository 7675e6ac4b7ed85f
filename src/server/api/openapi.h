// Builds the OpenAPI 3 document from the route table, so the published
// contract and the served routes cannot drift apart.
#pragma once

#include "core/json.h"
#include "server/api/route_table.h"

namespace steward::api {

Json BuildOpenApi(const RouteTable& routes);

}  // namespace steward::api
