// Helpers shared by the service desk's files. Internal to server/servicedesk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/servicedesk/model/ticket.h"
#include "server/servicedesk/rules/business_calendar.h"
#include "server/servicedesk/rules/sla_policy.h"
#include "server/servicedesk/rules/ticket_transitions.h"
#include "storage/database.h"
#include "storage/scoped_connection.h"

namespace steward::servicedesk::internal {

// A ticket to insert (validated fields; references are checked on insert).
struct NewTicket {
  int64_t customer_id = 0;
  std::optional<int64_t> contact_id;
  std::string subject, description;
  std::optional<std::string> symptoms, steps_to_reproduce, recent_changes;
  Priority priority = Priority::kNormal;
  std::string source = "api";
  std::vector<std::string> tags;
  std::vector<int64_t> ci_ids;
  std::optional<int64_t> assignee_id;         // must be active staff
  std::optional<int64_t> preferred_assignee;  // used when still active staff
  std::optional<int64_t> alert_id;
  // Who wrote in, when the ticket came by mail from someone who is not a
  // known contact: customer mail goes there.
  std::optional<std::string> requester_email;
  // Mail the acknowledgement from InsertTicket; the mail intake sends it
  // itself once the received message is recorded (so it threads onto it).
  bool acknowledge = true;
};

// Inserts the ticket with its SLA due times, CIs, first history event and
// audit record. NotFound for a customer outside the scope, or an unknown
// contact or CI.
Result<int64_t> InsertTicket(const storage::ScopedConnection& c, const NewTicket& n, Timestamp now,
                             const accounts::Actor& actor);

// The ticket if `scope` allows it; NotFound("ticket") otherwise (the ticket
// store's read, for parts of the desk that hold a bare connection).
Result<Ticket> LoadTicket(storage::Connection& c, const storage::TenantScope& scope, int64_t id);

// The calendar a ticket's SLA runs on (round the clock in UTC without one).
Result<BusinessCalendar> LoadCalendar(storage::Connection& c, std::optional<int64_t> id);

// An attachment row (id, reply_id, internal, file_name, content_type,
// size_bytes, truncated, original_size, source, created_at) as JSON.
Json AttachmentJson(const storage::Row& r);

// Appends a history record (status, priority, assignee, escalation, ...).
Status AddEvent(const storage::ScopedConnection& c, int64_t ticket_id, Timestamp at,
                const accounts::Principal& actor, std::string_view kind,
                std::optional<std::string> old_value, std::optional<std::string> new_value,
                std::optional<std::string> note);

// Appends a problem's history record (status, incident_link, ...).
Status AddProblemEvent(storage::Connection& c, int64_t problem_id, Timestamp at,
                       const accounts::Principal& actor, std::string_view kind,
                       std::optional<std::string> old_value, std::optional<std::string> new_value,
                       std::optional<std::string> note);

// InvalidArgument(field) unless `user_id` is an active staff user.
Status RequireActiveStaff(storage::Connection& c, int64_t user_id, const std::string& field);

// The contact a portal user stands for, if any.
Result<std::optional<int64_t>> ContactOfUser(storage::Connection& c, int64_t user_id);

// Whoever is responsible when nobody was named: `preferred` while active
// staff, else a staff user flagged on call, else a service manager, else an
// owner. FailedPrecondition when there is no active staff user at all.
Result<int64_t> DefaultAssignee(storage::Connection& c, std::optional<int64_t> preferred);

// The customer's answer to a resolution (the portal's and the mail's,
// ticket_changes.cc):
// closes the ticket, or sends it back to open with the same person
// responsible; the comment becomes a public reply. Conflict unless the
// ticket waits in hold_resolution. The caller audits.
Status ApplyConfirmation(const storage::ScopedConnection& c, const Ticket& t, bool resolved,
                         const std::optional<std::string>& comment, const std::string& author,
                         std::optional<int64_t> author_user_id, bool from_staff, Timestamp now,
                         const accounts::Principal& actor);

// The first response: set it once, and record a response breach when late.
Status RecordFirstResponse(const storage::ScopedConnection& c, const Ticket& t, Timestamp at);

// Records a breach once per kind (no-op when already recorded).
Status RecordBreach(const storage::ScopedConnection& c, int64_t ticket_id, std::string_view kind,
                    int64_t due_at, Timestamp at);

// Moves the ticket to `to` (already checked), with the SLA clock: entering a
// waiting status pauses it; leaving one shifts the due times by the working
// time spent waiting. Records the event; the caller audits.
Status ApplyStatus(const storage::ScopedConnection& c, const Ticket& t, TicketStatus to,
                   Timestamp now, const accounts::Principal& actor,
                   std::optional<std::string> note);

// Mail to the customer about a ticket (customer_mail.cc), queued in the
// caller's transaction to the ticket's contact or the address that opened it
// by mail; nothing when there is neither.
enum class CustomerMail { kAcknowledgement, kStatusChange, kReply, kConfirmationRequest };
Status MailCustomer(const storage::ScopedConnection& c, int64_t ticket_id, CustomerMail kind,
                    Timestamp now, std::string_view text = {});

// Text safe for a mail subject: control characters become spaces.
std::string Printable(std::string_view text, size_t max_len = 200);

}  // namespace steward::servicedesk::internal
