#include "server/change/store/change_store.h"

#include <map>
#include <string>

namespace steward::change {

using storage::Params;
using storage::Row;

namespace {

constexpr char kColumns[] =
    "SELECT r.id, r.customer_id, c.name AS customer_name, r.ticket_id, r.title, r.status,"
    " r.type, r.description, r.reason, r.components, r.risk, r.impact, r.backout_plan,"
    " r.test_plan, r.cost_estimate_cents, r.planned_start, r.planned_end, r.quorum,"
    " r.customer_approval, r.outcome, r.review, r.created_by, u.name AS created_by_name,"
    " r.created_at, r.updated_at"
    " FROM change_requests r JOIN customers c ON c.id = r.customer_id"
    " LEFT JOIN users u ON u.id = r.created_by";

std::optional<Timestamp> OptTime(const Row& r, std::string_view column) {
  if (r.IsNull(column)) return std::nullopt;
  return FromMillis(r.Int(column));
}

std::optional<int64_t> OptMillis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return ToMillis(*t);
}

std::optional<std::string_view> OptName(const std::optional<Rating>& r) {
  if (!r) return std::nullopt;
  return RatingName(*r);
}

// Rows are written only through this store from checked enums: a value that
// no longer parses is damage.
template <typename T>
Result<T> Must(std::optional<T> v, int64_t id, std::string_view what) {
  if (!v) return Status::Internal("change " + std::to_string(id) + ": bad " + std::string(what));
  return *v;
}

Result<std::optional<Rating>> OptRating(const Row& r, std::string_view column, int64_t id) {
  if (r.IsNull(column)) return std::optional<Rating>();
  STEWARD_ASSIGN_OR_RETURN(Rating rating, Must(ParseRating(r.Text(column)), id, column));
  return std::optional<Rating>(rating);
}

Result<ChangeRequest> ChangeOf(const Row& r) {
  ChangeRequest c;
  c.id = r.Int("id");
  c.customer_id = r.Int("customer_id");
  c.customer_name = r.Text("customer_name");
  c.ticket_id = r.OptInt("ticket_id");
  STEWARD_ASSIGN_OR_RETURN(c.status, Must(ParseChangeStatus(r.Text("status")), c.id, "status"));
  ChangeFields& f = c.fields;
  f.title = r.Text("title");
  STEWARD_ASSIGN_OR_RETURN(f.type, Must(ParseChangeType(r.Text("type")), c.id, "type"));
  f.description = r.Text("description");
  f.reason = r.Text("reason");
  f.components = r.Text("components");
  STEWARD_ASSIGN_OR_RETURN(f.risk, OptRating(r, "risk", c.id));
  STEWARD_ASSIGN_OR_RETURN(f.impact, OptRating(r, "impact", c.id));
  f.backout_plan = r.Text("backout_plan");
  f.test_plan = r.Text("test_plan");
  f.cost_estimate_cents = r.OptInt("cost_estimate_cents");
  f.planned_start = OptTime(r, "planned_start");
  f.planned_end = OptTime(r, "planned_end");
  f.quorum = static_cast<int>(r.Int("quorum"));
  f.customer_approval = r.Bool("customer_approval");
  if (!r.IsNull("outcome")) {
    STEWARD_ASSIGN_OR_RETURN(Outcome o, Must(ParseOutcome(r.Text("outcome")), c.id, "outcome"));
    c.outcome = o;
  }
  c.review = r.Text("review");
  c.requested_by = r.OptInt("created_by");
  c.requested_by_name = r.OptText("created_by_name").value_or("");
  c.created_at = FromMillis(r.Int("created_at"));
  c.updated_at = FromMillis(r.Int("updated_at"));
  return c;
}

constexpr char kWatchColumns[] =
    "SELECT change_id, starts_at, ends_at, baseline_incidents, observed_incidents, state,"
    " problem_id, checked_at FROM change_watches";

Result<ChangeWatch> WatchOf(const Row& r) {
  ChangeWatch w;
  w.starts_at = FromMillis(r.Int("starts_at"));
  w.ends_at = FromMillis(r.Int("ends_at"));
  w.baseline_incidents = r.Int("baseline_incidents");
  w.observed_incidents = r.Int("observed_incidents");
  STEWARD_ASSIGN_OR_RETURN(
      w.state, Must(ParseWatchState(r.Text("state")), r.Int("change_id"), "watch state"));
  w.problem_id = r.OptInt("problem_id");
  w.checked_at = OptTime(r, "checked_at");
  return w;
}

Result<ChangeSummary> SummaryOf(const Row& r) {
  ChangeSummary s;
  s.id = r.Int("id");
  s.customer_id = r.Int("customer_id");
  s.customer_name = r.Text("customer_name");
  s.title = r.Text("title");
  STEWARD_ASSIGN_OR_RETURN(s.type, Must(ParseChangeType(r.Text("type")), s.id, "type"));
  STEWARD_ASSIGN_OR_RETURN(s.status, Must(ParseChangeStatus(r.Text("status")), s.id, "status"));
  STEWARD_ASSIGN_OR_RETURN(s.risk, OptRating(r, "risk", s.id));
  s.planned_start = OptTime(r, "planned_start");
  s.planned_end = OptTime(r, "planned_end");
  s.ticket_id = r.OptInt("ticket_id");
  s.updated_at = FromMillis(r.Int("updated_at"));
  return s;
}

Freeze FreezeOf(const Row& r) {
  Freeze f;
  f.id = r.Int("id");
  f.customer_id = r.OptInt("customer_id");
  f.customer_name = r.OptText("customer_name").value_or("");
  f.name = r.Text("name");
  f.starts_at = FromMillis(r.Int("starts_at"));
  f.ends_at = FromMillis(r.Int("ends_at"));
  f.created_by = r.OptInt("created_by");
  f.created_at = FromMillis(r.Int("created_at"));
  return f;
}

}  // namespace

