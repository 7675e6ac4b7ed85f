#include "server/servicedesk/store/ticket_store.h"

#include <cctype>

#include "core/json.h"
#include "server/billing/sla_terms_json.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Params;
using storage::Row;
using storage::Rows;

namespace {

constexpr std::string_view kTicketColumns =
    "SELECT id, customer_id, contact_id, subject, description, symptoms, steps_to_reproduce,"
    " recent_changes, priority, status, source, tags_json, assignee_id, reported_by, sla_policy,"
    " sla_terms_json, calendar_id, response_due, resolution_due, first_response_at, paused_at,"
    " paused_business_ms, resolution, resolved_at, resolved_by, closed_at, alert_id,"
    " requester_email, created_at, updated_at FROM tickets";
// The queue's rows carry whether any target was missed, read in the same
// query rather than in one more round trip per ticket (TicketOf reads by
// column name, so the extra columns of tickets.* are ignored).
constexpr std::string_view kQueueColumns =
    "SELECT tickets.*, CASE WHEN EXISTS (SELECT 1 FROM ticket_breaches b"
    " WHERE b.ticket_id = tickets.id) THEN 1 ELSE 0 END AS breached FROM tickets";

std::vector<std::string> TagsOf(const std::string& json) {
  Json tags = Json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (!tags.is_array()) return out;
  for (const Json& t : tags) {
    if (t.is_string()) out.push_back(t.get<std::string>());
  }
  return out;
}

Ticket TicketOf(const Row& r) {
  Ticket t;
  t.id = r.Int("id");
  t.customer_id = r.Int("customer_id");
  t.contact_id = r.OptInt("contact_id");
  t.subject = r.Text("subject");
  t.description = r.Text("description");
  t.symptoms = r.OptText("symptoms");
  t.steps_to_reproduce = r.OptText("steps_to_reproduce");
  t.recent_changes = r.OptText("recent_changes");
  t.priority = ParsePriority(r.Text("priority")).value_or(Priority::kNormal);
  t.status = ParseStatus(r.Text("status")).value_or(TicketStatus::kNew);
  t.source = r.Text("source");
  t.tags = TagsOf(r.Text("tags_json"));
  t.assignee_id = r.Int("assignee_id");
  t.reported_by = r.OptInt("reported_by");
  t.sla_policy = r.Text("sla_policy");
  t.sla_terms = billing::SlaTermsFromColumn(r.OptText("sla_terms_json"));
  t.calendar_id = r.OptInt("calendar_id");
  t.response_due = r.OptInt("response_due");
  t.resolution_due = r.OptInt("resolution_due");
  t.first_response_at = r.OptInt("first_response_at");
  t.paused_at = r.OptInt("paused_at");
  t.paused_business_ms = r.Int("paused_business_ms");
  t.resolution = r.OptText("resolution");
  t.resolved_at = r.OptInt("resolved_at");
  t.resolved_by = r.OptInt("resolved_by");
  t.closed_at = r.OptInt("closed_at");
  t.alert_id = r.OptInt("alert_id");
  t.requester_email = r.OptText("requester_email");
  t.created_at = r.Int("created_at");
  t.updated_at = r.Int("updated_at");
  return t;
}

// LIKE's wildcards in the user's words match themselves.
std::string ContainsPattern(const std::string& word) {
  std::string pattern = "%";
  for (char ch : word) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return pattern + "%";
}

std::string StatusText(TicketStatus s) { return std::string(StatusName(s)); }

}  // namespace

Status TicketStore::RequireTicket(int64_t id) {
  std::string sql = "SELECT id FROM tickets WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("ticket", std::to_string(id));
  return Status::Ok();
}

Result<Ticket> TicketStore::Get(int64_t id) {
  std::string sql = std::string(kTicketColumns) + " WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("ticket", std::to_string(id));
  return TicketOf(*row);
}

