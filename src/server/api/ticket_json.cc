#include "server/api/ticket_json.h"

#include <limits>
#include <string>

#include "core/time_format.h"

namespace steward::api {

using namespace servicedesk;

namespace {

constexpr size_t kLongText = 20000;
const std::vector<std::string_view> kPriorities = {"critical", "high", "normal", "low"};

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json Iso(int64_t millis) { return FormatIso8601(FromMillis(millis)); }

// History values that name a user are stored as text; a value that is not
// a number (never written by the desk) reads as null rather than failing.
Json UserIdOrNull(const std::optional<std::string>& v) {
  if (!v || v->empty() || v->size() > 18 ||
      v->find_first_not_of("0123456789") != std::string::npos) {
    return nullptr;
  }
  return std::stoll(*v);
}

Json ArticlesJson(const std::vector<ArticleRef>& articles) {
  Json out = Json::array();
  for (const ArticleRef& a : articles) {
    out.push_back(
        {{"id", a.id}, {"title", a.title}, {"status", a.status}, {"public", a.is_public}});
  }
  return out;
}

Json ProblemJson(const std::optional<ProblemRef>& p) {
  if (!p) return nullptr;
  return {{"id", p->id},
          {"title", p->title},
          {"status", p->status},
          {"known_error", p->known_error},
          {"workaround", OrNull(p->workaround)}};
}

}  // namespace

Result<NewTicketRequest> ReadNewTicket(const Json& body) {
  ObjectReader r(body);
  NewTicketRequest n;
  n.customer_id = r.OptionalInt("customer_id", 1, kMaxId);
  n.subject = r.RequiredString("subject", 1, 200);
  n.description = r.RequiredString("description", 0, kLongText);
  std::string priority = r.RequiredEnum("priority", kPriorities);
  n.contact_id = r.OptionalInt("contact_id", 1, kMaxId);
  n.source = r.OptionalEnum("source", {"email", "portal", "phone", "api"});
  n.symptoms = r.OptionalString("symptoms", kLongText);
  n.steps_to_reproduce = r.OptionalString("steps_to_reproduce", kLongText);
  n.recent_changes = r.OptionalString("recent_changes", kLongText);
  auto tags = r.OptionalStringArray("tags", 20, 50);
  const Json* ci_ids = r.OptionalRaw("ci_ids");
  n.assignee_id = r.OptionalInt("assignee_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  n.priority = *ParsePriority(priority);
  if (tags) n.tags = std::move(*tags);
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
  return n;
}

Result<TicketChange> ReadTicketChange(const Json& body) {
  ObjectReader r(body);
  TicketChange change;
  auto status_name = r.OptionalString("status", 32);
  change.assignee_id = r.OptionalInt("assignee_id", 1, kMaxId);
  auto priority_name = r.OptionalEnum("priority", kPriorities);
  change.resolution = r.OptionalString("resolution", kLongText);
  change.tags = r.OptionalStringArray("tags", 20, 50);
  change.note = r.OptionalString("note", 2000);
  if (r.Has("assignee_id") && body["assignee_id"].is_null()) {
    return Status::InvalidArgument("a ticket always has one responsible person", "assignee_id");
  }
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (priority_name) change.priority = *ParsePriority(*priority_name);
  if (status_name) {
    change.status = ParseStatus(*status_name);
    if (!change.status) {
      std::string all;
      for (auto s : AllStatusNames()) all += (all.empty() ? "" : ", ") + std::string(s);
      return Status::InvalidArgument("must be one of: " + all, "status");
    }
  }
  return change;
}

Result<NewReply> ReadReply(const Json& body) {
  ObjectReader r(body);
  NewReply reply;
  reply.body = r.RequiredString("body", 1, kLongText);
  reply.internal = r.OptionalBool("internal").value_or(false);
  reply.parent_id = r.OptionalInt("parent_id", 1, kMaxId);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  return reply;
}

Result<Confirmation> ReadConfirmation(const Json& body) {
  ObjectReader r(body);
  std::optional<bool> resolved = r.OptionalBool("resolved");
  Confirmation answer;
  answer.comment = r.OptionalString("comment", kLongText);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!resolved) return Status::InvalidArgument("is required (true or false)", "resolved");
  answer.resolved = *resolved;
  return answer;
}

Result<TechnicalEscalation> ReadEscalation(const Json& body) {
  ObjectReader r(body);
  TechnicalEscalation e;
  e.to_user_id = r.OptionalInt("to_user_id", 1, kMaxId);
  e.vendor = r.OptionalString("vendor", 200);
  e.note = r.RequiredString("note", 1, 2000);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (!e.to_user_id && (!e.vendor || e.vendor->empty())) {
    return Status::InvalidArgument("name a more senior technician or a vendor", "to_user_id");
  }
  return e;
}

Json TicketJson(const Ticket& t) {
  return {{"id", t.id},
          {"customer_id", t.customer_id},
          {"contact_id", OrNull(t.contact_id)},
          {"subject", t.subject},
          {"description", t.description},
          {"symptoms", OrNull(t.symptoms)},
          {"steps_to_reproduce", OrNull(t.steps_to_reproduce)},
          {"recent_changes", OrNull(t.recent_changes)},
          {"priority", PriorityName(t.priority)},
          {"status", StatusName(t.status)},
          {"source", t.source},
          {"tags", t.tags},
          {"assignee_id", t.assignee_id},
          {"reported_by", OrNull(t.reported_by)},
          {"sla_policy", t.sla_policy},
          {"calendar_id", OrNull(t.calendar_id)},
          {"response_due", IsoOrNull(t.response_due)},
          {"resolution_due", IsoOrNull(t.resolution_due)},
          {"next_due", IsoOrNull(t.next_due())},
          {"first_response_at", IsoOrNull(t.first_response_at)},
          {"sla_paused", t.sla_paused()},
          {"resolution", OrNull(t.resolution)},
          {"resolved_at", IsoOrNull(t.resolved_at)},
          {"resolved_by", OrNull(t.resolved_by)},
          {"closed_at", IsoOrNull(t.closed_at)},
          {"alert_id", OrNull(t.alert_id)},
          {"created_at", Iso(t.created_at)},
          {"updated_at", Iso(t.updated_at)}};
}

Json TicketListJson(const std::vector<TicketListItem>& items) {
  Json list = Json::array();
  for (const TicketListItem& item : items) {
    Json j = TicketJson(item.ticket);
    j["breached"] = item.breached;
    list.push_back(std::move(j));
  }
  return Json{{"tickets", std::move(list)}};
}

Json TicketSearchJson(const std::vector<TicketSearchHit>& hits) {
  Json out = Json::array();
  for (const TicketSearchHit& h : hits) {
    out.push_back({{"type", "ticket"},
                   {"id", h.id},
                   {"title", "#" + std::to_string(h.id) + " " + h.subject},
                   {"customer_id", h.customer_id}});
  }
  return out;
}

Json ReplyJson(const TicketReply& r) {
  return {{"id", r.id},
          {"ticket_id", r.ticket_id},
          {"parent_id", OrNull(r.parent_id)},
          {"author_user_id", OrNull(r.author_user_id)},
          {"author", r.author},
          {"from_staff", r.from_staff},
          {"internal", r.internal},
          {"body", r.body},
          {"created_at", Iso(r.created_at)}};
}

Json AttachmentJson(const TicketAttachment& a) {
  return {{"id", a.id},
          {"reply_id", OrNull(a.reply_id)},
          {"internal", a.internal},
          {"file_name", a.file_name},
          {"content_type", a.content_type},
          {"size_bytes", a.size_bytes},
          {"truncated", a.truncated},
          {"original_size", a.original_size},
          {"source", a.source},
          {"created_at", Iso(a.created_at)}};
}

Json TicketDetailJson(const TicketDetail& d) {
  const bool staff = d.staff_view;
  Json out = TicketJson(d.ticket);
  out["ci_ids"] = d.ci_ids;
  out["kb_articles"] = ArticlesJson(d.kb_articles);
  if (staff) out["problem"] = ProblemJson(d.problem);

  Json replies = Json::array();
  for (const TicketReply& r : d.replies) {
    Json j = ReplyJson(r);
    j.erase("ticket_id");
    replies.push_back(std::move(j));
  }
  out["replies"] = std::move(replies);

  Json attachments = Json::array();
  for (const TicketAttachment& a : d.attachments) attachments.push_back(AttachmentJson(a));
  out["attachments"] = std::move(attachments);

  // History; transfers of responsibility and technical escalations drawn out.
  Json history = Json::array(), transfers = Json::array(), technical = Json::array();
  for (const TicketEvent& e : d.history) {
    Json at = Iso(e.at);
    history.push_back({{"at", at},
                       {"kind", e.kind},
                       {"actor", staff ? Json(e.actor) : Json(nullptr)},
                       {"old_value", OrNull(e.old_value)},
                       {"new_value", OrNull(e.new_value)},
                       {"note", staff ? OrNull(e.note) : Json(nullptr)}});
    if (e.kind == "assignee") {
      transfers.push_back({{"at", at},
                           {"from_user_id", UserIdOrNull(e.old_value)},
                           {"to_user_id", UserIdOrNull(e.new_value)},
                           {"by_user_id", OrNull(e.actor_user_id)}});
    } else if (e.kind == "technical_escalation") {
      technical.push_back({{"at", at},
                           {"to_user_id", OrNull(e.new_value)},
                           {"vendor", OrNull(e.old_value)},
                           {"note", OrNull(e.note)}});
    }
  }
  out["history"] = std::move(history);
  out["transfers"] = std::move(transfers);
  if (staff) out["technical_escalations"] = std::move(technical);

  Json escalations = Json::array();
  for (const TicketEscalation& e : d.escalations) {
    escalations.push_back({{"level", e.level}, {"at", Iso(e.at)}, {"notified", e.notified_role}});
  }
  out["escalations"] = std::move(escalations);

  Json breaches = Json::array();
  for (const TicketBreach& b : d.breaches) {
    breaches.push_back({{"kind", b.kind}, {"at", Iso(b.at)}, {"due", Iso(b.due_at)}});
  }
  out["breaches"] = std::move(breaches);

  out["rfc"] = d.rfc ? Json{{"id", d.rfc->id}, {"status", d.rfc->status}} : Json(nullptr);

  if (d.closure) {
    const ClosureRecord& c = *d.closure;
    out["closure"] = {
        {"reported_at", Iso(c.reported_at)},          {"reported_by", OrNull(c.reported_by)},
        {"contact_id", OrNull(c.contact_id)},         {"details", c.details},
        {"actions_taken", OrNull(c.actions_taken)},   {"resolved_by", OrNull(c.resolved_by)},
        {"resolved_at", IsoOrNull(c.resolved_at)},    {"closed_at", Iso(c.closed_at)},
        {"minutes_to_resolve", c.minutes_to_resolve}, {"sla_met", c.sla_met}};
  } else {
    out["closure"] = nullptr;
  }
  return out;
}

}  // namespace steward::api
