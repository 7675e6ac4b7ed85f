// Problem management (ITIL): problem records over one or more incidents,
// their state machine, root cause, workaround and known-error flag, history,
// and the candidate problems drawn from repeating incidents.
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "server/audit/audit_log.h"
#include "server/servicedesk/incident_groups.h"
#include "server/servicedesk/knowledge_service.h"
#include "server/servicedesk/servicedesk_internal.h"
#include "server/servicedesk/symptom.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr size_t kLongText = 20000;
constexpr int64_t kMaxSuggestionTickets = 5000;

constexpr std::string_view kProblemSelect =
    "SELECT id, title, description, status, root_cause, workaround, known_error, assignee_id,"
    " customer_id, change_id, created_by, created_at, updated_at, resolved_at, closed_at"
    " FROM problems"
    " WHERE id = ?";

const std::vector<std::string_view>& AllowedFrom(const std::string& status) {
  static const std::map<std::string, std::vector<std::string_view>, std::less<>> kMoves = {
      {"open", {"known_error", "resolved"}},
      {"known_error", {"open", "resolved"}},
      {"resolved", {"open", "closed"}},
      {"closed", {}}};
  return kMoves.at(status);
}

Json OptText(const Row& r, const char* col) {
  return r.OptText(col) ? Json(*r.OptText(col)) : Json(nullptr);
}
Json OptInt(const Row& r, const char* col) {
  return r.OptInt(col) ? Json(*r.OptInt(col)) : Json(nullptr);
}

Status HideProblemsFromPortal(const accounts::Principal& p) {
  // Portal users never learn a problem exists.
  if (!p.scope().is_all()) return Status::NotFound("problem", "");
  return Status::Ok();
}

Result<Row> LoadProblem(Connection& c, int64_t id) {
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(kProblemSelect, {id}));
  if (!row) return Status::NotFound("problem", std::to_string(id));
  return std::move(*row);
}

Result<Json> ProblemJson(Connection& c, int64_t id, bool full) {
  STEWARD_ASSIGN_OR_RETURN(Row r, LoadProblem(c, id));
  Json out = {{"id", r.Int("id")},
              {"title", r.Text("title")},
              {"description", r.Text("description")},
              {"status", r.Text("status")},
              {"root_cause", OptText(r, "root_cause")},
              {"workaround", OptText(r, "workaround")},
              {"known_error", r.Bool("known_error")},
              {"assignee_id", OptInt(r, "assignee_id")},
              {"customer_id", OptInt(r, "customer_id")},
              // The change whose watch opened it (issue 14 item 8).
              {"change_id", OptInt(r, "change_id")},
              {"created_by", OptInt(r, "created_by")},
              {"created_at", IsoOrNull(r.Int("created_at"))},
              {"updated_at", IsoOrNull(r.Int("updated_at"))},
              {"resolved_at", IsoOrNull(r.OptInt("resolved_at"))},
              {"closed_at", IsoOrNull(r.OptInt("closed_at"))}};
  Json incidents = Json::array();
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT t.id, t.customer_id, t.subject, t.status, t.priority, t.created_at,"
              " l.linked_at FROM problem_tickets l JOIN tickets t ON t.id = l.ticket_id"
              " WHERE l.problem_id = ? ORDER BY t.id",
              {id}));
  for (const Row& t : rows) {
    incidents.push_back({{"ticket_id", t.Int("id")},
                         {"customer_id", t.Int("customer_id")},
                         {"subject", t.Text("subject")},
                         {"status", t.Text("status")},
                         {"priority", t.Text("priority")},
                         {"created_at", IsoOrNull(t.Int("created_at"))},
                         {"linked_at", IsoOrNull(t.Int("linked_at"))}});
  }
  out["incident_count"] = incidents.size();
  out["incidents"] = incidents;
  if (!full) return out;
  Json history = Json::array();
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows events,
      c.Query("SELECT at, actor, kind, old_value, new_value, note FROM problem_events"
              " WHERE problem_id = ? ORDER BY id",
              {id}));
  for (const Row& e : events) {
    history.push_back({{"at", IsoOrNull(e.Int("at"))},
                       {"actor", e.Text("actor")},
                       {"kind", e.Text("kind")},
                       {"old_value", OptText(e, "old_value")},
                       {"new_value", OptText(e, "new_value")},
                       {"note", OptText(e, "note")}});
  }
  out["history"] = history;
  return out;
}