Status ChangeStore::RequireCustomer(int64_t customer_id) {
  return storage::RequireVisibleCustomer(c_, customer_id);
}

Status ChangeStore::CheckReferences(int64_t customer_id, const std::optional<int64_t>& ticket_id,
                                    const ChangeFields& f) {
  storage::Connection& c = c_.connection();
  // The customer is in scope (checked by the caller), so rows filtered by
  // its id are too.
  for (int64_t ci : f.ci_ids) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row,
        c.QueryOptional("SELECT id FROM cis WHERE id = ? AND customer_id = ?", {ci, customer_id}));
    if (!row) {
      return Status::InvalidArgument("CI " + std::to_string(ci) + " is not this customer's",
                                     "ci_ids");
    }
  }
  for (int64_t user : f.reviewer_ids) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM users WHERE id = ? AND role <> 'portal'"
                                  " AND disabled = 0",
                                  {user}));
    if (!row) {
      return Status::InvalidArgument(
          "user " + std::to_string(user) + " is not an active staff user", "reviewer_ids");
    }
  }
  if (ticket_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT id FROM tickets WHERE id = ? AND customer_id = ?",
                                  {*ticket_id, customer_id}));
    if (!row) return Status::InvalidArgument("is not this customer's ticket", "ticket_id");
  }
  return Status::Ok();
}

Result<int64_t> ChangeStore::Insert(const NewChange& n, std::optional<int64_t> requested_by,
                                    Timestamp now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(n.customer_id));
  const ChangeFields& f = n.fields;
  STEWARD_ASSIGN_OR_RETURN(
      Row r,
      c_.connection().QueryOne(
          "INSERT INTO change_requests (customer_id, ticket_id, title, status, type, description,"
          " reason, components, risk, impact, backout_plan, test_plan, cost_estimate_cents,"
          " planned_start, planned_end, quorum, customer_approval, created_by, created_at,"
          " updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          " RETURNING id",
          {n.customer_id, n.ticket_id, f.title, ChangeTypeName(f.type), f.description, f.reason,
           f.components, OptName(f.risk), OptName(f.impact), f.backout_plan, f.test_plan,
           f.cost_estimate_cents, OptMillis(f.planned_start), OptMillis(f.planned_end), f.quorum,
           f.customer_approval, requested_by, ToMillis(now), ToMillis(now)}));
  ChangeRequest written;
  written.id = r.Int("id");
  written.customer_id = n.customer_id;
  written.fields = f;
  STEWARD_RETURN_IF_ERROR(SaveFields(written, now));
  return written.id;
}

