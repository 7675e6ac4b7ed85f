// ServiceDesk is SPEC §5's server side: business calendars, tickets with the
// seven statuses, SLA clocks on the customer's calendar (paused while the
// ticket waits on the customer), breaches, administrative escalation by
// e-mail, technical escalation, RFC records, closing with the customer's
// confirmation, time entries — and, as a monitoring::AlertListener, an
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
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "server/monitoring/alert_listener.h"
#include "server/servicedesk/business_calendar.h"
#include "server/servicedesk/sla_policy.h"
#include "server/servicedesk/ticket_status.h"
#include "storage/database.h"

namespace steward::servicedesk {

struct ServiceDeskOptions {
  std::vector<EscalationLevel> escalation_levels = DefaultEscalationLevels();
  // A resolved ticket (hold_resolution) closes itself after this many
  // business days without an answer from the customer.
  int auto_close_business_days = 5;
};

struct TicketQuery {
  std::optional<std::string> status;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> assignee_id;
  std::optional<bool> breached;
  int64_t limit = 200;
};

class ServiceDesk final : public monitoring::AlertListener {
 public:
  ServiceDesk(storage::Database& db, const Clock& clock, ServiceDeskOptions options = {});

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

  // --- Tickets -------------------------------------------------------------
  // {"customer_id","subject","description","priority", optional "contact_id",
  // "source","symptoms","steps_to_reproduce","recent_changes","tags","ci_ids",
  // "assignee_id"} → the ticket with its due times.
  Result<Json> CreateTicket(const accounts::Actor& actor, const Json& body);
  // Queue order: priority, then the next due time, then age.
  Result<Json> ListTickets(const accounts::Principal& viewer, const TicketQuery& query);
  // The ticket with replies, history, transfers, escalations, breaches, RFC
  // and closure record.
  Result<Json> GetTicket(const accounts::Principal& viewer, int64_t id);
  // {"status","assignee_id","priority","resolution","tags","note"}.
  Result<Json> UpdateTicket(const accounts::Actor& actor, int64_t id, const Json& body);
  // {"body","internal","parent_id"} → the stored reply.
  Result<Json> AddReply(const accounts::Actor& actor, int64_t id, const Json& body);
  // The customer's answer to a resolution: {"resolved":bool,"comment"}.
  Result<Json> Confirm(const accounts::Actor& actor, int64_t id, const Json& body);
  // Technical escalation {"to_user_id"?,"vendor"?,"note"}.
  Result<Json> EscalateTechnically(const accounts::Actor& actor, int64_t id, const Json& body);

  // --- Time entries --------------------------------------------------------
  // {"minutes","work_type","billable","note"}: minutes rounded up to 15.
  Result<Json> AddTimeEntry(const accounts::Actor& actor, int64_t ticket_id, const Json& body);
  Result<Json> ListTimeEntries(const accounts::Principal& viewer, int64_t ticket_id);
  // Only the author, only until invoiced.
  Result<Json> UpdateTimeEntry(const accounts::Actor& actor, int64_t ticket_id, int64_t entry_id,
                               const Json& body);

  // --- Jobs ----------------------------------------------------------------
  // Breaches, administrative escalations and auto-close at `now`.
  Status RunJobs(Timestamp now);

  // The customer owning a ticket (for 404-vs-403); 0 for a calendar.
  Result<std::optional<int64_t>> TicketOwner(int64_t id);
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
  Status RequireVisibleTicket(const accounts::Principal& p, int64_t id);

  storage::Database& db_;
  const Clock& clock_;
  ServiceDeskOptions options_;
};

}  // namespace steward::servicedesk
