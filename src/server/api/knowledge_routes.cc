// Knowledge base and problem routes (SPEC §5, issue 4 items 7 and 8):
// articles, their links to tickets, ranked search, suggestions on a ticket,
// problems with their incidents, and candidate problems from repeating
// incidents. Knowledge applies the caller's tenant scope; roles here decide
// who may act. Knowledge holds no state of its own (database and clock), so
// the routes own the one instance they share.
#include <limits>
#include <memory>

#include "server/api/ticket_routes_common.h"
#include "server/servicedesk/knowledge_service.h"
#include "server/servicedesk/servicedesk_service.h"

namespace steward::api {

using accounts::Role;
using accounts::RoleSet;
using servicedesk::Knowledge;

namespace {

constexpr size_t kArticleBody = 256 * 1024;

// Problems: staff who work incidents; the change manager reads them too.
constexpr RoleSet kProblemReaders = {Role::kOwner, Role::kServiceManager, Role::kTechnician,
                                     Role::kChangeManager};

// The MSP-wide problem settings.
constexpr RoleSet kSettingsAdmins = {Role::kOwner, Role::kServiceManager};

using KnowledgePtr = std::shared_ptr<Knowledge>;

Json ArticleSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"title", "string"},
                       {"body", "string"},
                       {"body_format", "string"},
                       {"tags", "array"},
                       {"status", "string"},
                       {"public", "boolean"},
                       {"author_id", "integer"},
                       {"author", "string"},
                       {"published_at", "string"},
                       {"created_at", "string"},
                       {"updated_at", "string"},
                       {"ticket_ids", "array"}});
}

Json ProblemSchema() {
  return ObjectSchema({{"id", "integer"},
                       {"title", "string"},
                       {"description", "string"},
                       {"status", "string"},
                       {"root_cause", "string"},
                       {"workaround", "string"},
                       {"known_error", "boolean"},
                       {"assignee_id", "integer"},
                       {"customer_id", "integer"},
                       {"change_id", "integer"},
                       {"incidents", "array"},
                       {"incident_count", "integer"},
                       {"history", "array"}});
}

Json SearchSchema() { return ObjectSchema({{"query", "array"}, {"results", "array"}}); }

OwnerLookup ArticleOwner(const KnowledgePtr& kb) {
  return [kb](int64_t id) { return kb->ArticleOwner(id); };
}
OwnerLookup ProblemOwner(const KnowledgePtr& kb) {
  return [kb](int64_t id) { return kb->ProblemOwner(id); };
}
Result<int> Limit(const RequestContext& ctx, int fallback) {
  STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 100));
  return limit ? static_cast<int>(*limit) : fallback;
}

void AddArticleRoutes(RouteTable& routes, const KnowledgePtr& kb) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/kb/articles",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json a, kb->CreateArticle(ctx.actor(), body));
        return ApiResponse::Created(std::move(a));
      },
      .doc = {"Write a knowledge article: {\"title\",\"body\" (Markdown, stored as text and "
              "never rendered by the server),\"tags\",\"status\" (draft|published, default "
              "draft),\"public\" (portal users may read it once published; default false)}.",
              "knowledge",
              ObjectSchema({{"title", "string"},
                            {"body", "string"},
                            {"tags", "array"},
                            {"status", "string"},
                            {"public", "boolean"}},
                           {"title", "body"}),
              ArticleSchema(), 201},
      .max_body_bytes = kArticleBody,
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/kb/articles",
      .roles = RoleSet::Everyone(),
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        servicedesk::ArticleQuery q;
        if (auto status = ctx.request().QueryParam("status")) {
          if (*status != "draft" && *status != "published") {
            return Status::InvalidArgument("must be draft or published", "status");
          }
          q.status = *status;
        }
        q.tag = ctx.request().QueryParam("tag");
        STEWARD_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, 1000));
        if (limit) q.limit = *limit;
        STEWARD_ASSIGN_OR_RETURN(Json list, kb->ListArticles(ctx.principal(), q));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"Knowledge articles without their body, last changed first. Filters: status "
              "(staff), tag, limit. A portal user sees public published articles only.",
              "knowledge", nullptr, ObjectSchema({{"articles", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/kb/articles/{id}",
      .roles = RoleSet::Everyone(),
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json a, kb->GetArticle(ctx.principal(), id));
        return ApiResponse::Ok(std::move(a));
      },
      .doc = {"One article with its Markdown body; staff also get the linked ticket_ids. A "
              "portal user gets 404 for a draft or non-public article.",
              "knowledge", nullptr, ArticleSchema()},
      .owner_lookup = ArticleOwner(kb),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/kb/articles/{id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json a, kb->UpdateArticle(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(a));
      },
      .doc = {"Change an article: title, body, tags, status (draft|published), public.",
              "knowledge",
              ObjectSchema({{"title", "string"},
                            {"body", "string"},
                            {"tags", "array"},
                            {"status", "string"},
                            {"public", "boolean"}}),
              ArticleSchema()},
      .max_body_bytes = kArticleBody,
      .owner_lookup = ArticleOwner(kb),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/kb/articles/{id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_RETURN_IF_ERROR(kb->DeleteArticle(ctx.actor(), id));
        return ApiResponse::NoContent();
      },
      .doc = {"Delete an article with its ticket links.", "knowledge", nullptr, nullptr, 204},
      .owner_lookup = ArticleOwner(kb),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/kb/search",
      .roles = RoleSet::Everyone(),
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        auto q = ctx.request().QueryParam("q");
        if (!q) return Status::InvalidArgument("is required", "q");
        auto match = ctx.request().QueryParam("match").value_or("all");
        if (match != "all" && match != "any") {
          return Status::InvalidArgument("must be all or any", "match");
        }
        STEWARD_ASSIGN_OR_RETURN(int limit, Limit(ctx, 20));
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->Search(ctx.principal(), *q, limit, match == "any"));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"Ranked full-text search over published knowledge articles and the resolutions "
              "of closed tickets: q (words; prefixes match), match (all — default — or any), "
              "limit (1..100, default 20). Results [{type (article|ticket), id, title, snippet, "
              "score}] best first (bm25 on SQLite, ts_rank on PostgreSQL; higher is better). A "
              "portal user finds public articles and their own customer's closed tickets only.",
              "knowledge", nullptr, SearchSchema()},
  });
}