Result<ChangeRequest> ChangeStore::Get(int64_t id) {
  std::string sql = std::string(kColumns) + " WHERE r.id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, params));
  if (!row) return Status::NotFound("change", std::to_string(id));
  STEWARD_ASSIGN_OR_RETURN(ChangeRequest out, ChangeOf(*row));
  // The change is in scope; its child rows are read by its id.
  STEWARD_ASSIGN_OR_RETURN(
      auto cis, c.Query("SELECT ci.id, ci.name, ci.kind FROM change_request_cis x"
                        " JOIN cis ci ON ci.id = x.ci_id WHERE x.change_id = ? ORDER BY ci.name,"
                        " ci.id",
                        {id}));
  for (const Row& r : cis) {
    out.cis.push_back({r.Int("id"), r.Text("name"), r.Text("kind")});
    out.fields.ci_ids.push_back(r.Int("id"));
  }
  STEWARD_ASSIGN_OR_RETURN(auto reviewers,
                           c.Query("SELECT u.id, u.name, u.role FROM change_request_reviewers x"
                                   " JOIN users u ON u.id = x.user_id WHERE x.change_id = ?"
                                   " ORDER BY u.name, u.id",
                                   {id}));
  for (const Row& r : reviewers) {
    out.reviewers.push_back({r.Int("id"), r.Text("name"), r.Text("role")});
    out.fields.reviewer_ids.push_back(r.Int("id"));
  }
  STEWARD_ASSIGN_OR_RETURN(auto votes,
                           c.Query("SELECT id, user_id, name, role, decision, comment, at"
                                   " FROM change_approvals WHERE change_id = ? ORDER BY id",
                                   {id}));
  for (const Row& r : votes) {
    ChangeApproval a;
    a.id = r.Int("id");
    a.user_id = r.OptInt("user_id");
    a.name = r.Text("name");
    STEWARD_ASSIGN_OR_RETURN(a.role, Must(ParseVoterRole(r.Text("role")), id, "vote role"));
    STEWARD_ASSIGN_OR_RETURN(a.decision, Must(ParseDecision(r.Text("decision")), id, "decision"));
    a.comment = r.Text("comment");
    a.at = FromMillis(r.Int("at"));
    out.approvals.push_back(std::move(a));
  }
  STEWARD_ASSIGN_OR_RETURN(auto events,
                           c.Query("SELECT at, actor, from_status, to_status, note"
                                   " FROM change_request_events WHERE change_id = ? ORDER BY id",
                                   {id}));
  for (const Row& r : events) {
    out.events.push_back({FromMillis(r.Int("at")), r.Text("actor"), r.Text("from_status"),
                          r.Text("to_status"), r.Text("note")});
  }
  STEWARD_ASSIGN_OR_RETURN(
      auto watch, c.QueryOptional(std::string(kWatchColumns) + " WHERE change_id = ?", {id}));
  if (watch) {
    STEWARD_ASSIGN_OR_RETURN(out.watch, WatchOf(*watch));
  }
  return out;
}

Status ChangeStore::SaveFields(const ChangeRequest& ch, Timestamp now) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(ch.customer_id));
  const ChangeFields& f = ch.fields;
  storage::Connection& c = c_.connection();
  STEWARD_RETURN_IF_ERROR(
      c.Execute("UPDATE change_requests SET title = ?, type = ?, description = ?, reason = ?,"
                " components = ?, risk = ?, impact = ?, backout_plan = ?, test_plan = ?,"
                " cost_estimate_cents = ?, planned_start = ?, planned_end = ?, quorum = ?,"
                " customer_approval = ?, updated_at = ? WHERE id = ? AND customer_id = ?",
                {f.title, ChangeTypeName(f.type), f.description, f.reason, f.components,
                 OptName(f.risk), OptName(f.impact), f.backout_plan, f.test_plan,
                 f.cost_estimate_cents, OptMillis(f.planned_start), OptMillis(f.planned_end),
                 f.quorum, f.customer_approval, ToMillis(now), ch.id, ch.customer_id})
          .status());
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM change_request_cis WHERE change_id = ?", {ch.id}).status());
  for (int64_t ci : f.ci_ids) {
    STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO change_request_cis (change_id, ci_id,"
                                      " customer_id) VALUES (?, ?, ?)",
                                      {ch.id, ci, ch.customer_id})
                                .status());
  }
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM change_request_reviewers WHERE change_id = ?", {ch.id}).status());
  for (int64_t user : f.reviewer_ids) {
    STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO change_request_reviewers (change_id,"
                                      " user_id, customer_id) VALUES (?, ?, ?)",
                                      {ch.id, user, ch.customer_id})
                                .status());
  }
  return Status::Ok();
}

