// Tickets: creation with the SLA due times on the customer's calendar, the
// queue, and the full view (replies, history, transfers, escalations,
// breaches, RFC, closure record).
#include <cctype>
#include <limits>

#include "server/audit/audit_log.h"
#include "server/servicedesk/knowledge_internal.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();
constexpr size_t kLongText = 20000;

// Whoever is responsible when nobody was named: the alert's on-call user,
// else a staff user flagged on call, else a service manager, else an owner.
Result<int64_t> DefaultAssignee(Connection& c, std::optional<int64_t> preferred) {
  if (preferred) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                  " AND disabled = 0",
                                  {*preferred}));
    if (row) return row->Int("id");
  }
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT id FROM users WHERE role <> 'portal' AND disabled = 0"
                                " ORDER BY on_call DESC, CASE role WHEN 'service_manager' THEN 0"
                                " WHEN 'owner' THEN 1 ELSE 2 END, id LIMIT 1",
                                storage::Params{}));
  if (!row) return Status::FailedPrecondition("there is no active staff user to take the ticket");
  return row->Int("id");
}

}  // namespace

ServiceDesk::ServiceDesk(storage::Database& db, const Clock& clock, ServiceDeskOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), files_(options_.attachments_dir) {}

Result<int64_t> internal::InsertTicket(Connection& c, const NewTicket& n, Timestamp now,
                                       const accounts::Actor& actor) {
  STEWARD_ASSIGN_OR_RETURN(auto customer,
                           c.QueryOptional("SELECT id, sla_policy, calendar_id FROM customers"
                                           " WHERE id = ?",
                                           {n.customer_id}));
  if (!customer) return Status::NotFound("customer", std::to_string(n.customer_id));
  std::string policy = customer->Text("sla_policy");
  std::optional<int64_t> calendar_id = customer->OptInt("calendar_id");
  if (calendar_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto cal,
        c.QueryOptional("SELECT id FROM business_calendars WHERE id = ?", {*calendar_id}));
    if (!cal) calendar_id.reset();  // a stale reference: round the clock
  }
  STEWARD_ASSIGN_OR_RETURN(BusinessCalendar cal, LoadCalendar(c, calendar_id));
  auto targets = TargetsFor(policy, n.priority);
  if (!targets) targets = TargetsFor(kPolicyDefault, n.priority);
  std::optional<Timestamp> response_due = DueAt(cal, targets->response, now);
  std::optional<Timestamp> resolution_due = DueAt(cal, targets->resolution, now);
  auto millis = [](std::optional<Timestamp> t) {
    return t ? std::optional<int64_t>(ToMillis(*t)) : std::nullopt;
  };
  if (n.contact_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto contact, c.QueryOptional("SELECT id FROM contacts WHERE id = ? AND customer_id = ?",
                                      {*n.contact_id, n.customer_id}));
    if (!contact) return Status::NotFound("contact", std::to_string(*n.contact_id));
  }
  for (int64_t ci : n.ci_ids) {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT id FROM cis WHERE id = ? AND customer_id = ?",
                                             {ci, n.customer_id}));
    if (!row) return Status::NotFound("ci", std::to_string(ci));
  }
  int64_t assignee = 0;
  if (n.assignee_id) {
    STEWARD_RETURN_IF_ERROR(RequireActiveStaff(c, *n.assignee_id, "assignee_id"));
    assignee = *n.assignee_id;
  } else {
    STEWARD_ASSIGN_OR_RETURN(assignee, DefaultAssignee(c, n.preferred_assignee));
  }
  std::optional<int64_t> reporter;
  if (actor.principal.user_id > 0) reporter = actor.principal.user_id;
  STEWARD_ASSIGN_OR_RETURN(
      Row row,
      c.QueryOne("INSERT INTO tickets (customer_id, contact_id, subject, description, symptoms,"
                 " steps_to_reproduce, recent_changes, priority, priority_rank, status, source,"
                 " tags_json, assignee_id, reported_by, sla_policy, calendar_id, response_due,"
                 " resolution_due, paused_business_ms, alert_id, created_at, updated_at,"
                 " requester_email)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
                 " RETURNING id",
                 {n.customer_id,
                  n.contact_id,
                  n.subject,
                  n.description,
                  n.symptoms,
                  n.steps_to_reproduce,
                  n.recent_changes,
                  std::string(PriorityName(n.priority)),
                  PriorityRank(n.priority),
                  n.source,
                  Json(n.tags).dump(),
                  assignee,
                  reporter,
                  policy,
                  calendar_id,
                  millis(response_due),
                  millis(resolution_due),
                  n.alert_id,
                  ToMillis(now),
                  ToMillis(now),
                  n.requester_email}));
  int64_t id = row.Int("id");
  for (int64_t ci : n.ci_ids) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("INSERT INTO ticket_cis (ticket_id, ci_id) VALUES (?, ?)", {id, ci}).status());
  }
  STEWARD_RETURN_IF_ERROR(AddEvent(c, id, now, actor.principal, "assignee", std::nullopt,
                                   std::to_string(assignee), "received"));
  STEWARD_RETURN_IF_ERROR(audit::Record(
      c, now, actor,
      {"ticket.create",
       "ticket",
       std::to_string(id),
       n.customer_id,
       {{"priority", PriorityName(n.priority)}, {"source", n.source}, {"assignee_id", assignee}}}));
  // The acknowledgement with the reference and the response target.
  if (n.acknowledge) {
    STEWARD_RETURN_IF_ERROR(MailCustomer(c, id, CustomerMail::kAcknowledgement, now));
  }
  return id;
}

