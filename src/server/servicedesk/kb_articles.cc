// Knowledge articles: MSP-wide Markdown text, drafts or published, public or
// staff-only; their links to tickets; what a ticket shows of them.
#include <algorithm>
#include <limits>

#include "server/audit/audit_log.h"
#include "server/servicedesk/kb_index.h"
#include "server/servicedesk/knowledge_internal.h"
#include "server/servicedesk/knowledge_service.h"
#include "server/servicedesk/servicedesk_internal.h"

namespace steward::servicedesk {

using storage::Connection;
using storage::Row;

namespace {

constexpr size_t kMaxArticleBody = 200000;
constexpr std::string_view kArticleSelect =
    "SELECT id, title, body, tags_json, status, public, author_id, author, published_at,"
    " created_at, updated_at FROM kb_articles";

std::vector<std::string> Tags(const Row& r) {
  std::vector<std::string> out;
  Json tags = Json::parse(r.Text("tags_json"), nullptr, false);
  if (tags.is_array()) {
    for (const Json& t : tags) {
      if (t.is_string()) out.push_back(t.get<std::string>());
    }
  }
  return out;
}

Json ArticleJson(const Row& r) {
  return {{"id", r.Int("id")},
          {"title", r.Text("title")},
          {"body", r.Text("body")},
          {"body_format", "markdown"},
          {"tags", Tags(r)},
          {"status", r.Text("status")},
          {"public", r.Bool("public")},
          {"author_id", r.OptInt("author_id") ? Json(*r.OptInt("author_id")) : Json(nullptr)},
          {"author", r.Text("author")},
          {"published_at", IsoOrNull(r.OptInt("published_at"))},
          {"created_at", IsoOrNull(r.Int("created_at"))},
          {"updated_at", IsoOrNull(r.Int("updated_at"))}};
}

bool PortalMaySee(const Row& r) { return r.Text("status") == "published" && r.Bool("public"); }

Result<Row> LoadArticle(Connection& c, const accounts::Principal& viewer, int64_t id) {
  std::string sql(kArticleSelect);
  sql += " WHERE id = ?";
  STEWARD_ASSIGN_OR_RETURN(auto row, c.QueryOptional(sql, {id}));
  if (!row || (!viewer.scope().is_all() && !PortalMaySee(*row))) {
    return Status::NotFound("article", std::to_string(id));
  }
  return std::move(*row);
}

Status RequireKbStaff(const accounts::Principal& p) {
  if (!p.scope().is_all()) return Status::PermissionDenied("the knowledge base is edited by staff");
  return Status::Ok();
}

Status Reindex(Connection& c, const Row& r) {
  return kb::IndexArticle(c, r.Int("id"), r.Text("title"), r.Text("body"), Tags(r),
                          r.Text("status") == "published", r.Bool("public"));
}

}  // namespace

Knowledge::Knowledge(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Result<Json> Knowledge::CreateArticle(const accounts::Actor& actor, const Json& body) {
  STEWARD_RETURN_IF_ERROR(RequireKbStaff(actor.principal));
  ObjectReader r(body);
  std::string title = r.RequiredString("title", 1, 200);
  std::string text = r.RequiredString("body", 0, kMaxArticleBody);
  auto tags = r.OptionalStringArray("tags", 20, 50);
  std::string status = r.OptionalEnum("status", {"draft", "published"}).value_or("draft");
  bool is_public = r.OptionalBool("public").value_or(false);
  STEWARD_RETURN_IF_ERROR(r.Finish());
  std::vector<std::string> tag_list = tags.value_or(std::vector<std::string>{});
  Timestamp now = clock_.Now();
  std::optional<int64_t> published_at;
  if (status == "published") published_at = ToMillis(now);
  std::optional<int64_t> author_id;
  if (actor.principal.user_id > 0) author_id = actor.principal.user_id;
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        Row row, c.QueryOne("INSERT INTO kb_articles (title, body, tags_json, status, public,"
                            " author_id, author, published_at, created_at, updated_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            {title, text, Json(tag_list).dump(), status, is_public, author_id,
                             actor.principal.Label(), published_at, ToMillis(now), ToMillis(now)}));
    int64_t id = row.Int("id");
    STEWARD_ASSIGN_OR_RETURN(Row stored, LoadArticle(c, actor.principal, id));
    STEWARD_RETURN_IF_ERROR(Reindex(c, stored));
    out = ArticleJson(stored);
    return audit::Record(c, now, actor,
                         {"kb_article.create",
                          "kb_article",
                          std::to_string(id),
                          std::nullopt,
                          {{"title", title}, {"status", status}, {"public", is_public}}});
  }));
  return out;
}