Result<std::vector<TicketListItem>> TicketStore::List(const TicketQuery& q) {
  std::string sql = std::string(kQueueColumns) + " WHERE 1 = 1";
  Params params;
  c_.scope().AppendFilter(sql, params, "customer_id");
  if (q.status) {
    sql += " AND status = ?";
    params.push_back(StatusText(*q.status));
  }
  if (q.active_only) {
    // Spelled exactly as in the tickets_active_queue index (migration 11).
    sql += " AND (CASE WHEN status = 'closed' THEN 0 ELSE 1 END) = ?";
    params.push_back(int64_t{1});
  }
  if (q.customer_id) {
    sql += " AND customer_id = ?";
    params.push_back(*q.customer_id);
  }
  if (q.assignee_id) {
    sql += " AND assignee_id = ?";
    params.push_back(*q.assignee_id);
  }
  if (q.breached) {
    if (*q.breached) {
      sql += " AND EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = tickets.id)";
    } else {
      sql += " AND NOT EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = tickets.id)";
    }
  }
  // Higher priority first, then whichever target runs next (none last). The
  // expression is the one the queue indexes of migration 11 hold, so the
  // database reads the first `limit` entries of an index instead of sorting
  // every matching ticket (1,000,000 tickets: see docs/PERFORMANCE.md).
  sql +=
      " ORDER BY priority_rank, COALESCE(CASE WHEN first_response_at IS NULL THEN response_due"
      " ELSE resolution_due END, 9223372036854775807), id LIMIT ?";
  params.push_back(q.limit);
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketListItem> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back({TicketOf(r), r.Bool("breached")});
  }
  return out;
}

Result<std::vector<TicketSearchHit>> TicketStore::Search(const TicketSearchTerms& terms,
                                                         int limit) {
  std::string sql = "SELECT id, subject, customer_id FROM tickets WHERE 1 = 1";
  Params params;
  c_.scope().AppendFilter(sql, params, "customer_id");
  if (terms.reference) {
    sql += " AND id = ?";
    params.push_back(*terms.reference);
  } else {
    for (const std::string& w : terms.words) {
      sql += " AND LOWER(subject) LIKE ? ESCAPE '\\'";
      params.push_back(ContainsPattern(w));
    }
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{limit});
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketSearchHit> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("id"), r.Text("subject"), r.Int("customer_id")});
  }
  return out;
}

Result<std::optional<int64_t>> TicketStore::Owner(int64_t id) {
  std::string sql = "SELECT customer_id FROM tickets WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("customer_id"));
}

Result<bool> TicketStore::AnyBreach(int64_t ticket_id) {
  std::string sql =
      "SELECT COUNT(*) AS n FROM ticket_breaches b JOIN tickets t ON t.id = b.ticket_id"
      " WHERE b.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row r, c_.connection().QueryOne(sql, params));
  return r.Int("n") > 0;
}

Result<std::vector<int64_t>> TicketStore::CiIds(int64_t ticket_id) {
  std::string sql =
      "SELECT l.ci_id FROM ticket_cis l JOIN tickets t ON t.id = l.ticket_id"
      " WHERE l.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY l.ci_id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<int64_t> out;
  for (const Row& r : rows) out.push_back(r.Int("ci_id"));
  return out;
}

Result<std::vector<TicketReply>> TicketStore::Replies(int64_t ticket_id) {
  std::string sql =
      "SELECT r.id, r.ticket_id, r.parent_id, r.author_user_id, r.author, r.from_staff,"
      " r.internal, r.body, r.created_at FROM ticket_replies r"
      " JOIN tickets t ON t.id = r.ticket_id WHERE r.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY r.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketReply> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("id"), r.Int("ticket_id"), r.OptInt("parent_id"),
                   r.OptInt("author_user_id"), r.Text("author"), r.Bool("from_staff"),
                   r.Bool("internal"), r.Text("body"), r.Int("created_at")});
  }
  return out;
}

Result<std::vector<TicketAttachment>> TicketStore::Attachments(int64_t ticket_id) {
  std::string sql =
      "SELECT a.id, a.ticket_id, a.reply_id, a.internal, a.file_name, a.content_type,"
      " a.size_bytes, a.truncated, a.original_size, a.source, a.created_at"
      " FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id WHERE a.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY a.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketAttachment> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("id"), r.Int("ticket_id"), r.OptInt("reply_id"), r.Bool("internal"),
                   r.Text("file_name"), r.Text("content_type"), r.Int("size_bytes"),
                   r.Bool("truncated"), r.Int("original_size"), r.Text("source"),
                   r.Int("created_at")});
  }
  return out;
}

Result<std::vector<TicketEvent>> TicketStore::Events(int64_t ticket_id) {
  std::string sql =
      "SELECT e.at, e.actor_user_id, e.actor, e.kind, e.old_value, e.new_value, e.note"
      " FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY e.id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketEvent> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("at"), r.OptInt("actor_user_id"), r.Text("actor"), r.Text("kind"),
                   r.OptText("old_value"), r.OptText("new_value"), r.OptText("note")});
  }
  return out;
}

