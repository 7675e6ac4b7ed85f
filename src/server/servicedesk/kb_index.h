// The knowledge index (`kb_index`, migration 7): published articles and the
// resolutions of closed tickets, ranked full-text search over both — bm25 on
// SQLite FTS5, ts_rank on a weighted PostgreSQL tsvector; a title hit counts
// more than a body hit on both. Writers call the Index*/Remove functions in
// the transaction that changes the object, so the index never disagrees with
// committed data. Internal to server/servicedesk.
//
// Queries never pass user syntax to the engine: the text is cut into words of
// letters and digits, each a quoted prefix term, all of them required
// (kAll) or any of them (kAny, for suggestions, ranked by how much matches).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::servicedesk::kb {

enum class Match { kAll, kAny };

// Lower-cased words of letters and digits (non-ASCII bytes count as
// letters), at most `max_terms` of at most 64 bytes, without duplicates;
// with `drop_stop_words`, common English words and words shorter than three
// bytes are left out. InvalidArgument("q") for non-UTF-8 text; an empty
// vector when no word is left.
Result<std::vector<std::string>> Terms(std::string_view text, bool drop_stop_words,
                                       size_t max_terms = 8);

// `"a"* "b"*` (kAll) or `"a"* OR "b"*` (kAny) for FTS5 MATCH.
std::string SqliteMatch(const std::vector<std::string>& terms, Match match);
// `'a':* & 'b':*` or `'a':* | 'b':*` for to_tsquery('simple', ?).
std::string PostgresQuery(const std::vector<std::string>& terms, Match match);

// About `max_bytes` of `body` around the first occurrence of a term (case
// insensitive), cut at word and UTF-8 boundaries, with "…" where cut.
std::string Snippet(std::string_view body, const std::vector<std::string>& terms,
                    size_t max_bytes = 200);

// Adds or replaces an article's entry (visible 0 draft, 1 published, 2
// published and public).
Status IndexArticle(storage::Connection& c, int64_t id, const std::string& title,
                    const std::string& body, const std::vector<std::string>& tags, bool published,
                    bool is_public);
Status RemoveArticle(storage::Connection& c, int64_t id);
// Indexes a closed ticket: its subject, resolution, symptoms and description
// (never replies or internal notes).
Status IndexClosedTicket(storage::Connection& c, int64_t ticket_id);

struct SearchOptions {
  Match match = Match::kAll;
  int limit = 20;
  std::optional<int64_t> exclude_ticket;
};

// Ranked results [{"type":"article"|"ticket","id","title","snippet","score",
// "customer_id" (tickets)}], best first. Staff see published articles and
// every closed ticket; a portal user (scope of one customer) sees public
// published articles and their own customer's closed tickets.
Result<Json> Search(storage::Connection& c, const storage::TenantScope& scope,
                    const std::vector<std::string>& terms, const SearchOptions& options);

}  // namespace steward::servicedesk::kb