Status ChangeStore::RequireChange(int64_t id) {
  std::string sql = "SELECT id FROM change_requests WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("change", std::to_string(id));
  return Status::Ok();
}

Status ChangeStore::SetStatus(int64_t id, ChangeStatus to, const std::optional<Outcome>& outcome,
                              const std::optional<std::string>& review, Timestamp now) {
  STEWARD_RETURN_IF_ERROR(RequireChange(id));
  std::optional<std::string_view> outcome_name;
  if (outcome) outcome_name = OutcomeName(*outcome);
  return c_.connection()
      .Execute(
          "UPDATE change_requests SET status = ?, outcome = COALESCE(?, outcome),"
          " review = COALESCE(?, review), updated_at = ? WHERE id = ?",
          {ChangeStatusName(to), outcome_name, review, ToMillis(now), id})
      .status();
}

Status ChangeStore::AddEvent(const ChangeRequest& ch, Timestamp at, const std::string& actor,
                             ChangeStatus from, ChangeStatus to, const std::string& note) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(ch.customer_id));
  return c_.connection()
      .Execute(
          "INSERT INTO change_request_events (change_id, customer_id, at, actor, from_status,"
          " to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {ch.id, ch.customer_id, ToMillis(at), actor, ChangeStatusName(from), ChangeStatusName(to),
           note})
      .status();
}

Status ChangeStore::AddApproval(const ChangeRequest& ch, const ChangeApproval& a) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(ch.customer_id));
  return c_.connection()
      .Execute(
          "INSERT INTO change_approvals (change_id, customer_id, user_id, name, role, decision,"
          " comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {ch.id, ch.customer_id, a.user_id, a.name, VoterRoleName(a.role),
           DecisionName(a.decision), a.comment, ToMillis(a.at)})
      .status();
}

Status ChangeStore::ClearApprovals(int64_t id) {
  STEWARD_RETURN_IF_ERROR(RequireChange(id));
  return c_.connection().Execute("DELETE FROM change_approvals WHERE change_id = ?", {id}).status();
}

Result<std::vector<ChangeSummary>> ChangeStore::List(const ChangeFilter& filter) {
  std::string sql =
      "SELECT r.id, r.customer_id, c.name AS customer_name, r.title, r.type, r.status, r.risk,"
      " r.planned_start, r.planned_end, r.ticket_id, r.updated_at FROM change_requests r"
      " JOIN customers c ON c.id = r.customer_id WHERE 1 = 1";
  Params params;
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  if (filter.customer_id) {
    sql += " AND r.customer_id = ?";
    params.push_back(*filter.customer_id);
  }
  if (filter.status) {
    sql += " AND r.status = ?";
    params.push_back(ChangeStatusName(*filter.status));
  }
  if (filter.from && filter.to) {
    sql += " AND r.planned_start < ? AND r.planned_end > ?";
    params.push_back(ToMillis(*filter.to));
    params.push_back(ToMillis(*filter.from));
    sql += " ORDER BY r.planned_start, r.id";
  } else {
    sql += " ORDER BY r.updated_at DESC, r.id DESC";
  }
  sql += " LIMIT ?";
  params.push_back(filter.limit);
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<ChangeSummary> out;
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(ChangeSummary s, SummaryOf(r));
    out.push_back(std::move(s));
  }
  return out;
}

Result<ChangeOutcomes> ChangeStore::Outcomes(int64_t customer_id, Timestamp from, Timestamp to) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  // A closed change is final: its last update is its closing.
  STEWARD_ASSIGN_OR_RETURN(
      auto rows, c_.connection().Query(
                     "SELECT outcome, COUNT(*) AS n FROM change_requests WHERE customer_id = ?"
                     " AND status = 'closed' AND updated_at >= ? AND updated_at < ?"
                     " GROUP BY outcome",
                     {customer_id, ToMillis(from), ToMillis(to)}));
  ChangeOutcomes out;
  for (const Row& r : rows) {
    const int n = static_cast<int>(r.Int("n"));
    switch (ParseOutcome(r.OptText("outcome").value_or("")).value_or(Outcome::kWithdrawn)) {
      case Outcome::kSuccessful:
        out.successful += n;
        break;
      case Outcome::kFailed:
        out.failed += n;
        break;
      case Outcome::kBackedOut:
        out.backed_out += n;
        break;
      case Outcome::kWithdrawn:
        out.withdrawn += n;
        break;
    }
  }
  return out;
}

