#include "server/api/change_json.h"

#include <algorithm>
#include <cmath>

#include "core/time_format.h"
#include "server/api/routes.h"
#include "server/change/rules/change_lifecycle.h"
#include "server/change/rules/incident_watch.h"

namespace steward::api {

using change::ChangeStatus;

namespace {

constexpr size_t kLongText = 20000;

std::vector<std::string_view> Names(std::initializer_list<std::string_view> names) { return names; }

const std::vector<std::string_view>& TypeNames() {
  static const auto kNames = Names({"standard", "normal", "emergency"});
  return kNames;
}
const std::vector<std::string_view>& OutcomeNames() {
  static const auto kNames = Names({"successful", "failed", "backed_out", "withdrawn"});
  return kNames;
}

Json OptTime(const std::optional<Timestamp>& t) {
  return t ? Json(FormatIso8601(*t)) : Json(nullptr);
}

// Collects the first error of the hand-read fields (ids, times), reported
// after the ObjectReader's own.
class Extra {
 public:
  void Fail(Status s) {
    if (status_.ok()) status_ = std::move(s);
  }
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// Absent: nullopt. null: a set nullopt. A string: its instant.
std::optional<std::optional<Timestamp>> NullableTime(ObjectReader& r, const char* key,
                                                     Extra& extra) {
  const Json* v = r.OptionalRaw(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<Timestamp>();
  if (!v->is_string()) {
    extra.Fail(Status::InvalidArgument("must be an ISO 8601 time or null", key));
    return std::nullopt;
  }
  auto t = ParseIso8601(v->get<std::string>());
  if (!t.ok()) {
    extra.Fail(Status::InvalidArgument("is not an ISO 8601 time", key));
    return std::nullopt;
  }
  return std::optional<Timestamp>(*t);
}

std::optional<std::vector<int64_t>> IdArray(ObjectReader& r, const char* key, size_t max,
                                            Extra& extra) {
  const Json* v = r.OptionalRaw(key);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max) {
    extra.Fail(Status::InvalidArgument(
        "must be an array of at most " + std::to_string(max) + " ids", key));
    return std::nullopt;
  }
  std::vector<int64_t> ids;
  for (const Json& id : *v) {
    if (!id.is_number_integer() || id.get<int64_t>() < 1 || id.get<int64_t>() > kMaxId) {
      extra.Fail(Status::InvalidArgument("must hold positive integer ids", key));
      return std::nullopt;
    }
    ids.push_back(id.get<int64_t>());
  }
  return ids;
}

std::optional<std::optional<change::Rating>> NullableRating(ObjectReader& r, const char* key,
                                                            Extra& extra) {
  const Json* v = r.OptionalRaw(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<change::Rating>();
  auto rating = v->is_string() ? change::ParseRating(v->get<std::string>()) : std::nullopt;
  if (!rating) {
    extra.Fail(Status::InvalidArgument("must be low, medium, high or null", key));
    return std::nullopt;
  }
  return std::optional<change::Rating>(*rating);
}

// The editable fields, shared by create and edit.
Status ReadEdit(ObjectReader& r, change::ChangeEdit& e, Extra& extra) {
  e.title = r.OptionalString("title", 200);
  if (auto t = r.OptionalEnum("type", TypeNames())) e.type = change::ParseChangeType(*t);
  e.description = r.OptionalString("description", kLongText);
  e.reason = r.OptionalString("reason", kLongText);
  e.components = r.OptionalString("components", 2000);
  e.risk = NullableRating(r, "risk", extra);
  e.impact = NullableRating(r, "impact", extra);
  e.backout_plan = r.OptionalString("backout_plan", kLongText);
  e.test_plan = r.OptionalString("test_plan", kLongText);
  e.cost_estimate_cents = r.NullableInt("cost_estimate_cents", 0, 1'000'000'000'00);
  e.planned_start = NullableTime(r, "planned_start", extra);
  e.planned_end = NullableTime(r, "planned_end", extra);
  if (auto q = r.OptionalInt("quorum", 1, 10)) e.quorum = static_cast<int>(*q);
  e.customer_approval = r.OptionalBool("customer_approval");
  e.ci_ids = IdArray(r, "ci_ids", 200, extra);
  e.reviewer_ids = IdArray(r, "reviewer_ids", 20, extra);
  return Status::Ok();
}

}  // namespace

Result<change::NewChange> ReadNewChange(const Json& body) {
  ObjectReader r(body);
  Extra extra;
  change::NewChange n;
  n.customer_id = r.RequiredInt("customer_id", 1, kMaxId);
  n.ticket_id = r.OptionalInt("ticket_id", 1, kMaxId);
  const bool has_title = r.Has("title");
  change::ChangeEdit e;
  STEWARD_RETURN_IF_ERROR(ReadEdit(r, e, extra));
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(extra.status());
  if (!has_title) return Status::InvalidArgument("is required", "title");
  change::ChangeFields& f = n.fields;
  f.title = e.title.value_or("");
  if (e.type) f.type = *e.type;
  f.description = e.description.value_or("");
  f.reason = e.reason.value_or("");
  f.components = e.components.value_or("");
  if (e.risk) f.risk = *e.risk;
  if (e.impact) f.impact = *e.impact;
  f.backout_plan = e.backout_plan.value_or("");
  f.test_plan = e.test_plan.value_or("");
  if (e.cost_estimate_cents) f.cost_estimate_cents = *e.cost_estimate_cents;
  if (e.planned_start) f.planned_start = *e.planned_start;
  if (e.planned_end) f.planned_end = *e.planned_end;
  // An emergency change needs one approval; a normal one defaults to one.
  if (e.quorum) f.quorum = *e.quorum;
  if (e.customer_approval) f.customer_approval = *e.customer_approval;
  if (e.ci_ids) f.ci_ids = *e.ci_ids;
  if (e.reviewer_ids) f.reviewer_ids = *e.reviewer_ids;
  return n;
}

Result<ChangeUpdateBody> ReadChangeUpdate(const Json& body) {
  ObjectReader r(body);
  Extra extra;
  ChangeUpdateBody out;
  STEWARD_RETURN_IF_ERROR(ReadEdit(r, out.edit, extra));
  auto status = r.OptionalEnum("status", change::AllChangeStatusNames());
  auto note = r.OptionalString("note", 2000);
  auto outcome = r.OptionalEnum("outcome", OutcomeNames());
  auto review = r.OptionalString("review", kLongText);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(extra.status());
  if (status) {
    change::ChangeMove move;
    move.to = *change::ParseChangeStatus(*status);
    if (outcome) move.outcome = change::ParseOutcome(*outcome);
    move.review = review;
    move.note = note;
    out.move = move;
  } else if (outcome || review || note) {
    return Status::InvalidArgument("goes with a status move",
                                   outcome ? "outcome" : (review ? "review" : "note"));
  }
  return out;
}

Result<std::pair<change::Decision, std::string>> ReadVote(const Json& body) {
  ObjectReader r(body);
  const std::string decision = r.RequiredEnum("decision", {"approve", "reject"});
  std::string comment = r.OptionalString("comment", 4000).value_or("");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return std::make_pair(*change::ParseDecision(decision), std::move(comment));
}

Result<change::Freeze> ReadFreeze(const Json& body) {
  ObjectReader r(body);
  Extra extra;
  change::Freeze f;
  if (auto customer = r.NullableInt("customer_id", 1, kMaxId)) f.customer_id = *customer;
  f.name = r.RequiredString("name", 1, 100);
  auto starts = NullableTime(r, "starts_at", extra);
  auto ends = NullableTime(r, "ends_at", extra);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  STEWARD_RETURN_IF_ERROR(extra.status());
  if (!starts || !*starts) return Status::InvalidArgument("is required", "starts_at");
  if (!ends || !*ends) return Status::InvalidArgument("is required", "ends_at");
  f.starts_at = **starts;
  f.ends_at = **ends;
  return f;
}

namespace {

Json WatchJson(const std::optional<change::ChangeWatch>& w) {
  if (!w) return nullptr;
  // What the last check judged: the baseline scaled to the span it covered.
  const Timestamp until = std::min(w->checked_at.value_or(w->starts_at), w->ends_at);
  const change::SpikeVerdict v = change::JudgeIncidents(
      {w->baseline_incidents, w->observed_incidents,
       std::chrono::duration_cast<std::chrono::milliseconds>(until - w->starts_at)});
  return {{"state", change::WatchStateName(w->state)},
          {"starts_at", FormatIso8601(w->starts_at)},
          {"ends_at", FormatIso8601(w->ends_at)},
          {"checked_at", OptTime(w->checked_at)},
          {"baseline_incidents", w->baseline_incidents},
          {"observed_incidents", w->observed_incidents},
          {"expected_incidents", std::round(v.expected * 10) / 10},
          {"spike_threshold", v.threshold},
          {"problem_id", w->problem_id ? Json(*w->problem_id) : Json(nullptr)}};
}

}  // namespace

Json ChangeJson(const change::ChangeRequest& c) {
  const change::ChangeFields& f = c.fields;
  Json reviewers = Json::array();
  for (const auto& r : c.reviewers) reviewers.push_back({{"user_id", r.id}, {"name", r.name}});
  Json cis = Json::array();
  for (const auto& ci : c.cis) cis.push_back({{"id", ci.id}, {"name", ci.name}, {"kind", ci.kind}});
  Json approvals = Json::array();
  for (const auto& a : c.approvals) {
    approvals.push_back({{"id", a.id},
                         {"user_id", a.user_id ? Json(*a.user_id) : Json(nullptr)},
                         {"name", a.name},
                         {"role", change::VoterRoleName(a.role)},
                         {"decision", change::DecisionName(a.decision)},
                         {"comment", a.comment},
                         {"at", FormatIso8601(a.at)}});
  }
  Json events = Json::array();
  for (const auto& e : c.events) {
    events.push_back({{"at", FormatIso8601(e.at)},
                      {"actor", e.actor},
                      {"from", e.from},
                      {"to", e.to},
                      {"note", e.note}});
  }
  Json moves = Json::array();
  for (ChangeStatus s : change::AllowedMoves(c.status))
    moves.push_back(change::ChangeStatusName(s));
  Json missing = Json::array();
  if (c.status == ChangeStatus::kDraft) {
    for (const auto& m : change::MissingForSubmit(f)) missing.push_back(m);
  }
  return {
      {"id", c.id},
      {"ref", change::ChangeRef(c.id)},
      {"customer_id", c.customer_id},
      {"customer_name", c.customer_name},
      {"ticket_id", c.ticket_id ? Json(*c.ticket_id) : Json(nullptr)},
      {"title", f.title},
      {"type", change::ChangeTypeName(f.type)},
      {"status", change::ChangeStatusName(c.status)},
      {"description", f.description},
      {"reason", f.reason},
      {"components", f.components},
      {"risk", f.risk ? Json(change::RatingName(*f.risk)) : Json(nullptr)},
      {"impact", f.impact ? Json(change::RatingName(*f.impact)) : Json(nullptr)},
      {"backout_plan", f.backout_plan},
      {"test_plan", f.test_plan},
      {"cost_estimate_cents", f.cost_estimate_cents ? Json(*f.cost_estimate_cents) : Json(nullptr)},
      {"planned_start", OptTime(f.planned_start)},
      {"planned_end", OptTime(f.planned_end)},
      {"quorum", f.quorum},
      {"customer_approval", f.customer_approval},
      {"requested_by", c.requested_by ? Json{{"id", *c.requested_by}, {"name", c.requested_by_name}}
                                      : Json(nullptr)},
      {"reviewers", std::move(reviewers)},
      {"cis", std::move(cis)},
      {"approvals", std::move(approvals)},
      {"events", std::move(events)},
      {"outcome", c.outcome ? Json(change::OutcomeName(*c.outcome)) : Json(nullptr)},
      {"review", c.review},
      {"watch", WatchJson(c.watch)},
      {"created_at", FormatIso8601(c.created_at)},
      {"updated_at", FormatIso8601(c.updated_at)},
      {"allowed_moves", std::move(moves)},
      {"missing_for_submit", std::move(missing)}};
}

Json ChangeSummaryJson(const change::ChangeSummary& s) {
  return {{"id", s.id},
          {"ref", change::ChangeRef(s.id)},
          {"customer_id", s.customer_id},
          {"customer_name", s.customer_name},
          {"title", s.title},
          {"type", change::ChangeTypeName(s.type)},
          {"status", change::ChangeStatusName(s.status)},
          {"risk", s.risk ? Json(change::RatingName(*s.risk)) : Json(nullptr)},
          {"planned_start", OptTime(s.planned_start)},
          {"planned_end", OptTime(s.planned_end)},
          {"ticket_id", s.ticket_id ? Json(*s.ticket_id) : Json(nullptr)},
          {"updated_at", FormatIso8601(s.updated_at)}};
}

Json FreezeJson(const change::Freeze& f) {
  return {{"id", f.id},
          {"customer_id", f.customer_id ? Json(*f.customer_id) : Json(nullptr)},
          {"customer_name", f.customer_id ? Json(f.customer_name) : Json(nullptr)},
          {"name", f.name},
          {"starts_at", FormatIso8601(f.starts_at)},
          {"ends_at", FormatIso8601(f.ends_at)}};
}

Json ConflictJson(const change::Conflict& c) {
  Json j{
      {"kind", change::ConflictKindName(c.kind)}, {"message", c.message}, {"blocking", c.blocking}};
  if (c.change_id) j["change_id"] = *c.change_id;
  if (c.ci_id) j["ci_id"] = *c.ci_id;
  if (c.freeze_id) j["freeze_id"] = *c.freeze_id;
  return j;
}

}  // namespace steward::api