// Links `ticket_id` to the problem: the ticket must exist, belong to the
// problem's customer when it has one, and not belong to another problem.
Status Link(Connection& c, const Row& problem, int64_t ticket_id, Timestamp now,
            const accounts::Actor& actor, bool* already) {
  int64_t problem_id = problem.Int("id");
  STEWARD_ASSIGN_OR_RETURN(
      auto ticket,
      c.QueryOptional("SELECT id, customer_id FROM tickets WHERE id = ?", {ticket_id}));
  if (!ticket) {
    return Status::InvalidArgument("no ticket " + std::to_string(ticket_id), "ticket_ids");
  }
  if (auto customer = problem.OptInt("customer_id");
      customer && *customer != ticket->Int("customer_id")) {
    return Status::InvalidArgument(
        "ticket " + std::to_string(ticket_id) + " belongs to another customer than the problem",
        "ticket_ids");
  }
  STEWARD_ASSIGN_OR_RETURN(
      auto linked,
      c.QueryOptional("SELECT problem_id FROM problem_tickets WHERE ticket_id = ?", {ticket_id}));
  if (linked) {
    if (linked->Int("problem_id") == problem_id) {
      if (already) *already = true;
      return Status::Ok();
    }
    return Status::Conflict("ticket " + std::to_string(ticket_id) + " already belongs to problem " +
                                std::to_string(linked->Int("problem_id")),
                            "ticket_ids");
  }
  std::optional<int64_t> by;
  if (actor.principal.user_id > 0) by = actor.principal.user_id;
  STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO problem_tickets (ticket_id, problem_id,"
                                    " linked_by, linked_at) VALUES (?, ?, ?, ?)",
                                    {ticket_id, problem_id, by, ToMillis(now)})
                              .status());
  STEWARD_RETURN_IF_ERROR(internal::AddProblemEvent(c, problem_id, now, actor.principal,
                                                    "incident_link", std::nullopt,
                                                    std::to_string(ticket_id), std::nullopt));
  return audit::Record(c, now, actor,
                       {"problem.link",
                        "problem",
                        std::to_string(problem_id),
                        ticket->Int("customer_id"),
                        {{"ticket_id", ticket_id}}});
}

}  // namespace

namespace internal {

Status AddProblemEvent(storage::Connection& c, int64_t problem_id, Timestamp at,
                       const accounts::Principal& actor, std::string_view kind,
                       std::optional<std::string> old_value, std::optional<std::string> new_value,
                       std::optional<std::string> note) {
  std::optional<int64_t> actor_id;
  if (actor.user_id > 0) actor_id = actor.user_id;
  return c
      .Execute(
          "INSERT INTO problem_events (problem_id, at, actor_user_id, actor, kind, old_value,"
          " new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {problem_id, ToMillis(at), actor_id, actor.Label(), std::string(kind), old_value,
           new_value, note})
      .status();
}

}  // namespace internal