Status ChangeStore::StartWatch(const ChangeRequest& ch, const ChangeWatch& w) {
  STEWARD_RETURN_IF_ERROR(RequireChange(ch.id));
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(
      auto existing,
      c.QueryOptional("SELECT change_id FROM change_watches WHERE change_id = ?", {ch.id}));
  if (existing) return Status::Ok();
  return c
      .Execute(
          "INSERT INTO change_watches (change_id, customer_id, starts_at, ends_at,"
          " baseline_incidents, observed_incidents, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {ch.id, ch.customer_id, ToMillis(w.starts_at), ToMillis(w.ends_at), w.baseline_incidents,
           w.observed_incidents, WatchStateName(w.state)})
      .status();
}

Status ChangeStore::SaveWatch(int64_t change_id, const ChangeWatch& w) {
  std::string sql =
      "UPDATE change_watches SET observed_incidents = ?, state = ?, problem_id = ?,"
      " checked_at = ? WHERE change_id = ?";
  Params params = {w.observed_incidents, WatchStateName(w.state), w.problem_id,
                   OptMillis(w.checked_at), change_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(int64_t n, c_.connection().Execute(sql, params));
  if (n == 0) return Status::NotFound("change watch", std::to_string(change_id));
  return Status::Ok();
}

Result<std::vector<std::pair<int64_t, ChangeWatch>>> ChangeStore::RunningWatches(int limit) {
  std::string sql = std::string(kWatchColumns) + " WHERE state = 'watching'";
  Params params;
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY COALESCE(checked_at, starts_at), change_id LIMIT ?";
  params.push_back(limit);
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<std::pair<int64_t, ChangeWatch>> out;
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(ChangeWatch w, WatchOf(r));
    out.emplace_back(r.Int("change_id"), std::move(w));
  }
  return out;
}

Result<std::vector<int64_t>> ChangeStore::IncidentsOnCis(int64_t change_id, Timestamp from,
                                                         Timestamp to) {
  STEWARD_RETURN_IF_ERROR(RequireChange(change_id));
  // The ticket must be the change's customer's: a CI is one customer's, but
  // the join says so rather than trusting it.
  STEWARD_ASSIGN_OR_RETURN(
      auto rows,
      c_.connection().Query(
          "SELECT t.id FROM tickets t JOIN change_requests r ON r.id = ?"
          " WHERE t.customer_id = r.customer_id AND t.created_at >= ? AND t.created_at < ?"
          " AND (EXISTS (SELECT 1 FROM ticket_cis tc JOIN change_request_cis x"
          " ON x.ci_id = tc.ci_id WHERE tc.ticket_id = t.id AND x.change_id = r.id)"
          " OR EXISTS (SELECT 1 FROM alerts a JOIN change_request_cis x ON x.ci_id = a.device_id"
          " WHERE a.id = t.alert_id AND x.change_id = r.id))"
          " ORDER BY t.id",
          {change_id, ToMillis(from), ToMillis(to)}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Int("id"));
  return out;
}

Result<std::optional<int64_t>> ChangeStore::OpenChangeOfTicket(int64_t ticket_id) {
  std::string sql =
      "SELECT id FROM change_requests WHERE ticket_id = ? AND status NOT IN ('rejected',"
      " 'closed')";
  Params params = {ticket_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  sql += " ORDER BY id DESC LIMIT 1";
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("id"));
}

Result<std::vector<OtherChange>> ChangeStore::ScheduledOverlapping(int64_t customer_id,
                                                                   const PlannedWindow& w,
                                                                   int64_t exclude) {
  STEWARD_RETURN_IF_ERROR(RequireCustomer(customer_id));
  storage::Connection& c = c_.connection();
  STEWARD_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT r.id, r.title, r.planned_start, r.planned_end, x.ci_id"
              " FROM change_requests r JOIN change_request_cis x ON x.change_id = r.id"
              " WHERE r.customer_id = ? AND r.status = 'scheduled' AND r.id <> ?"
              " AND r.planned_start < ? AND r.planned_end > ? ORDER BY r.planned_start, r.id",
              {customer_id, exclude, ToMillis(w.end), ToMillis(w.start)}));
  std::vector<OtherChange> out;
  for (const Row& r : rows) {
    if (out.empty() || out.back().id != r.Int("id")) {
      OtherChange o;
      o.id = r.Int("id");
      o.title = r.Text("title");
      o.window = {FromMillis(r.Int("planned_start")), FromMillis(r.Int("planned_end"))};
      out.push_back(std::move(o));
    }
    out.back().ci_ids.push_back(r.Int("ci_id"));
  }
  return out;
}

