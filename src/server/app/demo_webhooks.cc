// The webhooks part of `steward init --demo`: the MSP's chat bridge receives
// every alert, with a delivery log that shows a success, a retry and a
// refusal. Made after the monitoring demo so its alerts do not queue
// deliveries to a host that does not exist.
#include "server/app/demo_data.h"
#include "server/notify/webhooks.h"

namespace steward::app {

Status SeedWebhooksDemo(Services& services) {
  auto system = accounts::Principal::System("demo data");
  accounts::Actor actor{system, "local"};
  STEWARD_ASSIGN_OR_RETURN(
      Json hook, services.webhooks().Create(
                     actor, {{"url", "https://chat.northwind-msp.example/hooks/steward-alerts"},
                             {"events", {"alert.opened", "alert.resolved"}},
                             {"description",
                              "Alerts into the technicians' chat room (demo: the host does "
                              "not exist, so new deliveries will fail and be retried)"}}));
  int64_t hook_id = hook["id"];
  Timestamp now = services.clock().Now();
  struct Past {
    const char* event;
    const char* status;
    int attempts;
    int code;
    const char* error;
    int hours_ago;
  };
  const Past past[] = {
      {"alert.opened", "delivered", 1, 200, "", 30},
      {"alert.resolved", "delivered", 2, 200, "", 20},
      {"alert.opened", "failed", 1, 410, "HTTP 410", 3},
  };
  return services.db().Transact([&](storage::Connection& c) -> Status {
    for (const Past& p : past) {
      int64_t at = ToMillis(now - std::chrono::hours(p.hours_ago));
      Json payload = {{"event", p.event}, {"data", {{"condition", "cpu_high"}}}};
      STEWARD_RETURN_IF_ERROR(
          c.Execute("INSERT INTO webhook_deliveries (webhook_id, customer_id, event_type, payload,"
                    " status, attempts, next_attempt_at, last_status_code, last_error,"
                    " last_duration_ms, created_at, delivered_at)"
                    " VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {hook_id, p.event, payload.dump(), p.status, p.attempts, at, p.code,
                     std::string(p.error), int64_t{85}, at,
                     std::string(p.status) == "delivered" ? storage::Value(at) : storage::Value()})
              .status());
    }
    return Status::Ok();
  });
}

}  // namespace steward::app