Result<Json> Knowledge::ListArticles(const accounts::Principal& viewer, const ArticleQuery& q) {
  std::string sql(kArticleSelect);
  storage::Params params;
  sql += " WHERE 1 = 1";
  if (!viewer.scope().is_all()) {
    sql += " AND status = 'published' AND public = 1";
  } else if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(*q.status);
  }
  sql += " ORDER BY updated_at DESC, id DESC";
  Json list = Json::array();
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
    for (const Row& r : rows) {
      if (static_cast<int64_t>(list.size()) >= q.limit) break;
      if (q.tag) {
        auto tags = Tags(r);
        if (std::find(tags.begin(), tags.end(), *q.tag) == tags.end()) continue;
      }
      Json j = ArticleJson(r);
      j.erase("body");  // lists stay small; GET one for the text
      list.push_back(std::move(j));
    }
    return Status::Ok();
  }));
  return Json{{"articles", list}};
}

Result<Json> Knowledge::GetArticle(const accounts::Principal& viewer, int64_t id) {
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row r, LoadArticle(c, viewer, id));
    out = ArticleJson(r);
    if (viewer.scope().is_all()) {
      Json tickets = Json::array();
      STEWARD_ASSIGN_OR_RETURN(storage::Rows links,
                               c.Query("SELECT ticket_id FROM kb_article_tickets WHERE"
                                       " article_id = ? ORDER BY ticket_id",
                                       {id}));
      for (const Row& l : links) tickets.push_back(l.Int("ticket_id"));
      out["ticket_ids"] = tickets;
    }
    return Status::Ok();
  }));
  return out;
}

Result<Json> Knowledge::UpdateArticle(const accounts::Actor& actor, int64_t id, const Json& body) {
  STEWARD_RETURN_IF_ERROR(RequireKbStaff(actor.principal));
  ObjectReader r(body);
  auto title = r.OptionalString("title", 200);
  auto text = r.OptionalString("body", kMaxArticleBody);
  auto tags = r.OptionalStringArray("tags", 20, 50);
  auto status = r.OptionalEnum("status", {"draft", "published"});
  auto is_public = r.OptionalBool("public");
  STEWARD_RETURN_IF_ERROR(r.Finish());
  if (title && title->empty()) return Status::InvalidArgument("must not be empty", "title");
  Timestamp now = clock_.Now();
  Json out;
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row old, LoadArticle(c, actor.principal, id));
    std::optional<int64_t> published_at = old.OptInt("published_at");
    std::string new_status = status.value_or(old.Text("status"));
    if (new_status == "published" && !published_at) published_at = ToMillis(now);
    STEWARD_RETURN_IF_ERROR(
        c.Execute("UPDATE kb_articles SET title = ?, body = ?, tags_json = ?, status = ?,"
                  " public = ?, published_at = ?, updated_at = ? WHERE id = ?",
                  {title.value_or(old.Text("title")), text.value_or(old.Text("body")),
                   tags ? Json(*tags).dump() : old.Text("tags_json"), new_status,
                   is_public.value_or(old.Bool("public")), published_at, ToMillis(now), id})
            .status());
    STEWARD_ASSIGN_OR_RETURN(Row stored, LoadArticle(c, actor.principal, id));
    STEWARD_RETURN_IF_ERROR(Reindex(c, stored));
    out = ArticleJson(stored);
    Json changed = Json::array();
    for (const char* f : {"title", "body", "tags", "status", "public"}) {
      if (body.contains(f)) changed.push_back(f);
    }
    return audit::Record(c, now, actor,
                         {"kb_article.update",
                          "kb_article",
                          std::to_string(id),
                          std::nullopt,
                          {{"fields", changed}, {"status", new_status}}});
  }));
  return out;
}

Status Knowledge::DeleteArticle(const accounts::Actor& actor, int64_t id) {
  STEWARD_RETURN_IF_ERROR(RequireKbStaff(actor.principal));
  Timestamp now = clock_.Now();
  return db_.Transact([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(Row old, LoadArticle(c, actor.principal, id));
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM kb_article_tickets WHERE article_id = ?", {id}).status());
    STEWARD_RETURN_IF_ERROR(kb::RemoveArticle(c, id));
    STEWARD_RETURN_IF_ERROR(c.Execute("DELETE FROM kb_articles WHERE id = ?", {id}).status());
    return audit::Record(c, now, actor,
                         {"kb_article.delete",
                          "kb_article",
                          std::to_string(id),
                          std::nullopt,
                          {{"title", old.Text("title")}}});
  });
}

