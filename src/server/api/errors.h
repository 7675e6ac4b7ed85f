// The single mapping from Status to HTTP, and the one error body shape:
// {"error":{"code":"not_found","message":"...","field":null}}.
#pragma once

#include "core/json.h"
#include "core/status.h"

namespace steward::api {

int HttpStatusFor(StatusCode code);
Json ErrorBody(const Status& status);

}  // namespace steward::api
