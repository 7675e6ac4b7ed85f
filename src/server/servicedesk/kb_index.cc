#include "server/servicedesk/kb_index.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/strings.h"

namespace steward::servicedesk::kb {

namespace {

constexpr size_t kMaxTermBytes = 64;

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool IsStopWord(const std::string& w) {
  static const std::set<std::string, std::less<>> kStop = {
      "about",  "after",  "again",  "all",     "also",  "and",    "any",   "are",    "because",
      "been",   "before", "being",  "but",     "can",   "cannot", "could", "did",    "does",
      "doing",  "don",    "each",   "for",     "from",  "get",    "gets",  "had",    "has",
      "have",   "her",    "here",   "him",     "his",   "how",    "into",  "its",    "just",
      "more",   "most",   "not",    "now",     "off",   "once",   "only",  "other",  "our",
      "out",    "over",   "please", "same",    "she",   "should", "since", "some",   "still",
      "such",   "than",   "that",   "the",     "their", "them",   "then",  "there",  "these",
      "they",   "this",   "those",  "through", "too",   "under",  "until", "very",   "was",
      "way",    "we",     "were",   "what",    "when",  "where",  "which", "while",  "who",
      "why",    "will",   "with",   "won",     "would", "you",    "your",  "yours",  "isn",
      "wasn",   "doesn",  "didn",   "can't",   "it's",  "hi",     "hello", "thanks", "thank",
      "regards"};
  return kStop.count(w) > 0;
}

int64_t RowId(bool ticket, int64_t id) { return id * 2 + (ticket ? 1 : 0); }

// Back to the start of the UTF-8 character holding byte `i`.
size_t CharStart(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

Status Insert(storage::Connection& c, bool ticket, int64_t id, int64_t customer_id, int visible,
              const std::string& title, const std::string& body) {
  std::string type = ticket ? "ticket" : "article";
  if (c.dialect() == storage::Dialect::kSqlite) {
    STEWARD_RETURN_IF_ERROR(
        c.Execute("DELETE FROM kb_index WHERE rowid = ?", {RowId(ticket, id)}).status());
    return c
        .Execute(
            "INSERT INTO kb_index (rowid, object_type, object_id, customer_id, visible, title,"
            " body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {RowId(ticket, id), type, id, customer_id, int64_t{visible}, title, body})
        .status();
  }
  STEWARD_RETURN_IF_ERROR(
      c.Execute("DELETE FROM kb_index WHERE object_type = ? AND object_id = ?", {type, id})
          .status());
  return c
      .Execute(
          "INSERT INTO kb_index (object_type, object_id, customer_id, visible, title, body)"
          " VALUES (?, ?, ?, ?, ?, ?)",
          {type, id, customer_id, int64_t{visible}, title, body})
      .status();
}

}  // namespace

Result<std::vector<std::string>> Terms(std::string_view text, bool drop_stop_words,
                                       size_t max_terms) {
  if (!IsValidUtf8(text)) return Status::InvalidArgument("must be UTF-8 text", "q");
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    if (word.size() > kMaxTermBytes) word.resize(CharStart(word, kMaxTermBytes));
    std::string w = AsciiLower(word);
    word.clear();
    if (w.empty() || terms.size() >= max_terms) return;
    if (drop_stop_words && (w.size() < 3 || IsStopWord(w))) return;
    if (std::find(terms.begin(), terms.end(), w) == terms.end()) terms.push_back(std::move(w));
  };
  for (char ch : text) {
    if (IsWordByte(static_cast<unsigned char>(ch))) {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

std::string SqliteMatch(const std::vector<std::string>& terms, Match match) {
  // Terms hold letters and digits only: quoted, each is a plain string (no
  // column filters, NEAR or operators).
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += match == Match::kAll ? " " : " OR ";
    out += '"';
    out += t;
    out += "\"*";
  }
  return out;
}

std::string PostgresQuery(const std::vector<std::string>& terms, Match match) {
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += match == Match::kAll ? " & " : " | ";
    out += '\'';
    out += t;
    out += "':*";
  }
  return out;
}

std::string Snippet(std::string_view body, const std::vector<std::string>& terms,
                    size_t max_bytes) {
  std::string lower = AsciiLower(body);
  size_t hit = std::string::npos;
  for (const std::string& t : terms) {
    // A term matches at the start of a word (the engines match prefixes).
    for (size_t pos = lower.find(t); pos != std::string::npos; pos = lower.find(t, pos + 1)) {
      if (pos == 0 || !IsWordByte(static_cast<unsigned char>(lower[pos - 1]))) {
        hit = std::min(hit, pos);
        break;
      }
    }
  }
  size_t begin = 0;
  if (hit != std::string::npos && hit > max_bytes / 4) begin = hit - max_bytes / 4;
  size_t end = std::min(body.size(), begin + max_bytes);
  // Whole words: move the cuts to whitespace when there is some nearby.
  if (begin > 0) {
    size_t space = body.find_first_of(" \n\t", begin);
    if (space != std::string::npos && space < begin + 30 &&
        (hit == std::string::npos || space < hit)) {
      begin = space + 1;
    }
  }
  if (end < body.size()) {
    size_t space = body.find_last_of(" \n\t", end);
    if (space != std::string::npos && space > begin && space + 30 > end) end = space;
  }
  begin = CharStart(body, begin);
  end = CharStart(body, end);
  std::string out;
  if (begin > 0) out += "…";
  for (char ch : body.substr(begin, end - begin)) out += (ch == '\n' || ch == '\t') ? ' ' : ch;
  if (end < body.size()) out += "…";
  return out;
}

Status IndexArticle(storage::Connection& c, int64_t id, const std::string& title,
                    const std::string& body, const std::vector<std::string>& tags, bool published,
                    bool is_public) {
  int visible = !published ? 0 : (is_public ? 2 : 1);
  std::string text = body;
  for (const std::string& t : tags) text += "\n" + t;
  return Insert(c, false, id, 0, visible, title, text);
}

Status RemoveArticle(storage::Connection& c, int64_t id) {
  if (c.dialect() == storage::Dialect::kSqlite) {
    return c.Execute("DELETE FROM kb_index WHERE rowid = ?", {RowId(false, id)}).status();
  }
  return c.Execute("DELETE FROM kb_index WHERE object_type = 'article' AND object_id = ?", {id})
      .status();
}

Status IndexClosedTicket(storage::Connection& c, int64_t ticket_id) {
  STEWARD_ASSIGN_OR_RETURN(
      storage::Row t,
      c.QueryOne("SELECT customer_id, subject, description, symptoms, resolution FROM tickets"
                 " WHERE id = ?",
                 {ticket_id}));
  // The resolution first: it is what a later reader came for (and the snippet).
  std::string body = t.OptText("resolution").value_or("");
  for (const auto& part : {t.OptText("symptoms").value_or(""), t.Text("description")}) {
    if (part.empty()) continue;
    if (!body.empty()) body += '\n';
    body += part;
  }
  return Insert(c, true, ticket_id, t.Int("customer_id"), 1, t.Text("subject"), body);
}

Result<Json> Search(storage::Connection& c, const storage::TenantScope& scope,
                    const std::vector<std::string>& terms, const SearchOptions& options) {
  Json out = Json::array();
  if (terms.empty()) return out;
  std::string sql;
  storage::Params params;
  if (c.dialect() == storage::Dialect::kSqlite) {
    // bm25 weights per column (object_type, object_id, customer_id, visible,
    // title, body); bm25 is lower for better matches, so negate it.
    sql =
        "SELECT object_type, object_id, customer_id, title, body,"
        " -bm25(kb_index, 0.0, 0.0, 0.0, 0.0, 10.0, 1.0) AS score FROM kb_index"
        " WHERE kb_index MATCH ?";
    params.emplace_back(SqliteMatch(terms, options.match));
  } else {
    sql =
        "SELECT object_type, object_id, customer_id, title, body,"
        " CAST(ts_rank(tsv, to_tsquery('simple', ?)) AS DOUBLE PRECISION) AS score"
        " FROM kb_index WHERE tsv @@ to_tsquery('simple', ?)";
    params.emplace_back(PostgresQuery(terms, options.match));
    params.emplace_back(PostgresQuery(terms, options.match));
  }
  if (auto customer = scope.customer_id()) {
    sql +=
        " AND ((object_type = 'article' AND visible = 2)"
        " OR (object_type = 'ticket' AND customer_id = ?))";
    params.emplace_back(*customer);
  } else {
    sql += " AND visible >= 1";
  }
  if (options.exclude_ticket) {
    sql += " AND NOT (object_type = 'ticket' AND object_id = ?)";
    params.emplace_back(*options.exclude_ticket);
  }
  sql += " ORDER BY score DESC, object_type, object_id LIMIT ?";
  params.emplace_back(int64_t{options.limit});
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
  for (const storage::Row& r : rows) {
    bool ticket = r.Text("object_type") == "ticket";
    Json item = {{"type", r.Text("object_type")},
                 {"id", r.Int("object_id")},
                 {"title", r.Text("title")},
                 {"snippet", Snippet(r.Text("body"), terms)},
                 {"score", std::round(r.Real("score") * 1e6) / 1e6}};
    if (ticket) item["customer_id"] = r.Int("customer_id");
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace steward::servicedesk::kb
