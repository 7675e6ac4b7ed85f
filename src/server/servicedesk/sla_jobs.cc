// The service desk's background job (ServerApp runs it every minute by the
// injectable clock): SLA breaches, administrative escalation at shares of
// the running SLA time with e-mail, and auto-close of resolved tickets the
// customer never answered. Each ticket is handled in its own transaction, so
// one broken ticket cannot hold up the rest.
#include <algorithm>

#include "core/log.h"
#include "core/time_format.h"
#include "server/audit/audit_log.h"
#include "server/notify/outbox.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using std::chrono::milliseconds;
using storage::Connection;
using storage::Row;

namespace {

// Active users of `role`; the owners when nobody holds it.
Result<std::vector<std::string>> Recipients(Connection& c, const std::string& role) {
  std::vector<std::string> out;
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT email FROM users WHERE role = ? AND disabled = 0 ORDER BY id", {role}));
  if (rows.empty() && role != "owner") return Recipients(c, "owner");
  for (const Row& r : rows) out.push_back(r.Text("email"));
  return out;
}

Status MailEscalation(Connection& c, const internal::Ticket& t, const EscalationLevel& level,
                      Timestamp now, std::optional<int64_t> due) {
  STEWARD_ASSIGN_OR_RETURN(std::vector<std::string> to, Recipients(c, level.notify_role));
  STEWARD_ASSIGN_OR_RETURN(Row customer,
                           c.QueryOne("SELECT name FROM customers WHERE id = ?", {t.customer_id}));
  std::string subject = "[Steward] Escalation level " + std::to_string(level.level) + ": ticket #" +
                        std::to_string(t.id) + " " + internal::Printable(t.subject, 150);
  std::string body = "Ticket #" + std::to_string(t.id) + " has used " +
                     std::to_string(static_cast<int>(level.share * 100)) + " % of its SLA time.\n" +
                     "Customer: " + internal::Printable(customer.Text("name")) + "\n" +
                     "Subject: " + internal::Printable(t.subject) + "\n" +
                     "Priority: " + std::string(PriorityName(t.priority)) + "\n" +
                     "Status: " + std::string(StatusName(t.status)) + "\n" +
                     "Due: " + (due ? FormatIso8601(FromMillis(*due)) : std::string("none")) +
                     "\n" + "Responsible: user " + std::to_string(t.assignee_id) + "\n" +
                     "Ticket: /api/v1/tickets/" + std::to_string(t.id) + "\n";
  for (const std::string& address : to) {
    notify::OutboundEmail mail;
    mail.customer_id = std::nullopt;  // MSP-internal
    mail.to_address = address;
    mail.subject = subject;
    mail.body_text = body;
    mail.related_type = "ticket";
    mail.related_id = t.id;
    STEWARD_RETURN_IF_ERROR(notify::EnqueueEmail(c, mail, now).status());
  }
  return Status::Ok();
}

}  // namespace

