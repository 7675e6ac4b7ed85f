// Alert e-mail: an AlertListener that, when an alert opens, queues a message
// in the notification outbox (same transaction) to whoever is on call for the
// device: the staff user named by the device's effective policy
// (`on_call_user_id`, settable globally, per customer, group or device),
// else every active staff user flagged on call in the staff directory, else
// the owners. Resolutions are mailed to the same people.
#pragma once

#include "server/monitoring/alert_listener.h"

namespace steward::monitoring {

class EmailAlertNotifier final : public AlertListener {
 public:
  Status OnAlertOpened(storage::Connection& c, const AlertRecord& alert, Timestamp at) override;
  Status OnAlertRepeated(storage::Connection&, const AlertRecord&, Timestamp) override {
    return Status::Ok();  // a repeat is not news worth a mail; the alert shows the count
  }
  Status OnAlertResolved(storage::Connection& c, const AlertRecord& alert, Timestamp at) override;
};

// The e-mail addresses of whoever is on call for `alert` (see above).
Result<std::vector<std::string>> OnCallAddresses(storage::Connection& c, const AlertRecord& alert);

}  // namespace steward::monitoring