Result<std::vector<TicketEscalation>> TicketStore::Escalations(int64_t ticket_id) {
  std::string sql =
      "SELECT e.level, e.at, e.notified_role FROM ticket_escalations e"
      " JOIN tickets t ON t.id = e.ticket_id WHERE e.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY e.level";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketEscalation> out;
  for (const Row& r : rows) {
    out.push_back({r.Int("level"), r.Int("at"), r.Text("notified_role")});
  }
  return out;
}

Result<std::vector<TicketBreach>> TicketStore::Breaches(int64_t ticket_id) {
  std::string sql =
      "SELECT b.kind, b.at, b.due_at FROM ticket_breaches b"
      " JOIN tickets t ON t.id = b.ticket_id WHERE b.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY b.at";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<TicketBreach> out;
  for (const Row& r : rows) out.push_back({r.Text("kind"), r.Int("at"), r.Int("due_at")});
  return out;
}

Result<std::optional<ChangeRequestRef>> TicketStore::LatestChangeRequest(int64_t ticket_id) {
  std::string sql =
      "SELECT r.id, r.status FROM change_requests r JOIN tickets t ON t.id = r.ticket_id"
      " WHERE r.ticket_id = ?";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  sql += " ORDER BY r.id DESC LIMIT 1";
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<ChangeRequestRef>();
  return std::optional<ChangeRequestRef>(ChangeRequestRef{row->Int("id"), row->Text("status")});
}

Result<std::vector<int64_t>> TicketStore::WatchedIds() {
  std::string sql =
      "SELECT id FROM tickets WHERE status <> 'closed' AND ((paused_at IS NULL AND"
      " (first_response_at IS NULL OR resolution_due IS NOT NULL)) OR"
      " status = 'hold_resolution')";
  Params params;
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id";
  STEWARD_ASSIGN_OR_RETURN(Rows rows, c_.connection().Query(sql, params));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Int("id"));
  return out;
}

Result<std::optional<int64_t>> TicketStore::LastCustomerReplyAt(int64_t ticket_id) {
  std::string sql =
      "SELECT MAX(r.created_at) AS at FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id"
      " WHERE r.ticket_id = ? AND r.from_staff = 0";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  STEWARD_ASSIGN_OR_RETURN(Row row, c_.connection().QueryOne(sql, params));
  return row.OptInt("at");
}

Result<std::optional<bool>> TicketStore::ReplyIsInternal(int64_t ticket_id, int64_t reply_id) {
  std::string sql =
      "SELECT r.internal FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id"
      " WHERE r.id = ? AND r.ticket_id = ?";
  Params params = {reply_id, ticket_id};
  c_.scope().AppendFilter(sql, params, "t.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<bool>();
  return std::optional<bool>(row->Bool("internal"));
}

Result<CustomerSla> TicketStore::CustomerTerms(int64_t customer_id, std::string_view today) {
  std::string sql =
      "SELECT c.sla_policy, k.id AS calendar_id FROM customers c"
      " LEFT JOIN business_calendars k ON k.id = c.calendar_id WHERE c.id = ?";
  Params params = {customer_id};
  c_.scope().AppendFilter(sql, params, "c.id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("customer", std::to_string(customer_id));
  // A stale calendar reference reads as none: the SLA runs round the clock.
  CustomerSla out{row->Text("sla_policy"), row->OptInt("calendar_id"), std::nullopt};
  // The customer is in scope, so its contracts are too. The contract in
  // force today (started, not ended, not terminated) with terms of its
  // own, the latest started first.
  STEWARD_ASSIGN_OR_RETURN(
      auto contract,
      c_.connection().QueryOptional(
          "SELECT id, sla_json FROM contracts WHERE customer_id = ? AND status = 'active'"
          " AND start_date <= ? AND (ends_on IS NULL OR ends_on > ?) AND sla_json IS NOT NULL"
          " ORDER BY start_date DESC, id DESC LIMIT 1",
          {customer_id, std::string(today), std::string(today)}));
  if (contract) {
    if (auto terms = billing::SlaTermsFromColumn(contract->OptText("sla_json"))) {
      out.sla_policy = "contract-" + std::to_string(contract->Int("id"));
      out.contract_terms = std::move(terms);
    }
  }
  return out;
}

Status TicketStore::CheckContact(int64_t customer_id, int64_t contact_id) {
  if (!c_.scope().Allows(customer_id))
    return Status::NotFound("contact", std::to_string(contact_id));
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(
                                         "SELECT id FROM contacts WHERE id = ? AND customer_id = ?",
                                         {contact_id, customer_id}));
  if (!row) return Status::NotFound("contact", std::to_string(contact_id));
  return Status::Ok();
}

Status TicketStore::CheckCis(int64_t customer_id, const std::vector<int64_t>& ci_ids) {
  for (int64_t ci : ci_ids) {
    if (!c_.scope().Allows(customer_id)) return Status::NotFound("ci", std::to_string(ci));
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c_.connection().QueryOptional(
                      "SELECT id FROM cis WHERE id = ? AND customer_id = ?", {ci, customer_id}));
    if (!row) return Status::NotFound("ci", std::to_string(ci));
  }
  return Status::Ok();
}

