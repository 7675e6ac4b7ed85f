// The hook through which other modules follow alerts without touching the
// evaluator: the e-mail notifier now, alert → incident-ticket wiring when the
// service desk lands (a listener that opens a ticket on open, notes repeats
// and resolution, and stores the ticket id with SetAlertTicket). Listeners run
// inside the transaction that changes the alert, so an alert and what
// follows from it commit together; a listener's error rolls both back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "server/monitoring/conditions.h"
#include "storage/database.h"

namespace steward::monitoring {

struct AlertRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t device_id = 0;
  std::string device_name;
  Condition condition = Condition::kCpuHigh;
  std::string severity;  // "warning" | "critical"
  std::string message;   // device-supplied text included: untrusted
  Timestamp opened_at{};
  int64_t repeat_count = 0;
  std::optional<int64_t> ticket_id;
  // From the device's effective policy: the staff user on call for it.
  std::optional<int64_t> on_call_user_id;
};

class AlertListener {
 public:
  virtual ~AlertListener() = default;
  virtual Status OnAlertOpened(storage::Connection& c, const AlertRecord& alert, Timestamp at) = 0;
  virtual Status OnAlertRepeated(storage::Connection& c, const AlertRecord& alert,
                                 Timestamp at) = 0;
  virtual Status OnAlertResolved(storage::Connection& c, const AlertRecord& alert,
                                 Timestamp at) = 0;
};

// Records the ticket an alert opened (for the ticket listener).
Status SetAlertTicket(storage::Connection& c, int64_t alert_id, int64_t ticket_id);

}  // namespace steward::monitoring
