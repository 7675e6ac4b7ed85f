// A service-desk ticket and what hangs off it, as plain values: no JSON, no
// SQL. Times are milliseconds since the epoch (UTC), as stored; the API
// writes them as ISO 8601.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/billing/model/sla_terms.h"
#include "server/servicedesk/model/priority.h"
#include "server/servicedesk/model/ticket_status.h"

namespace steward::servicedesk {

struct Ticket {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> contact_id;
  std::string subject;
  std::string description;
  std::optional<std::string> symptoms;
  std::optional<std::string> steps_to_reproduce;
  std::optional<std::string> recent_changes;
  Priority priority = Priority::kNormal;
  TicketStatus status = TicketStatus::kNew;
  std::string source;  // email, portal, phone, api, alert
  std::vector<std::string> tags;
  int64_t assignee_id = 0;             // the one person responsible
  std::optional<int64_t> reported_by;  // the user who filed it, if any
  std::string sla_policy;              // "default", "levels", or "contract-<id>" with sla_terms
  // The targets and escalation levels of the customer's contract when the
  // ticket was opened: later changes to the contract leave it as it was.
  std::optional<billing::SlaTerms> sla_terms;
  std::optional<int64_t> calendar_id;  // none: the SLA runs round the clock in UTC
  std::optional<int64_t> response_due;
  std::optional<int64_t> resolution_due;
  std::optional<int64_t> first_response_at;
  std::optional<int64_t> paused_at;  // set while the SLA clock waits on the customer
  int64_t paused_business_ms = 0;    // working time spent waiting so far
  std::optional<std::string> resolution;
  std::optional<int64_t> resolved_at;
  std::optional<int64_t> resolved_by;
  std::optional<int64_t> closed_at;
  std::optional<int64_t> alert_id;
  // Who wrote in, when a ticket came by mail from someone who is not a
  // known contact: customer mail goes there.
  std::optional<std::string> requester_email;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  // The target that runs next: first response until there is one, then
  // resolution.
  std::optional<int64_t> next_due() const {
    return first_response_at ? resolution_due : response_due;
  }
  bool sla_paused() const { return paused_at.has_value() && status != TicketStatus::kClosed; }
};

// The row to insert, with its SLA and responsible person already decided.
struct TicketDraft {
  int64_t customer_id = 0;
  std::optional<int64_t> contact_id;
  std::string subject;
  std::string description;
  std::optional<std::string> symptoms;
  std::optional<std::string> steps_to_reproduce;
  std::optional<std::string> recent_changes;
  Priority priority = Priority::kNormal;
  std::string source;
  std::vector<std::string> tags;
  int64_t assignee_id = 0;
  std::optional<int64_t> reported_by;
  std::string sla_policy;
  std::optional<billing::SlaTerms> sla_terms;
  std::optional<int64_t> calendar_id;
  std::optional<int64_t> response_due;
  std::optional<int64_t> resolution_due;
  std::optional<int64_t> alert_id;
  std::optional<std::string> requester_email;
  int64_t created_at = 0;
};

// The working queues' filter. Order: priority, then the next due time, then age.
struct TicketQuery {
  std::optional<TicketStatus> status;
  bool active_only = false;  // every status but closed
  std::optional<int64_t> customer_id;
  std::optional<int64_t> assignee_id;
  std::optional<bool> breached;
  int64_t limit = 200;
};

// A queue entry: the ticket and whether any SLA target was missed.
struct TicketListItem {
  Ticket ticket;
  bool breached = false;
};

struct TicketSearchHit {
  int64_t id = 0;
  std::string subject;
  int64_t customer_id = 0;
};

struct TicketReply {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::optional<int64_t> parent_id;
  std::optional<int64_t> author_user_id;
  std::string author;
  bool from_staff = false;
  bool internal = false;  // an internal note: never shown to the customer
  std::string body;
  int64_t created_at = 0;
};

// One history record: status, priority, assignee, technical escalation,
// knowledge links (kb_*), …
struct TicketEvent {
  int64_t at = 0;
  std::optional<int64_t> actor_user_id;
  std::string actor;
  std::string kind;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  std::optional<std::string> note;
};

struct TicketEscalation {
  int64_t level = 0;
  int64_t at = 0;
  std::string notified_role;
};

struct TicketBreach {
  std::string kind;  // response, resolution
  int64_t at = 0;
  int64_t due_at = 0;
};

struct TicketAttachment {
  int64_t id = 0;
  int64_t ticket_id = 0;
  std::optional<int64_t> reply_id;
  bool internal = false;
  std::string file_name;
  std::string content_type;
  int64_t size_bytes = 0;
  bool truncated = false;
  int64_t original_size = 0;
  std::string source;
  int64_t created_at = 0;
};

struct ChangeRequestRef {
  int64_t id = 0;
  std::string status;
};

struct ArticleRef {
  int64_t id = 0;
  std::string title;
  std::string status;
  bool is_public = false;
};

struct ProblemRef {
  int64_t id = 0;
  std::string title;
  std::string status;
  bool known_error = false;
  std::optional<std::string> workaround;
};

// SPEC §5's closing record: when reported, by whom, details, actions taken,
// who resolved it, time to resolve, whether the SLA covered it.
struct ClosureRecord {
  int64_t reported_at = 0;
  std::optional<int64_t> reported_by;
  std::optional<int64_t> contact_id;
  std::string details;
  std::optional<std::string> actions_taken;
  std::optional<int64_t> resolved_by;
  std::optional<int64_t> resolved_at;
  int64_t closed_at = 0;
  int64_t minutes_to_resolve = 0;
  bool sla_met = false;
};

// Everything the ticket view shows, already cut to what the viewer may see
// (a customer's people: no internal notes, no staff-side history, no
// problem record).
struct TicketDetail {
  Ticket ticket;
  bool staff_view = false;
  std::vector<int64_t> ci_ids;
  std::vector<TicketReply> replies;
  std::vector<TicketAttachment> attachments;
  std::vector<TicketEvent> history;
  std::vector<TicketEscalation> escalations;
  std::vector<TicketBreach> breaches;
  std::optional<ChangeRequestRef> rfc;
  std::vector<ArticleRef> kb_articles;
  std::optional<ProblemRef> problem;  // staff view only
  std::optional<ClosureRecord> closure;
};

}  // namespace steward::servicedesk
