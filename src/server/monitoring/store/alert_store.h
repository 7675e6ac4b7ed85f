// All SQL over alerts and their history behind the caller's tenant scope:
// under a customer's scope another customer's alert is NotFound for every
// read and write. Ingest's reconciliation (monitoring_service.cc) opens,
// repeats and resolves alerts through it under the device's customer;
// people read and acknowledge them under their own scope.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "server/monitoring/model/alert.h"
#include "storage/scoped_connection.h"

namespace steward::monitoring {

class AlertStore {
 public:
  explicit AlertStore(const storage::ScopedConnection& c) : c_(c) {}

  // Newest first (then by id, descending), at most `query.limit`. The
  // filters are plain matches: checking that a named device or customer is
  // visible is the caller's (DeviceLookup), to keep its error.
  Result<std::vector<Alert>> List(const AlertQuery& query);
  // NotFound("alert") outside the scope or for none.
  Result<Alert> Get(int64_t id);
  // The open alert of a device's condition, if any.
  Result<std::optional<Alert>> OpenFor(int64_t device_id, Condition condition);
  // The alert's history, oldest first; empty outside the scope.
  Result<std::vector<AlertEvent>> Events(int64_t alert_id);

  // Open alerts of a device (0 outside the scope).
  Result<int64_t> CountOpen(int64_t device_id);

  // Reconciliation's writes, each with its event in the history. Open
  // returns the new alert's id (NotFound("customer") outside the scope);
  // Repeat adds `raises` to the repeat count and takes the newest severity
  // and message; Resolve closes the alert. NotFound("alert") outside the
  // scope.
  Result<int64_t> Open(int64_t customer_id, int64_t device_id, Condition condition,
                       std::string_view severity, const std::string& message, Timestamp at,
                       int64_t repeat_count);
  Status Repeat(int64_t id, int64_t raises, std::string_view severity, const std::string& message,
                Timestamp at);
  Status Resolve(int64_t id, Timestamp at);

  // Marks the alert acknowledged by `user_id` at `at` and records the
  // "acknowledged" event with `actor_label` as its message. NotFound("alert")
  // outside the scope (nothing is written then).
  Status Acknowledge(int64_t id, Timestamp at, int64_t user_id, const std::string& actor_label);

 private:
  Status AddEvent(int64_t alert_id, Timestamp at, std::string_view kind,
                  const std::string& message);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::monitoring
