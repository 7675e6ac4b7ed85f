// Status is the outcome of an operation that can fail: a code, a message and,
// for input errors, the name of the offending field. An OK status carries no
// message. Steward code never throws; failures travel as Status or Result<T>.
// Status is a value type and safe to copy between threads.
#pragma once

#include <string>
#include <string_view>

namespace steward {

enum class StatusCode {
  kOk,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kDeadlineExceeded,
  kCancelled,
  kInternal,
  kDataLoss,
  kConflict,
  kPayloadTooLarge,
};

// Stable snake_case name of a code, used in API error bodies ("not_found").
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {});

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
  }
  // `what` names the kind of object ("customer"); `id` which one.
  static Status NotFound(std::string_view what, std::string_view id = {});
  static Status AlreadyExists(std::string message, std::string field = {}) {
    return Status(StatusCode::kAlreadyExists, std::move(message), std::move(field));
  }
  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(StatusCode::kPermissionDenied, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(message));
  }
  static Status ResourceExhausted(std::string message) {
    return Status(StatusCode::kResourceExhausted, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }
  static Status DataLoss(std::string message) {
    return Status(StatusCode::kDataLoss, std::move(message));
  }
  static Status Conflict(std::string message, std::string field = {}) {
    return Status(StatusCode::kConflict, std::move(message), std::move(field));
  }
  static Status PayloadTooLarge(std::string message) {
    return Status(StatusCode::kPayloadTooLarge, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "not_found: customer 42" — for logs and test failure messages.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` ("opening db: ...").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

}  // namespace steward

#define STEWARD_STATUS_CONCAT_INNER(a, b) a##b
#define STEWARD_STATUS_CONCAT(a, b) STEWARD_STATUS_CONCAT_INNER(a, b)

// Returns from the current function if `expr` (a Status) is not OK.
#define STEWARD_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::steward::Status _steward_status = (expr);        \
    if (!_steward_status.ok()) return _steward_status; \
  } while (0)