Result<int64_t> TicketStore::Insert(const TicketDraft& d) {
  if (!c_.scope().Allows(d.customer_id)) {
    return Status::NotFound("customer", std::to_string(d.customer_id));
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c_.connection().QueryOne(
          "INSERT INTO tickets (customer_id, contact_id, subject, description, symptoms,"
          " steps_to_reproduce, recent_changes, priority, priority_rank, status, source,"
          " tags_json, assignee_id, reported_by, sla_policy, sla_terms_json, calendar_id,"
          " response_due, resolution_due, paused_business_ms, alert_id, created_at, updated_at,"
          " requester_email)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
          " RETURNING id",
          {d.customer_id,
           d.contact_id,
           d.subject,
           d.description,
           d.symptoms,
           d.steps_to_reproduce,
           d.recent_changes,
           std::string(PriorityName(d.priority)),
           PriorityRank(d.priority),
           d.source,
           Json(d.tags).dump(),
           d.assignee_id,
           d.reported_by,
           d.sla_policy,
           billing::SlaTermsColumn(d.sla_terms),
           d.calendar_id,
           d.response_due,
           d.resolution_due,
           d.alert_id,
           d.created_at,
           d.created_at,
           d.requester_email}));
  return row.Int("id");
}

Status TicketStore::LinkCis(int64_t ticket_id, const std::vector<int64_t>& ci_ids) {
  STEWARD_RETURN_IF_ERROR(RequireTicket(ticket_id));
  for (int64_t ci : ci_ids) {
    STEWARD_RETURN_IF_ERROR(
        c_.connection()
            .Execute("INSERT INTO ticket_cis (ticket_id, ci_id) VALUES (?, ?)", {ticket_id, ci})
            .status());
  }
  return Status::Ok();
}

Status TicketStore::AddEvent(int64_t ticket_id, const TicketEvent& e) {
  STEWARD_RETURN_IF_ERROR(RequireTicket(ticket_id));
  return c_.connection()
      .Execute(
          "INSERT INTO ticket_events (ticket_id, at, actor_user_id, actor, kind, old_value,"
          " new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {ticket_id, e.at, e.actor_user_id, e.actor, e.kind, e.old_value, e.new_value, e.note})
      .status();
}

Status TicketStore::SetStatus(const Ticket& t, TicketStatus to, const SlaClock& clock,
                              int64_t now) {
  std::string sql =
      "UPDATE tickets SET status = ?, paused_at = ?, paused_business_ms = ?,"
      " response_due = ?, resolution_due = ?, closed_at = ?, updated_at = ?"
      " WHERE id = ? AND status = ?";
  Params params = {StatusText(to),
                   clock.paused_at,
                   clock.paused_business_ms,
                   clock.response_due,
                   clock.resolution_due,
                   clock.closed_at,
                   now,
                   t.id,
                   StatusText(t.status)};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 1) return Status::Ok();
  STEWARD_RETURN_IF_ERROR(RequireTicket(t.id));
  return Status::Conflict("the ticket changed meanwhile; reload it", "status");
}