void AddTicketKnowledgeRoutes(RouteTable& routes, const KnowledgePtr& kb,
                              servicedesk::TicketService& tickets) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/tickets/{id}/kb-links",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->LinkArticle(ctx.actor(), id, body));
        return ApiResponse::Created(std::move(r));
      },
      .doc = {"Link a knowledge article to the ticket: {\"article_id\"} (idempotent). The "
              "ticket's detail lists its kb_articles.",
              "knowledge", ObjectSchema({{"article_id", "integer"}}, {"article_id"}),
              ObjectSchema({{"ticket_id", "integer"}, {"kb_articles", "array"}}), 201},
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/tickets/{id}/kb-links/{article_id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t article_id, ctx.PathId("article_id"));
        STEWARD_RETURN_IF_ERROR(kb->UnlinkArticle(ctx.actor(), id, article_id));
        return ApiResponse::NoContent();
      },
      .doc = {"Remove an article's link from the ticket.", "knowledge", nullptr, nullptr, 204},
      .owner_lookup = TicketOwner(tickets),
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/tickets/{id}/suggestions",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int limit, Limit(ctx, 5));
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->SuggestForTicket(ctx.principal(), id, limit));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"Knowledge for a ticket: its subject, symptoms and description without stop "
              "words, any word matching, ranked; published articles and other closed tickets' "
              "resolutions. limit (1..100, default 5).",
              "knowledge", nullptr,
              ObjectSchema({{"ticket_id", "integer"}, {"query", "array"}, {"results", "array"}})},
      .owner_lookup = TicketOwner(tickets),
  });
}

