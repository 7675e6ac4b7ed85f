#include "server/cmdb/search_index.h"

namespace steward::cmdb::search {
namespace {

constexpr size_t kMaxTerms = 8;
constexpr size_t kMaxTermBytes = 64;

// Letters and digits as both engines tokenise them; bytes of multi-byte UTF-8
// sequences count as letters so "Müller" stays one word.
bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

int64_t SqliteRowId(ObjectType type, int64_t object_id) {
  return object_id * 16 + static_cast<int>(type);
}

}  // namespace

std::string_view ObjectTypeName(ObjectType type) {
  switch (type) {
    case ObjectType::kCustomer:
      return "customer";
    case ObjectType::kContact:
      return "contact";
    case ObjectType::kCi:
      return "ci";
    case ObjectType::kDocument:
      return "document";
  }
  return "unknown";
}

Status Upsert(storage::Connection& c, const Entry& e) {
  STEWARD_RETURN_IF_ERROR(Remove(c, e.type, e.object_id));
  std::string type(ObjectTypeName(e.type));
  if (c.dialect() == storage::Dialect::kSqlite) {
    return c
        .Execute(
            "INSERT INTO search_index (rowid, object_type, object_id, customer_id, title,"
            " body) VALUES (?, ?, ?, ?, ?, ?)",
            {SqliteRowId(e.type, e.object_id), type, e.object_id, e.customer_id, e.title, e.body})
        .status();
  }
  return c
      .Execute(
          "INSERT INTO search_index (object_type, object_id, customer_id, title, body)"
          " VALUES (?, ?, ?, ?, ?)",
          {type, e.object_id, e.customer_id, e.title, e.body})
      .status();
}

Status Remove(storage::Connection& c, ObjectType type, int64_t object_id) {
  if (c.dialect() == storage::Dialect::kSqlite) {
    return c.Execute("DELETE FROM search_index WHERE rowid = ?", {SqliteRowId(type, object_id)})
        .status();
  }
  return c
      .Execute("DELETE FROM search_index WHERE object_type = ? AND object_id = ?",
               {std::string(ObjectTypeName(type)), object_id})
      .status();
}

std::string BodyText(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += '\n';
    out += p;
    bool punctuated = false;
    std::string spaced = p;
    for (char& ch : spaced) {
      unsigned char u = static_cast<unsigned char>(ch);
      if (!IsWordByte(u) && u != ' ' && u != '\n' && u != '\t') {
        ch = ' ';
        punctuated = true;
      }
    }
    if (punctuated) {
      out += '\n';
      out += spaced;
    }
  }
  return out;
}

Result<std::vector<std::string>> QueryTerms(std::string_view q) {
  if (!IsValidUtf8(q)) return Status::InvalidArgument("must be UTF-8 text", "q");
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && terms.size() < kMaxTerms) {
      // Cut long words at a UTF-8 character boundary.
      if (word.size() > kMaxTermBytes) {
        size_t cut = kMaxTermBytes;
        while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
        word.resize(cut);
      }
      if (!word.empty()) terms.push_back(word);
    }
    word.clear();
  };
  for (char ch : q) {
    if (IsWordByte(static_cast<unsigned char>(ch))) {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  if (terms.empty()) {
    return Status::InvalidArgument("needs at least one word of letters or digits", "q");
  }
  return terms;
}

std::string SqliteMatchExpression(const std::vector<std::string>& terms) {
  // Terms hold no '"' (QueryTerms keeps letters and digits only), so quoting
  // makes each a plain string: no column filters, NEAR, AND/OR/NOT or '^'.
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += ' ';
    out += '"';
    out += t;
    out += "\"*";
  }
  return out;
}

std::string PostgresTsQuery(const std::vector<std::string>& terms) {
  // Terms hold none of tsquery's operators (& | ! ( ) : * < > ' \), which are
  // all ASCII punctuation; quoting guards the lexeme anyway.
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += " & ";
    out += '\'';
    out += t;
    out += "':*";
  }
  return out;
}

Result<Json> Query(storage::Connection& c, const storage::TenantScope& scope, std::string_view q,
                   int limit) {
  STEWARD_ASSIGN_OR_RETURN(std::vector<std::string> terms, QueryTerms(q));
  std::string sql;
  storage::Params params;
  if (c.dialect() == storage::Dialect::kSqlite) {
    sql =
        "SELECT object_type, object_id, customer_id, title FROM search_index"
        " WHERE search_index MATCH ?";
    params.emplace_back(SqliteMatchExpression(terms));
    scope.AppendFilter(sql, params, "customer_id");
    // bm25 weights per column (object_type, object_id, customer_id, title,
    // body): a hit in the title outranks the same hit in the body.
    sql += " ORDER BY bm25(search_index, 0.0, 0.0, 0.0, 10.0, 1.0), object_id LIMIT ?";
  } else {
    sql =
        "SELECT object_type, object_id, customer_id, title FROM search_index"
        " WHERE tsv @@ to_tsquery('simple', ?)";
    params.emplace_back(PostgresTsQuery(terms));
    scope.AppendFilter(sql, params, "customer_id");
    sql += " ORDER BY ts_rank(tsv, to_tsquery('simple', ?)) DESC, object_id LIMIT ?";
    params.emplace_back(PostgresTsQuery(terms));
  }
  params.emplace_back(int64_t{limit});
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows, c.Query(sql, params));
  Json out = Json::array();
  for (const auto& r : rows) {
    out.push_back({{"type", r.Text("object_type")},
                   {"id", r.Int("object_id")},
                   {"title", r.Text("title")},
                   {"customer_id", r.Int("customer_id")}});
  }
  return out;
}

}  // namespace steward::cmdb::search