Result<Json> Knowledge::LinkArticle(const accounts::Actor& actor, int64_t ticket_id,
                                    const Json& body) {
  STEWARD_RETURN_IF_ERROR(RequireKbStaff(actor.principal));
  ObjectReader r(body);
  int64_t article_id = r.RequiredInt("article_id", 1, std::numeric_limits<int64_t>::max());
  STEWARD_RETURN_IF_ERROR(r.Finish());
  Timestamp now = clock_.Now();
  Json out = Json::object();
  STEWARD_RETURN_IF_ERROR(db_.Transact([&](Connection& c) -> Status {
    const storage::ScopedConnection sc(c, actor.principal.scope());
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, actor.principal.scope(), ticket_id));
    auto article = LoadArticle(c, actor.principal, article_id);
    if (!article.ok()) return Status::InvalidArgument("no article with this id", "article_id");
    STEWARD_ASSIGN_OR_RETURN(auto existing,
                             c.QueryOptional("SELECT article_id FROM kb_article_tickets WHERE"
                                             " article_id = ? AND ticket_id = ?",
                                             {article_id, ticket_id}));
    if (!existing) {
      std::optional<int64_t> by;
      if (actor.principal.user_id > 0) by = actor.principal.user_id;
      STEWARD_RETURN_IF_ERROR(c.Execute("INSERT INTO kb_article_tickets (article_id, ticket_id,"
                                        " linked_by, linked_at) VALUES (?, ?, ?, ?)",
                                        {article_id, ticket_id, by, ToMillis(now)})
                                  .status());
      STEWARD_RETURN_IF_ERROR(internal::AddEvent(sc, ticket_id, now, actor.principal, "kb_link",
                                                 std::nullopt, std::to_string(article_id),
                                                 article->Text("title")));
      STEWARD_RETURN_IF_ERROR(audit::Record(c, now, actor,
                                            {"ticket.kb_link",
                                             "ticket",
                                             std::to_string(ticket_id),
                                             t.customer_id,
                                             {{"article_id", article_id}}}));
    }
    STEWARD_ASSIGN_OR_RETURN(auto articles, kb::TicketArticles(c, ticket_id, true));
    out = kb::ArticleRefsJson(articles);
    return Status::Ok();
  }));
  return Json{{"ticket_id", ticket_id}, {"kb_articles", out}};
}

Status Knowledge::UnlinkArticle(const accounts::Actor& actor, int64_t ticket_id,
                                int64_t article_id) {
  STEWARD_RETURN_IF_ERROR(RequireKbStaff(actor.principal));
  Timestamp now = clock_.Now();
  return db_.Transact([&](Connection& c) -> Status {
    const storage::ScopedConnection sc(c, actor.principal.scope());
    STEWARD_ASSIGN_OR_RETURN(Ticket t, internal::LoadTicket(c, actor.principal.scope(), ticket_id));
    STEWARD_ASSIGN_OR_RETURN(int64_t removed,
                             c.Execute("DELETE FROM kb_article_tickets WHERE article_id = ? AND"
                                       " ticket_id = ?",
                                       {article_id, ticket_id}));
    if (removed == 0) return Status::NotFound("article link", std::to_string(article_id));
    STEWARD_RETURN_IF_ERROR(internal::AddEvent(sc, ticket_id, now, actor.principal, "kb_unlink",
                                               std::to_string(article_id), std::nullopt,
                                               std::nullopt));
    return audit::Record(c, now, actor,
                         {"ticket.kb_unlink",
                          "ticket",
                          std::to_string(ticket_id),
                          t.customer_id,
                          {{"article_id", article_id}}});
  });
}

Result<std::optional<int64_t>> Knowledge::ArticleOwner(int64_t id) {
  std::optional<int64_t> owner;
  STEWARD_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT id FROM kb_articles WHERE id = ?", {id}));
    if (row) owner = 0;
    return Status::Ok();
  }));
  return owner;
}

Result<std::vector<ArticleRef>> kb::TicketArticles(Connection& c, int64_t ticket_id, bool staff) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Rows rows,
      c.Query("SELECT a.id, a.title, a.status, a.public FROM kb_article_tickets l"
              " JOIN kb_articles a ON a.id = l.article_id WHERE l.ticket_id = ? ORDER BY a.id",
              {ticket_id}));
  std::vector<ArticleRef> out;
  for (const Row& r : rows) {
    if (!staff && !PortalMaySee(r)) continue;
    out.push_back({r.Int("id"), r.Text("title"), r.Text("status"), r.Bool("public")});
  }
  return out;
}

Result<std::optional<ProblemRef>> kb::TicketProblem(Connection& c, int64_t ticket_id) {
  STEWARD_ASSIGN_OR_RETURN(
      auto problem,
      c.QueryOptional("SELECT p.id, p.title, p.status, p.known_error, p.workaround FROM"
                      " problem_tickets l JOIN problems p ON p.id = l.problem_id"
                      " WHERE l.ticket_id = ?",
                      {ticket_id}));
  if (!problem) return std::optional<ProblemRef>();
  return std::optional<ProblemRef>(ProblemRef{problem->Int("id"), problem->Text("title"),
                                              problem->Text("status"), problem->Bool("known_error"),
                                              problem->OptText("workaround")});
}

Json kb::ArticleRefsJson(const std::vector<ArticleRef>& articles) {
  Json out = Json::array();
  for (const ArticleRef& a : articles) {
    out.push_back(
        {{"id", a.id}, {"title", a.title}, {"status", a.status}, {"public", a.is_public}});
  }
  return out;
}

}  // namespace steward::servicedesk
