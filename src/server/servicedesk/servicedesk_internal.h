// Helpers shared by the service desk's files. Internal to server/servicedesk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/servicedesk/business_calendar.h"
#include "server/servicedesk/sla_policy.h"
#include "server/servicedesk/ticket_status.h"
#include "storage/database.h"

namespace steward::servicedesk::internal {

inline constexpr std::string_view kTicketSelect =
    "SELECT id, customer_id, contact_id, subject, description, symptoms, steps_to_reproduce,"
    " recent_changes, priority, status, source, tags_json, assignee_id, reported_by, sla_policy,"
    " calendar_id, response_due, resolution_due, first_response_at, paused_at,"
    " paused_business_ms, resolution, resolved_at, resolved_by, closed_at, alert_id, created_at,"
    " updated_at FROM tickets WHERE id = ?";

struct Ticket {
  int64_t id = 0;
  int64_t customer_id = 0;
  TicketStatus status = TicketStatus::kNew;
  Priority priority = Priority::kNormal;
  int64_t assignee_id = 0;
  std::string sla_policy;
  std::optional<int64_t> calendar_id;
  std::optional<int64_t> response_due, resolution_due, first_response_at, paused_at;
  int64_t paused_business_ms = 0;
  std::optional<std::string> resolution;
  int64_t created_at = 0;
  std::string subject;
  storage::Row row{nullptr, {}};  // every column, for the JSON view
};

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
// audit record. NotFound for an unknown customer, contact or CI.
Result<int64_t> InsertTicket(storage::Connection& c, const NewTicket& n, Timestamp now,
                             const accounts::Actor& actor);

// The ticket if `scope` allows it; NotFound("ticket") otherwise.
Result<Ticket> LoadTicket(storage::Connection& c, const storage::TenantScope& scope, int64_t id);

// The calendar a ticket's SLA runs on (round the clock in UTC without one).
Result<BusinessCalendar> LoadCalendar(storage::Connection& c, std::optional<int64_t> id);

// The JSON a ticket list shows; `full` adds nothing here (GetTicket adds the rest).
Json TicketJson(const Ticket& t);

Json IsoOrNull(std::optional<int64_t> millis);

// An attachment row (id, reply_id, internal, file_name, content_type,
// size_bytes, truncated, original_size, source, created_at) as JSON.
Json AttachmentJson(const storage::Row& r);

// Appends a history record (status, priority, assignee, escalation, ...).
Status AddEvent(storage::Connection& c, int64_t ticket_id, Timestamp at,
                const accounts::Principal& actor, std::string_view kind,
                std::optional<std::string> old_value, std::optional<std::string> new_value,
                std::optional<std::string> note);

// InvalidArgument(field) unless `user_id` is an active staff user.
Status RequireActiveStaff(storage::Connection& c, int64_t user_id, const std::string& field);

// The customer's answer to a resolution (the portal's and the mail's):
// closes the ticket, or sends it back to open with the same person
// responsible; the comment becomes a public reply. Conflict unless the
// ticket waits in hold_resolution. The caller audits.
Status ApplyConfirmation(storage::Connection& c, const Ticket& t, bool resolved,
                         const std::optional<std::string>& comment, const std::string& author,
                         std::optional<int64_t> author_user_id, bool from_staff, Timestamp now,
                         const accounts::Principal& actor);

// The first response: set it once, and record a response breach when late.
Status RecordFirstResponse(storage::Connection& c, const Ticket& t, Timestamp at);

// Records a breach once per kind (no-op when already recorded).
Status RecordBreach(storage::Connection& c, int64_t ticket_id, std::string_view kind,
                    int64_t due_at, Timestamp at);

// Moves the ticket to `to` (already checked), with the SLA clock: entering a
// waiting status pauses it; leaving one shifts the due times by the working
// time spent waiting. Records the event; the caller audits.
Status ApplyStatus(storage::Connection& c, const Ticket& t, TicketStatus to, Timestamp now,
                   const accounts::Principal& actor, std::optional<std::string> note);

// Mail to the customer about a ticket (customer_mail.cc), queued in the
// caller's transaction to the ticket's contact or the address that opened it
// by mail; nothing when there is neither.
enum class CustomerMail { kAcknowledgement, kStatusChange, kReply, kConfirmationRequest };
Status MailCustomer(storage::Connection& c, int64_t ticket_id, CustomerMail kind, Timestamp now,
                    std::string_view text = {});
// "T-42": the reference customer mail carries as "[#T-42]" in its subject.
std::string TicketReference(int64_t id);
std::optional<int64_t> ParseTicketReference(std::string_view subject);

// Text safe for a mail subject: control characters become spaces.
std::string Printable(std::string_view text, size_t max_len = 200);

}  // namespace steward::servicedesk::internal
