// An alert as people read it (SPEC §2): one per device and condition while
// open, with its repeat count, acknowledgement, resolution and history.
// Plain values: the store fills them, the api renders them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "server/monitoring/model/condition.h"

namespace steward::monitoring {

enum class AlertStatus { kOpen, kResolved };
// "open", "resolved".
std::string_view AlertStatusName(AlertStatus s);
std::optional<AlertStatus> ParseAlertStatus(std::string_view name);

struct Alert {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t device_id = 0;
  std::string device_name;
  Condition condition = Condition::kCpuHigh;
  std::string severity;  // "warning" | "critical"
  AlertStatus status = AlertStatus::kOpen;
  std::string message;  // device-supplied text included: untrusted
  Timestamp opened_at{};
  Timestamp last_event_at{};
  int64_t repeat_count = 0;
  std::optional<Timestamp> acknowledged_at;
  std::optional<int64_t> acknowledged_by;  // user id
  std::optional<Timestamp> resolved_at;
  std::optional<int64_t> ticket_id;
};

// One line of an alert's history: "opened", "repeated", "acknowledged",
// "resolved".
struct AlertEvent {
  Timestamp at{};
  std::string kind;
  std::string message;
  std::optional<int64_t> actor_user_id;
};

// An alert with its full history, oldest event first.
struct AlertDetail {
  Alert alert;
  std::vector<AlertEvent> events;
};

// Filters of the alert list; every one optional. Newest first, at most `limit`.
struct AlertQuery {
  std::optional<int64_t> device_id;
  std::optional<int64_t> customer_id;
  std::optional<AlertStatus> status;
  std::optional<Condition> condition;
  int64_t limit = 200;
};

}  // namespace steward::monitoring