void AddProblemRoutes(RouteTable& routes, const KnowledgePtr& kb) {
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/problems",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json p, kb->CreateProblem(ctx.actor(), body));
        return ApiResponse::Created(std::move(p));
      },
      .doc = {"Open a problem from one or more incidents: {\"title\",\"ticket_ids\":[…],"
              "\"description\",\"root_cause\",\"workaround\",\"known_error\" (needs a "
              "workaround),\"assignee_id\",\"customer_id\" (optional: problems may span "
              "customers)}. A ticket already in another problem is 409.",
              "problems",
              ObjectSchema({{"title", "string"},
                            {"ticket_ids", "array"},
                            {"description", "string"},
                            {"root_cause", "string"},
                            {"workaround", "string"},
                            {"known_error", "boolean"},
                            {"assignee_id", "integer"},
                            {"customer_id", "integer"}},
                           {"title", "ticket_ids"}),
              ProblemSchema(), 201},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/problems",
      .roles = kProblemReaders,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        auto status = ctx.request().QueryParam("status");
        if (status && *status != "open" && *status != "known_error" && *status != "resolved" &&
            *status != "closed") {
          return Status::InvalidArgument("must be open, known_error, resolved or closed", "status");
        }
        STEWARD_ASSIGN_OR_RETURN(Json list, kb->ListProblems(ctx.principal(), status));
        return ApiResponse::Ok(std::move(list));
      },
      .doc = {"Problems, unclosed first, last changed first. Filter: status.", "problems", nullptr,
              ObjectSchema({{"problems", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/problems/suggestions",
      .roles = kProblemReaders,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(servicedesk::ProblemSuggestionOptions o, kb->SuggestionSettings());
        STEWARD_ASSIGN_OR_RETURN(
            auto n, ctx.QueryInt("min_incidents", servicedesk::kMinIncidentsRange.first,
                                 servicedesk::kMinIncidentsRange.second));
        STEWARD_ASSIGN_OR_RETURN(auto days,
                                 ctx.QueryInt("window_days", servicedesk::kWindowDaysRange.first,
                                              servicedesk::kWindowDaysRange.second));
        if (n) o.min_incidents = static_cast<int>(*n);
        if (days) o.window_days = static_cast<int>(*days);
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->SuggestProblems(ctx.principal(), o));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"Candidate problems: groups of at least min_incidents (default: the stored "
              "setting, else 3) tickets created in the last window_days (stored, else 7) that "
              "share a CI or a normalised "
              "symptom (lower case; numbers, hex codes, dates, times and UUIDs replaced; "
              "punctuation dropped) and are not linked to a problem yet. Groups [{kind "
              "(ci|symptom), ci_id, ci_name, symptom, ticket_ids, count, customer_ids, "
              "first_at, last_at}].",
              "problems", nullptr,
              ObjectSchema({{"min_incidents", "integer"},
                            {"window_days", "integer"},
                            {"window_start", "string"},
                            {"window_end", "string"},
                            {"groups", "array"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/problems/settings",
      .roles = kProblemReaders,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->GetSuggestionSettings(ctx.principal()));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"The MSP's thresholds for candidate problems.", "problems", nullptr,
              ObjectSchema({{"min_incidents", "integer"}, {"window_days", "integer"}})},
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/problems/settings",
      .roles = kSettingsAdmins,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json r, kb->UpdateSuggestionSettings(ctx.actor(), body));
        return ApiResponse::Ok(std::move(r));
      },
      .doc = {"Store the thresholds for candidate problems: {\"min_incidents\" (2..100),"
              "\"window_days\" (1..90)}; either may be left out.",
              "problems", ObjectSchema({{"min_incidents", "integer"}, {"window_days", "integer"}}),
              ObjectSchema({{"min_incidents", "integer"}, {"window_days", "integer"}})},
  });
  routes.Add({
      .method = "GET",
      .pattern = "/api/v1/problems/{id}",
      .roles = kProblemReaders,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json p, kb->GetProblem(ctx.principal(), id));
        return ApiResponse::Ok(std::move(p));
      },
      .doc = {"A problem with its incidents and history.", "problems", nullptr, ProblemSchema()},
      .owner_lookup = ProblemOwner(kb),
  });
  routes.Add({
      .method = "PATCH",
      .pattern = "/api/v1/problems/{id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(Json body, ctx.JsonBody());
        STEWARD_ASSIGN_OR_RETURN(Json p, kb->UpdateProblem(ctx.actor(), id, body));
        return ApiResponse::Ok(std::move(p));
      },
      .doc = {"Change a problem: status (open → known_error → resolved → closed; "
              "known_error and resolved may go back to open; a forbidden move is 409 naming "
              "the allowed ones), title, description, root_cause, workaround, known_error "
              "(needs a workaround), assignee_id, note. Every change is kept in its history.",
              "problems",
              ObjectSchema({{"status", "string"},
                            {"title", "string"},
                            {"description", "string"},
                            {"root_cause", "string"},
                            {"workaround", "string"},
                            {"known_error", "boolean"},
                            {"assignee_id", "integer"},
                            {"note", "string"}}),
              ProblemSchema()},
      .owner_lookup = ProblemOwner(kb),
  });
  routes.Add({
      .method = "POST",
      .pattern = "/api/v1/problems/{id}/incidents/{ticket_id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t ticket, ctx.PathId("ticket_id"));
        STEWARD_ASSIGN_OR_RETURN(Json p, kb->LinkIncident(ctx.actor(), id, ticket));
        return ApiResponse::Ok(std::move(p));
      },
      .doc = {"Link an incident (ticket) to the problem; 409 when it belongs to another "
              "problem or the problem is closed.",
              "problems", nullptr, ProblemSchema()},
      .owner_lookup = ProblemOwner(kb),
  });
  routes.Add({
      .method = "DELETE",
      .pattern = "/api/v1/problems/{id}/incidents/{ticket_id}",
      .roles = kTicketWorkers,
      .handler = [kb](RequestContext& ctx) -> Result<ApiResponse> {
        STEWARD_ASSIGN_OR_RETURN(int64_t id, ctx.PathId());
        STEWARD_ASSIGN_OR_RETURN(int64_t ticket, ctx.PathId("ticket_id"));
        STEWARD_ASSIGN_OR_RETURN(Json p, kb->UnlinkIncident(ctx.actor(), id, ticket));
        return ApiResponse::Ok(std::move(p));
      },
      .doc = {"Unlink an incident from the problem.", "problems", nullptr, ProblemSchema()},
      .owner_lookup = ProblemOwner(kb),
  });
}

}  // namespace

void AddKnowledgeRoutes(RouteTable& routes, const ApiDeps& deps) {
  auto kb = std::make_shared<Knowledge>(deps.db, deps.clock);
  AddArticleRoutes(routes, kb);
  AddTicketKnowledgeRoutes(routes, kb, deps.tickets);
  AddProblemRoutes(routes, kb);
}

}  // namespace steward::api