Result<Json> ServiceDesk::CreateTicket(const accounts::Actor& actor, const Json& body) {
  const accounts::Principal& p = actor.principal;
  ObjectReader r(body);
  internal::NewTicket n;
  std::optional<int64_t> customer_id = r.OptionalInt("customer_id", 1, kMaxId);
  n.subject = r.RequiredString("subject", 1, 200);
  n.description = r.RequiredString("description", 0, kLongText);
  std::string priority = r.RequiredEnum("priority", {"critical", "high", "normal", "low"});
  n.contact_id = r.OptionalInt("contact_id", 1, kMaxId);
  std::optional<std::string> source = r.OptionalEnum("source", {"email", "portal", "phone", "api"});
  n.symptoms = r.OptionalString("symptoms", kLongText);
  n.steps_to_reproduce = r.OptionalString("steps_to_reproduce", kLongText);
  n.recent_changes = r.OptionalString("recent_changes", kLongText);
  auto tags = r.OptionalStringArray("tags", 20, 50);
  const Json* ci_ids = r.OptionalRaw("ci_ids");
  n.assignee_id = r.OptionalInt("assignee_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  n.priority = *ParsePriority(priority);
  if (tags) n.tags = *tags;
  if (ci_ids) {
    if (!ci_ids->is_array() || ci_ids->size() > 50) {
      return Status::InvalidArgument("must be an array of at most 50 CI ids", "ci_ids");
    }
    for (const Json& v : *ci_ids) {
      if (!v.is_number_integer() || v.get<int64_t>() < 1) {
        return Status::InvalidArgument("must be an array of CI ids", "ci_ids");
      }
      n.ci_ids.push_back(v.get<int64_t>());
    }
  }
  if (p.customer_id) {
    // A customer contact files for their own customer, through the portal.
    if (customer_id && *customer_id != *p.customer_id) {
      return Status::NotFound("customer", std::to_string(*customer_id));
    }
    if (n.assignee_id) return Status::PermissionDenied("staff assign tickets");
    n.customer_id = *p.customer_id;
    n.source = "portal";
  } else {
    if (!customer_id) return Status::InvalidArgument("is required", "customer_id");
    n.customer_id = *customer_id;
    n.source = source.value_or("api");
    // A technician (or manager) who opens a ticket is responsible for it
    // until they hand it on; an account manager's goes to the dispatcher.
    const bool works_tickets = p.role == accounts::Role::kOwner ||
                               p.role == accounts::Role::kServiceManager ||
                               p.role == accounts::Role::kTechnician;
    if (!n.assignee_id && p.user_id > 0 && works_tickets) n.assignee_id = p.user_id;
  }
  Json out;
  Timestamp now = clock_.Now();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    if (p.customer_id && !n.contact_id) {
      STEWARD_ASSIGN_OR_RETURN(
          auto u, c.QueryOptional("SELECT contact_id FROM users WHERE id = ?", {p.user_id}));
      if (u) n.contact_id = u->OptInt("contact_id");
    }
    STEWARD_ASSIGN_OR_RETURN(int64_t id, internal::InsertTicket(c, n, now, actor));
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, p.scope(), id));
    out = internal::TicketJson(t);
    out["ci_ids"] = n.ci_ids;
    return Status::Ok();
  }));
  return out;
}

