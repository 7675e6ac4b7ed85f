// ServiceDesk is the rest of SPEC §5's server side around the tickets
// themselves (ticket_service.h): business calendars, the SLA job (breaches,
// administrative escalation by e-mail, auto-close), time entries,
// attachments, the mail intake — and, as a monitoring::AlertListener, an
// incident ticket for every alert.
//
// Tenant isolation: every read and write takes the caller's principal and
// filters by its TenantScope, so another customer's ticket is NotFound. A
// portal user (customer contact) creates and reads only their customer's
// tickets and never sees internal notes. Every write records an audit entry
// in its transaction. Thread-safe: all state is in the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/cmdb/document_files.h"
#include "server/mail/inbound_message.h"
#include "server/monitoring/alert_listener.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "server/servicedesk/rules/sla_policy.h"
#include "server/servicedesk/rules/ticket_transitions.h"
#include "storage/database.h"

namespace steward::servicedesk {

struct ServiceDeskOptions {
  std::vector<EscalationLevel> escalation_levels = DefaultEscalationLevels();
  // A resolved ticket (hold_resolution) closes itself after this many
  // business days without an answer from the customer.
  int auto_close_business_days = 5;
  // Ticket attachments: files under this directory (empty: none can be
  // stored); uploads larger than the limit are refused, mail attachments
  // are kept up to it with a note on the ticket.
  std::string attachments_dir;
  size_t max_attachment_bytes = 10u * 1024u * 1024u;
};

// A ticket's attachment to download.
struct AttachmentContent {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

class ServiceDesk final : public monitoring::AlertListener {
 public:
  ServiceDesk(storage::Database& db, const Clock& clock, ServiceDeskOptions options = {})
      : db_(db), clock_(clock), options_(std::move(options)), files_(options_.attachments_dir) {}

  // --- Calendars (MSP-wide) ------------------------------------------------
  // {"name","time_zone","hours":{"mon":[["08:00","17:00"]],…}|"24x7","holidays":[…]}
  Result<Json> CreateCalendar(const accounts::Actor& actor, const Json& body);
  Result<Json> ListCalendars(const accounts::Principal& viewer);
  Result<Json> GetCalendar(const accounts::Principal& viewer, int64_t id);
  // For the customer PATCH: InvalidArgument(calendar_id) for an unknown calendar.
  Status CheckCalendarExists(int64_t id);
  // Adds the holidays of an iCalendar file (all-day events; multi-day ones
  // day by day; yearly and other recurring ones for this year and next) →
  // {"calendar":…,"added":["YYYY-MM-DD",…],"found":n,"skipped_timed":n}.
  // Broken input is InvalidArgument("body") and changes nothing.
  Result<Json> ImportHolidays(const accounts::Actor& actor, int64_t calendar_id,
                              std::string_view ics);

  // --- Attachments (attachments.cc) ---------------------------------------
  // The raw file; `internal` "true" (staff only) hides it from the portal
  // ("false" otherwise; anything else is InvalidArgument). Checked after the
  // ticket's visibility: another customer's ticket is NotFound first.
  Result<Json> AddAttachment(const accounts::Actor& actor, int64_t ticket_id,
                             const std::string& file_name, const std::string& bytes,
                             const std::string& internal);
  Result<Json> ListAttachments(const accounts::Principal& viewer, int64_t ticket_id);
  Result<AttachmentContent> ReadAttachment(const accounts::Principal& viewer, int64_t ticket_id,
                                           int64_t attachment_id);

  // --- E-mail intake (mail_intake.cc) --------------------------------------
  // One received message: a new ticket for the customer matched by the
  // sender's contact address or e-mail domain; a reply (reference in the
  // subject, or In-Reply-To/References naming mail of a ticket) appended to
  // its ticket, or the answer to a confirmation request; an unknown sender
  // to the triage queue; automated mail recorded as ignored. A Message-ID
  // already taken in is a no-op ("duplicate": true). One transaction with
  // the processed-message record. → {"outcome","mail_message_id",
  // "ticket_id","duplicate","reason"}.
  Result<Json> TakeInEmail(const mail::InboundMessage& message);
  // A message the MIME parser could not read: kept, as raw text, in triage.
  Result<Json> TakeInUnreadableEmail(const std::string& raw, const std::string& error);
  // The intake log; `outcome` filters (e.g. "triage"). Staff only.
  Result<Json> ListMailMessages(const accounts::Principal& viewer,
                                const std::optional<std::string>& outcome, int64_t limit);
  Result<Json> GetMailMessage(const accounts::Principal& viewer, int64_t id);
  // A triage message becomes a ticket of {"customer_id","contact_id"?,"priority"?}.
  Result<Ticket> TicketFromTriage(const accounts::Actor& actor, int64_t id, const Json& body);
  Result<std::optional<int64_t>> MailMessageOwner(int64_t id);
  // A customer's e-mail domains: {"domains":["customer.example",…]} replaces them.
  Result<Json> SetEmailDomains(const accounts::Actor& actor, int64_t customer_id, const Json& body);
  Result<Json> GetEmailDomains(const accounts::Principal& viewer, int64_t customer_id);

  // --- Jobs ----------------------------------------------------------------
  // Breaches, administrative escalations and auto-close at `now`.
  Status RunJobs(Timestamp now);

  // 0 for a calendar that exists (MSP-wide), for the router's 404-vs-403.
  Result<std::optional<int64_t>> CalendarOwner(int64_t id);

  // --- monitoring::AlertListener ------------------------------------------
  Status OnAlertOpened(storage::Connection& c, const monitoring::AlertRecord& alert,
                       Timestamp at) override;
  Status OnAlertRepeated(storage::Connection& c, const monitoring::AlertRecord& alert,
                         Timestamp at) override;
  Status OnAlertResolved(storage::Connection& c, const monitoring::AlertRecord& alert,
                         Timestamp at) override;

  const ServiceDeskOptions& options() const { return options_; }

 private:
  // Stores the message's attachments as files before the transaction.
  Result<std::vector<std::string>> WriteAttachmentFiles(const mail::InboundMessage& m);
  void RemoveFiles(const std::vector<std::string>& keys);

  storage::Database& db_;
  const Clock& clock_;
  ServiceDeskOptions options_;
  cmdb::DocumentFiles files_;
};

}  // namespace steward::servicedesk