Result<Json> Knowledge::CreateProblem(const accounts::Actor& actor, const Json& body) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(actor.principal));
  ObjectReader r(body);
  std::string title = r.RequiredString("title", 1, 200);
  std::string description = r.OptionalString("description", kLongText).value_or("");
  const Json* ticket_ids = r.OptionalRaw("ticket_ids");
  auto root_cause = r.OptionalString("root_cause", kLongText);
  auto workaround = r.OptionalString("workaround", kLongText);
  bool known_error = r.OptionalBool("known_error").value_or(false);
  auto assignee_id = r.OptionalInt("assignee_id", 1, kMaxId);
  auto customer_id = r.OptionalInt("customer_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  std::vector<int64_t> tickets;
  if (!ticket_ids || !ticket_ids->is_array() || ticket_ids->empty() || ticket_ids->size() > 200) {
    return Status::InvalidArgument("must be an array of 1 to 200 ticket ids", "ticket_ids");
  }
  for (const Json& v : *ticket_ids) {
    if (!v.is_number_integer() || v.get<int64_t>() < 1) {
      return Status::InvalidArgument("must be an array of ticket ids", "ticket_ids");
    }
    tickets.push_back(v.get<int64_t>());
  }
  std::sort(tickets.begin(), tickets.end());
  tickets.erase(std::unique(tickets.begin(), tickets.end()), tickets.end());
  if (known_error && (!workaround || workaround->empty())) {
    return Status::InvalidArgument("a known error needs its workaround", "workaround");
  }
  const accounts::Principal& p = actor.principal;
  if (!assignee_id && p.user_id > 0 &&
      (p.role == accounts::Role::kOwner || p.role == accounts::Role::kServiceManager ||
       p.role == accounts::Role::kTechnician)) {
    assignee_id = p.user_id;
  }
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    if (assignee_id) {
      STEWARD_RETURN_IF_ERROR(internal::RequireActiveStaff(c, *assignee_id, "assignee_id"));
    }
    if (customer_id) {
      STEWARD_ASSIGN_OR_RETURN(
          auto cu, c.QueryOptional("SELECT id FROM customers WHERE id = ?", {*customer_id}));
      if (!cu) return Status::InvalidArgument("no customer with this id", "customer_id");
    }
    std::optional<int64_t> by;
    if (p.user_id > 0) by = p.user_id;
    std::string status = known_error ? "known_error" : "open";
    STEWARD_ASSIGN_OR_RETURN(
        Row row,
        c.QueryOne("INSERT INTO problems (title, description, status, root_cause, workaround,"
                   " known_error, assignee_id, customer_id, created_by, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {title, description, status, root_cause, workaround, known_error, assignee_id,
                    customer_id, by, ToMillis(now), ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_RETURN_IF_ERROR(
        internal::AddProblemEvent(c, id, now, p, "status", std::nullopt, status, "created"));
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"problem.create",
                                           "problem",
                                           std::to_string(id),
                                           customer_id,
                                           {{"title", title}, {"ticket_ids", tickets}}}));
    STEWARD_ASSIGN_OR_RETURN(Row problem, LoadProblem(c, id));
    for (int64_t t : tickets) STEWARD_RETURN_IF_ERROR(Link(c, problem, t, now, actor, nullptr));
    STEWARD_ASSIGN_OR_RETURN(out, ProblemJson(c, id, true));
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::ListProblems(const accounts::Principal& viewer,
                                     std::optional<std::string> status) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(viewer));
  std::string sql = "SELECT id FROM problems WHERE 1 = 1";
  storage::Params params;
  if (status) {
    sql += " AND status = ?";
    params.emplace_back(*status);
  }
  sql +=
      " ORDER BY CASE status WHEN 'closed' THEN 1 ELSE 0 END, updated_at DESC, id DESC"
      " LIMIT 500";
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      STEWARD_ASSIGN_OR_RETURN(Json j, ProblemJson(c, r.Int("id"), false));
      list.push_back(std::move(j));
    }
    return Status::Ok();
  }));
  return Json{{"problems", list}};
}