Result<Json> ServiceDesk::ListTickets(const accounts::Principal& viewer, const TicketQuery& q) {
  std::string sql = "SELECT id FROM tickets WHERE 1 = 1";
  storage::Params params;
  viewer.scope().AppendFilter(sql, params, "customer_id");
  if (q.status) {
    sql += " AND status = ?";
    params.push_back(*q.status);
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
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      STEWARD_ASSIGN_OR_RETURN(internal::Ticket t,
                               internal::LoadTicket(c, viewer.scope(), r.Int("id")));
      Json j = internal::TicketJson(t);
      STEWARD_ASSIGN_OR_RETURN(
          Row b,
          c.QueryOne("SELECT COUNT(*) AS n FROM ticket_breaches WHERE ticket_id = ?", {t.id}));
      j["breached"] = b.Int("n") > 0;
      list.push_back(std::move(j));
    }
    return Status::Ok();
  }));
  return Json{{"tickets", list}};
}

Result<Json> ServiceDesk::SearchTickets(const accounts::Principal& viewer, std::string_view q,
                                        int limit) {
  std::string text(q);
  std::vector<std::string> words;
  for (size_t i = 0; i < text.size();) {
    size_t end = text.find_first_of(" \t", i);
    if (end == std::string::npos) end = text.size();
    if (end > i) words.push_back(text.substr(i, end - i));
    i = end + 1;
  }
  Json results = Json::array();
  if (words.empty() || words.size() > 8) return Json{{"results", results}};
  // A reference: "#12" or "12".
  std::string ref = words.size() == 1 && words[0][0] == '#' ? words[0].substr(1) : words[0];
  bool is_ref = words.size() == 1 && !ref.empty() && ref.size() <= 18 &&
                ref.find_first_not_of("0123456789") == std::string::npos;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = "SELECT id, subject, customer_id FROM tickets WHERE 1 = 1";
    storage::Params params;
    viewer.scope().AppendFilter(sql, params, "customer_id");
    if (is_ref) {
      sql += " AND id = ?";
      params.push_back(static_cast<int64_t>(std::stoll(ref)));
    } else {
      for (const std::string& w : words) {
        // LIKE's wildcards in the user's words match themselves.
        std::string pattern = "%";
        for (char ch : w) {
          if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
          pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        pattern += "%";
        sql += " AND LOWER(subject) LIKE ? ESCAPE '\\'";
        params.push_back(pattern);
      }
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.push_back(int64_t{limit});
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      results.push_back({{"type", "ticket"},
                         {"id", r.Int("id")},
                         {"title", "#" + std::to_string(r.Int("id")) + " " + r.Text("subject")},
                         {"customer_id", r.Int("customer_id")}});
    }
    return Status::Ok();
  }));
  return Json{{"results", results}};
}

