// Mail to the customer about their ticket (SPEC §5: "the customer gets status
// updates ... e-mail on each change"): the acknowledgement with the reference
// and the response target in the customer's time zone, status changes,
// public staff replies, and the request to confirm a resolution. Each goes
// through the outbox in the caller's transaction, carries the reference in
// its subject and the X-Steward-Ticket header, and threads (In-Reply-To,
// References) onto the ticket's earlier mail in and out, so the customer's
// answers come back to the same ticket.
#include <cctype>

#include <date/date.h>
#include <date/tz.h>

#include "core/log.h"
#include "server/mail/mime_parser.h"
#include "server/notify/outbox.h"
#include "server/servicedesk/rules/mail_routing.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/store/ticket_store.h"

namespace steward::servicedesk::internal {

using storage::Connection;
using storage::Row;

namespace {

std::string LocalTime(const BusinessCalendar& cal, int64_t millis) {
  auto zoned = date::make_zoned(cal.zone, FromMillis(millis));
  return date::format("%a %Y-%m-%d %H:%M", zoned) + " (" + cal.zone->name() + ")";
}

// The Message-IDs of the ticket's customer-facing thread, oldest first.
Result<std::vector<std::string>> Thread(Connection& c, int64_t ticket_id) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      // At the same instant, what came in before what went out.
      c.Query("SELECT message_id, at, kind, id FROM (SELECT message_id, received_at AS at, 0 AS"
              " kind, id FROM mail_messages WHERE ticket_id = ? UNION ALL SELECT message_id,"
              " created_at AS at, 1 AS kind, id FROM outbox_emails WHERE related_type = 'ticket'"
              " AND related_id = ? AND customer_id IS NOT NULL) thread ORDER BY at, kind, id",
              {ticket_id, ticket_id}));
  std::vector<std::string> ids;
  for (const Row& r : rows) ids.push_back(r.Text("message_id"));
  return ids;
}

}  // namespace

Status MailCustomer(const storage::ScopedConnection& sc, int64_t ticket_id, CustomerMail kind,
                    Timestamp now, std::string_view text) {
  STEWARD_ASSIGN_OR_RETURN(Ticket t, TicketStore(sc).Get(ticket_id));
  Connection& c = sc.connection();
  if (t.source == "alert") return Status::Ok();  // nobody asked
  std::string to;
  if (auto contact = t.contact_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT email FROM contacts WHERE id = ?", {*contact}));
    if (row && row->OptText("email")) to = *row->OptText("email");
  }
  if (to.empty()) to = t.requester_email.value_or("");
  if (to.empty()) return Status::Ok();  // no address to write to

  const std::string ref = TicketReference(t.id);
  const std::string subject_text = Printable(t.subject, 150);
  notify::OutboundEmail mail;
  mail.customer_id = t.customer_id;
  mail.to_address = to;
  mail.related_type = "ticket";
  mail.related_id = t.id;
  mail.headers[mail::kTicketHeader] = ref;
  switch (kind) {
    case CustomerMail::kAcknowledgement: {
      STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, LoadCalendar(c, t.calendar_id));
      mail.subject = "[#" + ref + "] Received: " + subject_text;
      mail.body_text = "We have received your request and opened ticket " + ref + ".\n\n" +
                       "Subject: " + subject_text + "\n" +
                       "Priority: " + std::string(PriorityName(t.priority)) + "\n";
      if (t.response_due) {
        mail.body_text += "We will respond by: " + LocalTime(cal, *t.response_due) + "\n";
      }
      mail.body_text +=
          "\nTo add information, reply to this message and keep [#" + ref + "] in the subject.\n";
      mail.headers["Auto-Submitted"] = "auto-replied";
      break;
    }
    case CustomerMail::kStatusChange:
      mail.subject =
          "[#" + ref + "] Status: " + std::string(StatusName(t.status)) + " - " + subject_text;
      mail.body_text = "Your ticket " + ref + " (" + subject_text + ") is now " +
                       std::string(StatusName(t.status)) + ".\n";
      if (!text.empty()) mail.body_text += "\n" + std::string(text) + "\n";
      break;
    case CustomerMail::kReply:
      mail.subject = "[#" + ref + "] Re: " + subject_text;
      mail.body_text = std::string(text) + "\n\n-- \nTicket " + ref +
                       ": reply to this message to answer; keep [#" + ref + "] in the subject.\n";
      break;
    case CustomerMail::kConfirmationRequest:
      mail.subject = "[#" + ref + "] Resolved - please confirm: " + subject_text;
      mail.body_text = "We believe your ticket " + ref + " (" + subject_text +
                       ") is resolved.\n\nWhat was done:\n" + t.resolution.value_or("") +
                       "\n\nPlease reply with the word RESOLVED to close the ticket, or NOT "
                       "RESOLVED (with what is still wrong) to have us continue. You can also "
                       "answer in the customer portal.\n";
      break;
  }
  STEWARD_ASSIGN_OR_RETURN(std::vector<std::string> thread, Thread(c, t.id));
  if (!thread.empty()) {
    mail.headers["In-Reply-To"] = "<" + thread.back() + ">";
    std::string refs;
    // The first message and the latest ones: enough for every client to thread.
    size_t from = thread.size() > 10 ? thread.size() - 9 : 1;
    refs = "<" + thread.front() + ">";
    for (size_t i = from; i < thread.size(); ++i) refs += " <" + thread[i] + ">";
    mail.headers["References"] = refs;
  }
  auto queued = notify::EnqueueEmail(c, mail, now);
  if (!queued.ok() && queued.status().code() == StatusCode::kInvalidArgument) {
    // A contact with a malformed address must not block the ticket change.
    LogWarn("ticket {}: no mail to {}: {}", t.id, to, queued.status().ToString());
    return Status::Ok();
  }
  return queued.status();
}

}  // namespace steward::servicedesk::internal