Result<std::vector<std::pair<int64_t, int64_t>>> ChangeStore::Relations(int64_t change_id) {
  std::string sql =
      "SELECT DISTINCT r.from_ci_id, r.to_ci_id FROM ci_relations r JOIN change_request_cis x"
      " ON x.ci_id = r.from_ci_id OR x.ci_id = r.to_ci_id WHERE x.change_id = ?";
  Params params = {change_id};
  c_.scope().AppendFilter(sql, params, "r.customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const Row& r : rows) out.emplace_back(r.Int("from_ci_id"), r.Int("to_ci_id"));
  return out;
}

Result<bool> ChangeStore::IsDevice(int64_t ci_id) {
  std::string sql = "SELECT kind FROM cis WHERE id = ?";
  Params params = {ci_id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("CI", std::to_string(ci_id));
  const std::string kind = row->Text("kind");
  return kind == "server" || kind == "workstation";
}

Result<std::vector<Freeze>> ChangeStore::Freezes(std::optional<int64_t> customer_id, Timestamp from,
                                                 Timestamp to) {
  std::string sql =
      "SELECT f.id, f.customer_id, c.name AS customer_name, f.name, f.starts_at, f.ends_at,"
      " f.created_by, f.created_at FROM change_freezes f"
      " LEFT JOIN customers c ON c.id = f.customer_id"
      " WHERE f.starts_at < ? AND f.ends_at > ?";
  Params params = {ToMillis(to), ToMillis(from)};
  // MSP-wide freezes bind every customer, so every scope sees them.
  if (auto only = c_.scope().customer_id()) {
    sql += " AND (f.customer_id IS NULL OR f.customer_id = ?)";
    params.push_back(*only);
  }
  if (customer_id) {
    sql += " AND (f.customer_id IS NULL OR f.customer_id = ?)";
    params.push_back(*customer_id);
  }
  sql += " ORDER BY f.starts_at, f.id";
  STEWARD_ASSIGN_OR_RETURN(auto rows, c_.connection().Query(sql, params));
  std::vector<Freeze> out;
  for (const Row& r : rows) out.push_back(FreezeOf(r));
  return out;
}

Result<int64_t> ChangeStore::InsertFreeze(const Freeze& f) {
  if (f.customer_id) {
    STEWARD_RETURN_IF_ERROR(RequireCustomer(*f.customer_id));
  } else if (!c_.scope().is_all()) {
    return Status::PermissionDenied("an MSP-wide freeze is for staff");
  }
  STEWARD_ASSIGN_OR_RETURN(
      Row r, c_.connection().QueryOne(
                 "INSERT INTO change_freezes (customer_id, name, starts_at, ends_at, created_by,"
                 " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                 {f.customer_id, f.name, ToMillis(f.starts_at), ToMillis(f.ends_at), f.created_by,
                  ToMillis(f.created_at)}));
  return r.Int("id");
}

Result<Freeze> ChangeStore::GetFreeze(int64_t id) {
  std::string sql =
      "SELECT f.id, f.customer_id, c.name AS customer_name, f.name, f.starts_at, f.ends_at,"
      " f.created_by, f.created_at FROM change_freezes f"
      " LEFT JOIN customers c ON c.id = f.customer_id WHERE f.id = ?";
  Params params = {id};
  if (auto only = c_.scope().customer_id()) {
    sql += " AND (f.customer_id IS NULL OR f.customer_id = ?)";
    params.push_back(*only);
  }
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("freeze", std::to_string(id));
  return FreezeOf(*row);
}

Status ChangeStore::DeleteFreeze(int64_t id) {
  STEWARD_ASSIGN_OR_RETURN(Freeze f, GetFreeze(id));
  if (!f.customer_id && !c_.scope().is_all()) {
    return Status::PermissionDenied("an MSP-wide freeze is for staff");
  }
  return c_.connection().Execute("DELETE FROM change_freezes WHERE id = ?", {id}).status();
}

}  // namespace steward::change