Result<Json> ServiceDesk::GetTicket(const accounts::Principal& viewer, int64_t id) {
  const bool staff = viewer.scope().is_all();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(internal::Ticket t, internal::LoadTicket(c, viewer.scope(), id));
    out = internal::TicketJson(t);
    Json cis = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows ci_rows,
        c.Query("SELECT ci_id FROM ticket_cis WHERE ticket_id = ? ORDER BY ci_id", {id}));
    for (const Row& r : ci_rows) cis.push_back(r.Int("ci_id"));
    out["ci_ids"] = cis;
    // Linked knowledge articles and (staff only) the ticket's problem.
    STEWARD_RETURN_IF_ERROR(kb::AddTicketKnowledge(c, id, staff, out));

    // Replies: a portal user never sees internal notes.
    Json replies = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows reply_rows,
        c.Query("SELECT id, parent_id, author_user_id, author, from_staff, internal, body,"
                " created_at FROM ticket_replies WHERE ticket_id = ? ORDER BY id",
                {id}));
    for (const Row& r : reply_rows) {
      if (r.Bool("internal") && !staff) continue;
      replies.push_back(
          {{"id", r.Int("id")},
           {"parent_id", r.OptInt("parent_id") ? Json(*r.OptInt("parent_id")) : Json(nullptr)},
           {"author_user_id",
            r.OptInt("author_user_id") ? Json(*r.OptInt("author_user_id")) : Json(nullptr)},
           {"author", r.Text("author")},
           {"from_staff", r.Bool("from_staff")},
           {"internal", r.Bool("internal")},
           {"body", r.Text("body")},
           {"created_at", internal::IsoOrNull(r.Int("created_at"))}});
    }
    out["replies"] = replies;

    // Attachments: a portal user never sees those of internal notes.
    Json attachments = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows att_rows,
        c.Query("SELECT id, reply_id, internal, file_name, content_type, size_bytes, truncated,"
                " original_size, source, created_at FROM ticket_attachments WHERE ticket_id = ?"
                " ORDER BY id",
                {id}));
    for (const Row& r : att_rows) {
      if (r.Bool("internal") && !staff) continue;
      attachments.push_back(internal::AttachmentJson(r));
    }
    out["attachments"] = attachments;

    // History; transfers of responsibility and technical escalations drawn out.
    Json history = Json::array(), transfers = Json::array(), technical = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows events,
        c.Query("SELECT at, actor_user_id, actor, kind, old_value, new_value, note"
                " FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                {id}));
    for (const Row& r : events) {
      auto opt = [&](const char* col) {
        return r.OptText(col) ? Json(*r.OptText(col)) : Json(nullptr);
      };
      std::string kind = r.Text("kind");
      // Staff-side records: escalations, and links to articles the
      // customer may not be allowed to read.
      if (!staff && (kind == "technical_escalation" || kind.rfind("kb_", 0) == 0)) continue;
      Json e = {{"at", internal::IsoOrNull(r.Int("at"))},
                {"kind", kind},
                {"actor", staff ? Json(r.Text("actor")) : Json(nullptr)},
                {"old_value", opt("old_value")},
                {"new_value", opt("new_value")},
                {"note", staff ? opt("note") : Json(nullptr)}};
      history.push_back(e);
      if (kind == "assignee") {
        auto to_id = [](const std::optional<std::string>& v) {
          return v ? Json(std::stoll(*v)) : Json(nullptr);
        };
        transfers.push_back(
            {{"at", e["at"]},
             {"from_user_id", to_id(r.OptText("old_value"))},
             {"to_user_id", to_id(r.OptText("new_value"))},
             {"by_user_id",
              r.OptInt("actor_user_id") ? Json(*r.OptInt("actor_user_id")) : Json(nullptr)}});
      } else if (kind == "technical_escalation") {
        technical.push_back({{"at", e["at"]},
                             {"to_user_id", opt("new_value")},
                             {"vendor", opt("old_value")},
                             {"note", opt("note")}});
      }
    }
    out["history"] = history;
    out["transfers"] = transfers;
    if (staff) out["technical_escalations"] = technical;

    Json escalations = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows esc,
        c.Query("SELECT level, at, notified_role FROM ticket_escalations WHERE ticket_id = ?"
                " ORDER BY level",
                {id}));
    for (const Row& r : esc) {
      escalations.push_back({{"level", r.Int("level")},
                             {"at", internal::IsoOrNull(r.Int("at"))},
                             {"notified", r.Text("notified_role")}});
    }
    out["escalations"] = escalations;

    Json breaches = Json::array();
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows br,
        c.Query("SELECT kind, at, due_at FROM ticket_breaches WHERE ticket_id = ? ORDER BY at",
                {id}));
    for (const Row& r : br) {
      breaches.push_back({{"kind", r.Text("kind")},
                          {"at", internal::IsoOrNull(r.Int("at"))},
                          {"due", internal::IsoOrNull(r.Int("due_at"))}});
    }
    out["breaches"] = breaches;

    STEWARD_ASSIGN_OR_RETURN(
        auto rfc, c.QueryOptional("SELECT id, status FROM change_requests WHERE ticket_id = ?"
                                  " ORDER BY id DESC LIMIT 1",
                                  {id}));
    out["rfc"] =
        rfc ? Json{{"id", rfc->Int("id")}, {"status", rfc->Text("status")}} : Json(nullptr);

    // The closure record (SPEC §5).
    if (t.status == TicketStatus::kClosed) {
      int64_t closed_at = t.row.Int("closed_at");
      std::optional<int64_t> resolved_at = t.row.OptInt("resolved_at");
      out["closure"] = {
          {"reported_at", internal::IsoOrNull(t.created_at)},
          {"reported_by", out["reported_by"]},
          {"contact_id", out["contact_id"]},
          {"details", out["description"]},
          {"actions_taken", out["resolution"]},
          {"resolved_by", out["resolved_by"]},
          {"resolved_at", out["resolved_at"]},
          {"closed_at", internal::IsoOrNull(closed_at)},
          {"minutes_to_resolve", (resolved_at.value_or(closed_at) - t.created_at) / 60000},
          {"sla_met", breaches.empty()}};
    } else {
      out["closure"] = nullptr;
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<int64_t>> ServiceDesk::TicketOwner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT customer_id FROM tickets WHERE id = ?", {id}));
    if (row) owner = row->Int("customer_id");
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::servicedesk
