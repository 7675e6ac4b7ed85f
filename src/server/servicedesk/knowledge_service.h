// Knowledge base and problem management (SPEC §5, issue 4 items 7 and 8).
//
// Articles are MSP-wide Markdown text (stored as sent; the server never
// renders it — the console does, safely), drafts or published, and public
// when portal users may read them. They link to tickets. Search ranks
// published articles and the resolutions of closed tickets together
// (kb_index.h); an open ticket gets suggestions from its own text.
//
// Problems (ITIL): a record of the cause behind one or more incidents —
// status open → known_error → resolved → closed, root cause, workaround, the
// known-error flag, the incidents linked (each incident to one problem at
// most), history. Repeating incidents (N within M days on one CI or one
// normalised symptom) are offered as candidate problems. Problems are staff
// only: a portal user gets NotFound.
//
// Tenant scope: a portal user sees public published articles and their own
// customer's tickets only. Every write records an audit entry in its
// transaction. Thread-safe: all state is in the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/json.h"
#include "server/accounts/principal.h"
#include "storage/database.h"

namespace steward::servicedesk {

struct ArticleQuery {
  std::optional<std::string> status;  // staff only: draft|published
  std::optional<std::string> tag;
  int64_t limit = 200;
};

// Defaults; the MSP may store its own (SuggestionSettings) and a request may
// override them.
struct ProblemSuggestionOptions {
  int min_incidents = 3;
  int window_days = 7;
};
inline constexpr std::pair<int, int> kMinIncidentsRange = {2, 100};
inline constexpr std::pair<int, int> kWindowDaysRange = {1, 90};

class Knowledge {
 public:
  Knowledge(storage::Database& db, const Clock& clock);

  // --- Articles ------------------------------------------------------------
  // {"title","body" (Markdown),"tags","status":"draft"|"published","public"}.
  Result<Json> CreateArticle(const accounts::Actor& actor, const Json& body);
  // Newest change first; a portal user sees public published articles only.
  Result<Json> ListArticles(const accounts::Principal& viewer, const ArticleQuery& query);
  // The article; staff also get its linked ticket ids.
  Result<Json> GetArticle(const accounts::Principal& viewer, int64_t id);
  Result<Json> UpdateArticle(const accounts::Actor& actor, int64_t id, const Json& body);
  // Removes the article, its ticket links and its index entry.
  Status DeleteArticle(const accounts::Actor& actor, int64_t id);

  // --- Ticket links --------------------------------------------------------
  // {"article_id"} → the ticket's linked articles. Staff only.
  Result<Json> LinkArticle(const accounts::Actor& actor, int64_t ticket_id, const Json& body);
  Status UnlinkArticle(const accounts::Actor& actor, int64_t ticket_id, int64_t article_id);

  // --- Search --------------------------------------------------------------
  // {"query","results":[{"type","id","title","snippet","score"}]}, best first;
  // `any`: a result needs one of the words, not all.
  Result<Json> Search(const accounts::Principal& viewer, std::string_view q, int limit, bool any);
  // Articles and closed tickets matching an open ticket's subject, symptoms
  // and description (stop words dropped, any word), without the ticket.
  Result<Json> SuggestForTicket(const accounts::Principal& viewer, int64_t ticket_id, int limit);

  // --- Problems (staff only) ------------------------------------------------
  // {"title","description","ticket_ids":[…],"root_cause","workaround",
  // "assignee_id","customer_id"} → the problem with its incidents.
  Result<Json> CreateProblem(const accounts::Actor& actor, const Json& body);
  Result<Json> ListProblems(const accounts::Principal& viewer, std::optional<std::string> status);
  Result<Json> GetProblem(const accounts::Principal& viewer, int64_t id);
  // {"title","description","status","root_cause","workaround","known_error",
  // "assignee_id","note"}; a forbidden status move is Conflict naming the
  // allowed ones; known_error needs a workaround.
  Result<Json> UpdateProblem(const accounts::Actor& actor, int64_t id, const Json& body);
  Result<Json> LinkIncident(const accounts::Actor& actor, int64_t problem_id, int64_t ticket_id);
  Result<Json> UnlinkIncident(const accounts::Actor& actor, int64_t problem_id, int64_t ticket_id);
  // Candidate problems: groups of incidents not linked to a problem.
  Result<Json> SuggestProblems(const accounts::Principal& viewer,
                               const ProblemSuggestionOptions& options);

  // The MSP's stored thresholds (the defaults when none are stored).
  Result<ProblemSuggestionOptions> SuggestionSettings();
  Result<Json> GetSuggestionSettings(const accounts::Principal& viewer);
  // {"min_incidents" (2..100),"window_days" (1..90)}; audited.
  Result<Json> UpdateSuggestionSettings(const accounts::Actor& actor, const Json& body);

  // For the route table's 404-vs-403: 0 (MSP-wide) for an article, the
  // customer (or 0) for a problem; nullopt when there is none.
  Result<std::optional<int64_t>> ArticleOwner(int64_t id);
  Result<std::optional<int64_t>> ProblemOwner(int64_t id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::servicedesk