Status TicketStore::SetAssignee(int64_t ticket_id, int64_t assignee_id, int64_t now) {
  std::string sql = "UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?";
  Params params = {assignee_id, now, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("ticket", std::to_string(ticket_id));
  return Status::Ok();
}

Status TicketStore::SetPriority(int64_t ticket_id, Priority priority, const DueTimes& due,
                                int64_t now) {
  std::string sql =
      "UPDATE tickets SET priority = ?, priority_rank = ?, response_due = ?,"
      " resolution_due = ?, updated_at = ? WHERE id = ?";
  Params params = {std::string(PriorityName(priority)),
                   PriorityRank(priority),
                   due.response_due,
                   due.resolution_due,
                   now,
                   ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("ticket", std::to_string(ticket_id));
  return Status::Ok();
}

Status TicketStore::SetTags(int64_t ticket_id, const std::vector<std::string>& tags, int64_t now) {
  std::string sql = "UPDATE tickets SET tags_json = ?, updated_at = ? WHERE id = ?";
  Params params = {Json(tags).dump(), now, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("ticket", std::to_string(ticket_id));
  return Status::Ok();
}

Status TicketStore::SetResolution(int64_t ticket_id, const std::string& resolution, int64_t at,
                                  std::optional<int64_t> by) {
  std::string sql =
      "UPDATE tickets SET resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?";
  Params params = {resolution, at, by, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("ticket", std::to_string(ticket_id));
  return Status::Ok();
}

Result<bool> TicketStore::SetFirstResponse(int64_t ticket_id, int64_t at) {
  std::string sql =
      "UPDATE tickets SET first_response_at = ? WHERE id = ? AND first_response_at IS NULL";
  Params params = {at, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed == 0) STEWARD_RETURN_IF_ERROR(RequireTicket(ticket_id));
  return changed == 1;
}

Result<bool> TicketStore::RecordBreach(int64_t ticket_id, std::string_view kind, int64_t due_at,
                                       int64_t at) {
  STEWARD_RETURN_IF_ERROR(RequireTicket(ticket_id));
  STEWARD_ASSIGN_OR_RETURN(auto existing, c_.connection().QueryOptional(
                                              "SELECT id FROM ticket_breaches WHERE ticket_id = ?"
                                              " AND kind = ?",
                                              {ticket_id, std::string(kind)}));
  if (existing) return false;
  STEWARD_RETURN_IF_ERROR(
      c_.connection()
          .Execute("INSERT INTO ticket_breaches (ticket_id, kind, at, due_at) VALUES (?, ?, ?, ?)",
                   {ticket_id, std::string(kind), at, due_at})
          .status());
  return true;
}

Result<int64_t> TicketStore::AddReply(const TicketReply& r) {
  STEWARD_ASSIGN_OR_RETURN(Ticket t, Get(r.ticket_id));
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c_.connection().QueryOne("INSERT INTO ticket_replies (ticket_id, customer_id, parent_id,"
                               " author_user_id, author, from_staff, internal, body, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                               {r.ticket_id, t.customer_id, r.parent_id, r.author_user_id, r.author,
                                r.from_staff, r.internal, r.body, r.created_at}));
  return row.Int("id");
}

Status TicketStore::Touch(int64_t ticket_id, int64_t now) {
  std::string sql = "UPDATE tickets SET updated_at = ? WHERE id = ?";
  Params params = {now, ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t changed, c_.connection().Execute(sql, params));
  if (changed != 1) return Status::NotFound("ticket", std::to_string(ticket_id));
  return Status::Ok();
}

Status TicketStore::AddEscalation(int64_t ticket_id, int level, int64_t at,
                                  const std::string& notified_role) {
  STEWARD_RETURN_IF_ERROR(RequireTicket(ticket_id));
  return c_.connection()
      .Execute(
          "INSERT INTO ticket_escalations (ticket_id, level, at, notified_role)"
          " VALUES (?, ?, ?, ?)",
          {ticket_id, int64_t{level}, at, notified_role})
      .status();
}

Result<std::optional<int64_t>> TicketStore::SubmitRfc(const Ticket& t, std::optional<int64_t> by,
                                                      int64_t now) {
  STEWARD_RETURN_IF_ERROR(RequireTicket(t.id));
  STEWARD_ASSIGN_OR_RETURN(auto existing, c_.connection().QueryOptional(
                                              "SELECT id FROM change_requests WHERE ticket_id = ?"
                                              " AND status NOT IN ('rejected', 'closed')",
                                              {t.id}));
  if (existing) return std::optional<int64_t>();
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c_.connection().QueryOne(
                   "INSERT INTO change_requests (customer_id, ticket_id, title, status,"
                   " created_by, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?)"
                   " RETURNING id",
                   {t.customer_id, t.id,
                    "RFC for ticket #" + std::to_string(t.id) + ": " + t.subject, by, now, now}));
  return std::optional<int64_t>(row.Int("id"));
}

}  // namespace steward::servicedesk
