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
#include "server/servicedesk/rules/sla_watch.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"
#include "server/servicedesk/store/ticket_store.h"

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

Status MailEscalation(Connection& c, const Ticket& t, const EscalationLevel& level, Timestamp now,
                      std::optional<int64_t> due) {
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
  const auto all = storage::TenantScope::CrossTenant(storage::CrossTenantReason::kScheduledJob);
  std::vector<int64_t> ids;
  STEWARD_RETURN_IF_ERROR(storage::ReadScoped(db_, all, [&](storage::ScopedConnection& sc) {
    STEWARD_ASSIGN_OR_RETURN(ids, TicketStore(sc).WatchedIds());
    return Status::Ok();
  }));
  const accounts::Principal system = accounts::Principal::System("servicedesk");
  const accounts::Actor actor{system, ""};
  Status first_error;
  for (int64_t id : ids) {
    Status s = db_.Transact([&](Connection& c) -> Status {
      const storage::ScopedConnection sc(c, all);
      // Load.
      TicketStore store(sc);
      STEWARD_ASSIGN_OR_RETURN(Ticket t, store.Get(id));
      STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, internal::LoadCalendar(c, t.calendar_id));
      // A contract's own escalation levels, else the server's.
      const bool own_levels = t.sla_terms && !t.sla_terms->escalation.empty();
      SlaWatchInput in{t, cal, now,
                       own_levels ? t.sla_terms->escalation : options_.escalation_levels};
      in.auto_close_business_days = options_.auto_close_business_days;
      STEWARD_ASSIGN_OR_RETURN(auto escalations, store.Escalations(id));
      for (const TicketEscalation& e : escalations) {
        in.fired_levels.push_back(static_cast<int>(e.level));
      }
      if (t.paused_at) {
        STEWARD_ASSIGN_OR_RETURN(in.last_customer_reply_at, store.LastCustomerReplyAt(id));
      }
      // Decide.
      const SlaWatchDecision d = WatchSla(in);
      // Apply.
      if (d.auto_close) {
        STEWARD_RETURN_IF_ERROR(internal::ApplyStatus(
            sc, t, TicketStatus::kClosed, now, system,
            "closed automatically: no answer within " +
                std::to_string(options_.auto_close_business_days) + " business days"));
        STEWARD_RETURN_IF_ERROR(internal::MailCustomer(
            sc, id, internal::CustomerMail::kStatusChange, now,
            "We closed it as we did not hear back; reply to this message if the problem is "
            "still there."));
        return audit::Record(c, now, actor,
                             {"ticket.auto_close",
                              "ticket",
                              std::to_string(id),
                              t.customer_id,
                              {{"business_days", options_.auto_close_business_days}}});
      }
      for (const DueBreach& b : d.breaches) {
        // Recorded at the moment the target passed.
        STEWARD_RETURN_IF_ERROR(
            internal::RecordBreach(sc, id, b.kind, b.due_at, FromMillis(b.due_at)));
      }
      for (const EscalationLevel& level : d.escalate) {
        STEWARD_RETURN_IF_ERROR(
            store.AddEscalation(id, level.level, ToMillis(now), level.notify_role));
        STEWARD_RETURN_IF_ERROR(MailEscalation(c, t, level, now, d.escalation_due));
        STEWARD_RETURN_IF_ERROR(internal::AddEvent(
            sc, id, now, system, "escalation", std::nullopt, std::to_string(level.level),
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