Result<Json> Knowledge::GetProblem(const accounts::Principal& viewer, int64_t id) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(viewer));
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(out, ProblemJson(c, id, true));
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::UpdateProblem(const accounts::Actor& actor, int64_t id, const Json& body) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(actor.principal));
  ObjectReader r(body);
  auto title = r.OptionalString("title", 200);
  auto description = r.OptionalString("description", kLongText);
  auto status = r.OptionalEnum("status", {"open", "known_error", "resolved", "closed"});
  auto root_cause = r.NullableString("root_cause", kLongText);
  auto workaround = r.NullableString("workaround", kLongText);
  auto known_error = r.OptionalBool("known_error");
  auto assignee_id = r.NullableInt("assignee_id", 1, kMaxId);
  auto note = r.OptionalString("note", kLongText);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (title && title->empty()) return Status::InvalidArgument("must not be empty", "title");
  const accounts::Principal& p = actor.principal;
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row old, LoadProblem(c, id));
    const std::string old_status = old.Text("status");
    std::string new_status = status.value_or(old_status);
    if (new_status != old_status) {
      const auto& allowed = AllowedFrom(old_status);
      if (std::find(allowed.begin(), allowed.end(), new_status) == allowed.end()) {
        std::string list;
        for (auto s : allowed) list += (list.empty() ? "" : ", ") + std::string(s);
        return Status::Conflict(
            "cannot move a problem from " + old_status + " to " + new_status +
                "; allowed: " + (list.empty() ? "none (closed is final)" : list),
            "status");
      }
    } else if (old_status == "closed" && body.size() > 0) {
      return Status::Conflict("a closed problem is final", "status");
    }
    auto text_or = [](const std::optional<std::optional<std::string>>& v,
                      std::optional<std::string> current) -> std::optional<std::string> {
      if (!v) return current;
      if (!*v || (*v)->empty()) return std::nullopt;
      return **v;
    };
    std::optional<std::string> new_root = text_or(root_cause, old.OptText("root_cause"));
    std::optional<std::string> new_workaround = text_or(workaround, old.OptText("workaround"));
    bool new_known = known_error.value_or(old.Bool("known_error"));
    if (new_status == "known_error") new_known = true;
    if (new_known && !new_workaround) {
      return Status::InvalidArgument("a known error needs its workaround", "workaround");
    }
    std::optional<int64_t> new_assignee = old.OptInt("assignee_id");
    if (assignee_id) {
      new_assignee = *assignee_id;
      if (new_assignee) {
        STEWARD_RETURN_IF_ERROR(internal::RequireActiveStaff(c, *new_assignee, "assignee_id"));
      }
    }
    std::optional<int64_t> resolved_at = old.OptInt("resolved_at");
    std::optional<int64_t> closed_at = old.OptInt("closed_at");
    if (new_status == "resolved" && old_status != "resolved") resolved_at = ToMillis(now);
    if (new_status == "open" || new_status == "known_error") resolved_at.reset();
    if (new_status == "closed") closed_at = ToMillis(now);
    STEWARD_ASSIGN_OR_RETURN(
        int64_t changed,
        c.Execute("UPDATE problems SET title = ?, description = ?, status = ?, root_cause = ?,"
                  " workaround = ?, known_error = ?, assignee_id = ?, resolved_at = ?,"
                  " closed_at = ?, updated_at = ? WHERE id = ? AND status = ?",
                  {title.value_or(old.Text("title")), description.value_or(old.Text("description")),
                   new_status, new_root, new_workaround, new_known, new_assignee, resolved_at,
                   closed_at, ToMillis(now), id, old_status}));
    if (changed != 1) return Status::Conflict("the problem changed meanwhile; reload it", "status");
    // History: one event per changed field; the note goes with the first.
    std::optional<std::string> pending_note = note;
    auto event = [&](std::string_view kind, std::optional<std::string> from,
                     std::optional<std::string> to) -> Status {
      if (from == to) return Status::Ok();
      Status s = internal::AddProblemEvent(c, id, now, p, kind, from, to, pending_note);
      pending_note.reset();
      return s;
    };
    auto id_text = [](std::optional<int64_t> v) {
      return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    };
    STEWARD_RETURN_IF_ERROR(event("status", old_status, new_status));
    STEWARD_RETURN_IF_ERROR(event("title", old.Text("title"), title.value_or(old.Text("title"))));
    STEWARD_RETURN_IF_ERROR(event("root_cause", old.OptText("root_cause"), new_root));
    STEWARD_RETURN_IF_ERROR(event("workaround", old.OptText("workaround"), new_workaround));
    STEWARD_RETURN_IF_ERROR(event("known_error", old.Bool("known_error") ? "true" : "false",
                                  new_known ? "true" : "false"));
    STEWARD_RETURN_IF_ERROR(
        event("assignee", id_text(old.OptInt("assignee_id")), id_text(new_assignee)));
    if (pending_note) {
      STEWARD_RETURN_IF_ERROR(internal::AddProblemEvent(c, id, now, p, "note", std::nullopt,
                                                        std::nullopt, pending_note));
    }
    Json fields = Json::array();
    for (auto& [key, value] : body.items()) fields.push_back(key);
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"problem.update",
                                           "problem",
                                           std::to_string(id),
                                           old.OptInt("customer_id"),
                                           {{"fields", fields}, {"status", new_status}}}));
    STEWARD_ASSIGN_OR_RETURN(out, ProblemJson(c, id, true));
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::LinkIncident(const accounts::Actor& actor, int64_t problem_id,
                                     int64_t ticket_id) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(actor.principal));
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row problem, LoadProblem(c, problem_id));
    if (problem.Text("status") == "closed") {
      return Status::Conflict("a closed problem takes no more incidents", "status");
    }
    Status linked = Link(c, problem, ticket_id, now, actor, nullptr);
    if (linked.code() == StatusCode::kInvalidArgument) {
      // The ticket is in the path here, not in a body field.
      return Status::NotFound("ticket", std::to_string(ticket_id));
    }
    STEWARD_RETURN_IF_ERROR(linked);
    STEWARD_ASSIGN_OR_RETURN(out, ProblemJson(c, problem_id, true));
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::UnlinkIncident(const accounts::Actor& actor, int64_t problem_id,
                                       int64_t ticket_id) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(actor.principal));
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(LoadProblem(c, problem_id).status());
    STEWARD_ASSIGN_OR_RETURN(auto ticket, c.QueryOptional("SELECT customer_id FROM tickets"
                                                          " WHERE id = ?",
                                                          {ticket_id}));
    STEWARD_ASSIGN_OR_RETURN(int64_t removed,
                             c.Execute("DELETE FROM problem_tickets WHERE problem_id = ? AND"
                                       " ticket_id = ?",
                                       {problem_id, ticket_id}));
    if (removed == 0 || !ticket)
      return Status::NotFound("linked ticket", std::to_string(ticket_id));
    STEWARD_RETURN_IF_ERROR(internal::AddProblemEvent(c, problem_id, now, actor.principal,
                                                      "incident_unlink", std::to_string(ticket_id),
                                                      std::nullopt, std::nullopt));
    STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                          {"problem.unlink",
                                           "problem",
                                           std::to_string(problem_id),
                                           ticket->Int("customer_id"),
                                           {{"ticket_id", ticket_id}}}));
    STEWARD_ASSIGN_OR_RETURN(out, ProblemJson(c, problem_id, true));
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::SuggestProblems(const accounts::Principal& viewer,
                                        const ProblemSuggestionOptions& options) {
  STEWARD_RETURN_IF_ERROR(HideProblemsFromPortal(viewer));
  const int64_t now = ToMillis(clock_.Now());
  const auto window = std::chrono::milliseconds(std::chrono::hours(24) * options.window_days);
  const int64_t from = now - window.count();
  Json groups = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // Incidents in the window that no problem holds yet.
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows rows,
        c.Query("SELECT id, customer_id, subject, symptoms, created_at FROM tickets"
                " WHERE created_at > ? AND created_at <= ? AND NOT EXISTS (SELECT 1 FROM"
                " problem_tickets l WHERE l.ticket_id = tickets.id) ORDER BY created_at DESC"
                " LIMIT ?",
                {from, now, kMaxSuggestionTickets}));
    std::map<int64_t, IncidentSample> samples;
    std::map<int64_t, int64_t> customer_of;
    for (const Row& r : rows) {
      IncidentSample s;
      s.ticket_id = r.Int("id");
      s.created_at = r.Int("created_at");
      std::string symptom = r.OptText("symptoms").value_or("");
      s.symptom_key = NormaliseSymptom(symptom.empty() ? r.Text("subject") : symptom);
      customer_of[s.ticket_id] = r.Int("customer_id");
      samples.emplace(s.ticket_id, std::move(s));
    }
    STEWARD_ASSIGN_OR_RETURN(
        storage::Rows cis,
        c.Query("SELECT tc.ticket_id, tc.ci_id FROM ticket_cis tc JOIN tickets t ON"
                " t.id = tc.ticket_id WHERE t.created_at > ? AND t.created_at <= ?",
                {from, now}));
    for (const Row& r : cis) {
      auto it = samples.find(r.Int("ticket_id"));
      if (it != samples.end()) it->second.ci_ids.push_back(r.Int("ci_id"));
    }
    std::vector<IncidentSample> list;
    for (auto& [id, s] : samples) list.push_back(std::move(s));
    for (const IncidentGroup& g :
         GroupRepeatingIncidents(list, options.min_incidents, window, now)) {
      std::set<int64_t> customers;
      for (int64_t t : g.ticket_ids) customers.insert(customer_of[t]);
      Json j = {{"kind", g.kind},
                {"ticket_ids", g.ticket_ids},
                {"count", g.ticket_ids.size()},
                {"customer_ids", std::vector<int64_t>(customers.begin(), customers.end())},
                {"first_at", IsoOrNull(g.first_at)},
                {"last_at", IsoOrNull(g.last_at)}};
      if (g.kind == "ci") {
        STEWARD_ASSIGN_OR_RETURN(auto ci,
                                 c.QueryOptional("SELECT name FROM cis WHERE id = ?", {g.ci_id}));
        j["ci_id"] = g.ci_id;
        j["ci_name"] = ci ? Json(ci->Text("name")) : Json(nullptr);
        j["symptom"] = nullptr;
      } else {
        j["ci_id"] = nullptr;
        j["symptom"] = g.symptom;
      }
      groups.push_back(std::move(j));
    }
    return Status::Ok();
  }));
  return Json{{"min_incidents", options.min_incidents},
              {"window_days", options.window_days},
              {"window_start", IsoOrNull(from)},
              {"window_end", IsoOrNull(now)},
              {"groups", groups}};
}

Result<std::optional<int64_t>> Knowledge::ProblemOwner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT customer_id FROM problems WHERE id = ?", {id}));
    if (row) owner = row->OptInt("customer_id").value_or(0);
    return Status::Ok();
  }));
  return owner;
}

}  // namespace steward::servicedesk
