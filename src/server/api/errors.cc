#include "server/api/errors.h"

namespace steward::api {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kPayloadTooLarge:
      return 413;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kCancelled:
      return 499;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kInternal:
    case StatusCode::kDataLoss:
      return 500;
  }
  return 500;
}

Json ErrorBody(const Status& status) {
  // Internal details stay in the log; the client gets a generic message.
  bool internal = status.code() == StatusCode::kInternal || status.code() == StatusCode::kDataLoss;
  return {{"error",
           {{"code", StatusCodeName(status.code())},
            {"message",
             internal ? std::string("internal error; see the server log") : status.message()},
            {"field", status.field().empty() ? Json(nullptr) : Json(status.field())}}}};
}

}  // namespace steward::api
