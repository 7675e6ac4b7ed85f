// Alerts to webhooks: alert.opened and alert.resolved events queued in the
// alert's own transaction (notify/webhooks.h delivers them).
#pragma once

#include "server/monitoring/alert_listener.h"

namespace steward::monitoring {

class WebhookAlertNotifier final : public AlertListener {
 public:
  Status OnAlertOpened(storage::Connection& c, const AlertRecord& alert, Timestamp at) override;
  Status OnAlertRepeated(storage::Connection&, const AlertRecord&, Timestamp) override {
    return Status::Ok();  // repeats are counted on the alert, not pushed
  }
  Status OnAlertResolved(storage::Connection& c, const AlertRecord& alert, Timestamp at) override;
};

}  // namespace steward::monitoring
