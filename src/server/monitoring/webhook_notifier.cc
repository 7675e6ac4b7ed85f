#include "server/monitoring/webhook_notifier.h"

#include "core/time_format.h"
#include "server/notify/webhooks.h"

namespace steward::monitoring {

namespace {

Json AlertPayload(const AlertRecord& a) {
  return {{"alert_id", a.id},
          {"device_id", a.device_id},
          {"device_name", a.device_name},
          {"condition", ConditionName(a.condition)},
          {"severity", a.severity},
          {"message", a.message},
          {"opened_at", FormatIso8601(a.opened_at)},
          {"ticket_id", a.ticket_id ? Json(*a.ticket_id) : Json(nullptr)}};
}

}  // namespace

Status WebhookAlertNotifier::OnAlertOpened(storage::Connection& c, const AlertRecord& alert,
                                           Timestamp at) {
  return notify::EnqueueWebhookEvent(c, "alert.opened", alert.customer_id, AlertPayload(alert), at);
}

Status WebhookAlertNotifier::OnAlertResolved(storage::Connection& c, const AlertRecord& alert,
                                             Timestamp at) {
  Json payload = AlertPayload(alert);
  payload["resolved_at"] = FormatIso8601(at);
  return notify::EnqueueWebhookEvent(c, "alert.resolved", alert.customer_id, payload, at);
}

}  // namespace steward::monitoring
