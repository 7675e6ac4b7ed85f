// Result<T> holds either a value or a non-OK Status. Its API is a subset of
// std::expected (C++23) so it can be swapped later. It must be checked:
// reading value() of an error result is a programming error and aborts.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/status.h"

namespace steward {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_pointer_v<T>, "Result<T*> hides ownership: use unique_ptr or a value");
  static_assert(!std::is_same_v<T, Status>, "use Status directly");

 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(data_).ok()) std::abort();   // an OK status carries no value
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }

  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }

  T& operator*() & { return Checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<T>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  T& Checked() {
    if (!ok()) std::abort();  // reading the value of a failed Result is a bug
    return std::get<T>(data_);
  }

  std::variant<T, Status> data_;
};

}  // namespace steward

// Evaluates `expr` (a Result<T>); on error returns its Status, else moves the
// value into `lhs` (which may be a declaration).
#define STEWARD_ASSIGN_OR_RETURN(lhs, expr) \
  STEWARD_ASSIGN_OR_RETURN_IMPL(STEWARD_STATUS_CONCAT(_steward_result_, __LINE__), lhs, expr)
#define STEWARD_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