Status ServiceDesk::RunJobs(Timestamp now) {
  std::vector<int64_t> ids;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        // Tickets with a running target, or waiting for a confirmation that
        // may never come; a responded ticket without a resolution target has
        // nothing left to watch.
        c.Query("SELECT id FROM tickets WHERE status <> 'closed' AND ((paused_at IS NULL AND"
                " (first_response_at IS NULL OR resolution_due IS NOT NULL)) OR"
                " status = 'hold_resolution') ORDER BY id"));
    for (const Row& r : rows) ids.push_back(r.Int("id"));
    return Status::Ok();
  }));
  const accounts::Principal system = accounts::Principal::System("servicedesk");
  const accounts::Actor actor{system, ""};
  const auto all = storage::TenantScope::AllCustomers();
  Status first_error;
  for (int64_t id : ids) {
    Status s = db_.Transact([&](Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, all, id));
      if (t.status == TicketStatus::kClosed) return Status::Ok();
      STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, internal::LoadCalendar(c, t.calendar_id));

      if (t.paused_at) {
        // Waiting on the customer: no breach, no escalation; a resolution
        // nobody answers closes itself.
        if (t.status != TicketStatus::kHoldResolution || !t.resolution) return Status::Ok();
        STEWARD_ASSIGN_OR_RETURN(Row last,
                                 c.QueryOne("SELECT MAX(created_at) AS at FROM ticket_replies WHERE"
                                            " ticket_id = ? AND from_staff = 0",
                                            {id}));
        // From the resolution (the pause may have begun earlier, in
        // pending_fix) or the customer's last word, whichever is later.
        int64_t since = std::max(
            {*t.paused_at, t.row.OptInt("resolved_at").value_or(0), last.OptInt("at").value_or(0)});
        Timestamp deadline =
            EndOfNthBusinessDay(cal, FromMillis(since), options_.auto_close_business_days);
        if (now < deadline) return Status::Ok();
        STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(
            c, t, TicketStatus::kClosed, now, system,
            "closed automatically: no answer within " +
                std::to_string(options_.auto_close_business_days) + " business days"));
        STEWARD_RETURN_IF_ERROR(internal::MailCustomer(
            c, id, internal::CustomerMail::kStatusChange, now,
            "We closed it as we did not hear back; reply to this message if the problem is "
            "still there."));
        return audit::Record(c, now, actor,
                             {"ticket.auto_close",
                              "ticket",
                              std::to_string(id),
                              t.customer_id,
                              {{"business_days", options_.auto_close_business_days}}});
      }

      // Breaches, recorded at the moment the target passed.
      if (!t.first_response_at && t.response_due && ToMillis(now) >= *t.response_due) {
        STEWARD_RETURN_IF_ERROR(internal::RecordBreach(c, id, "response", *t.response_due,
                                                       FromMillis(*t.response_due)));
      }
      if (t.resolution_due && ToMillis(now) >= *t.resolution_due) {
        STEWARD_RETURN_IF_ERROR(internal::RecordBreach(c, id, "resolution", *t.resolution_due,
                                                       FromMillis(*t.resolution_due)));
      }

      // Administrative escalation against the running target: the first
      // response until it happened, then the resolution.
      std::optional<int64_t> due = t.first_response_at ? t.resolution_due : t.response_due;
      if (!due) return Status::Ok();
      milliseconds paused(t.paused_business_ms);
      Timestamp created = FromMillis(t.created_at);
      milliseconds total = BusinessTimeBetween(cal, created, FromMillis(*due)) - paused;
      milliseconds elapsed = BusinessTimeBetween(cal, created, now) - paused;
      if (total <= milliseconds(0)) total = milliseconds(1);  // due on arrival
      STEWARD_ASSIGN_OR_RETURN(
          storage::Rows fired_rows,
          c.Query("SELECT level FROM ticket_escalations WHERE ticket_id = ?", {id}));
      std::vector<int> fired;
      for (const Row& r : fired_rows) fired.push_back(static_cast<int>(r.Int("level")));
      for (const EscalationLevel& level :
           LevelsDue(options_.escalation_levels, elapsed, total, fired)) {
        STEWARD_RETURN_IF_ERROR(
            c.Execute("INSERT INTO ticket_escalations (ticket_id, level, at, notified_role)"
                      " VALUES (?, ?, ?, ?)",
                      {id, level.level, ToMillis(now), level.notify_role})
                .status());
        STEWARD_RETURN_IF_ERROR(MailEscalation(c, t, level, now, due));
        STEWARD_RETURN_IF_ERROR(internal::AddEvent(
            c, id, now, system, "escalation", std::nullopt, std::to_string(level.level),
            "administrative escalation to " + level.notify_role));
        STEWARD_RETURN_IF_ERROR(
            audit::Record(c, now, actor,
                          {"ticket.escalate_administrative",
                           "ticket",
                           std::to_string(id),
                           t.customer_id,
                           {{"level", level.level}, {"notified_role", level.notify_role}}}));
      }
      return Status::Ok();
    });
    if (!s.ok()) {
      LogError("service desk job: ticket {}: {}", id, s.ToString());
      if (first_error.ok()) first_error = s;
    }
  }
  return first_error;
}

}  // namespace steward::servicedesk
