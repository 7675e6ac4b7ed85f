// The full-text search index: one row per searchable object in the
// `search_index` table (FTS5 on SQLite, a tsvector column on PostgreSQL; see
// storage/schema.cc). Writers call Upsert/Remove inside the transaction that
// changes the object, so the index never disagrees with committed data.
//
// Queries never pass user syntax to the engine: the user's text is cut into
// words of letters and digits and each becomes a quoted prefix term, all of
// which must match. Results are filtered by the caller's TenantScope in SQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "storage/database.h"
#include "storage/scope.h"

namespace steward::cmdb::search {

// Stable codes: on SQLite the row id of an entry is object_id * 16 + code, so
// an entry is replaced or removed by key instead of by scanning the table.
// New object types (tickets, knowledge articles) take the next free code.
enum class ObjectType : int { kCustomer = 1, kContact = 2, kCi = 3, kDocument = 4 };

std::string_view ObjectTypeName(ObjectType type);

struct Entry {
  ObjectType type;
  int64_t object_id = 0;
  int64_t customer_id = 0;
  std::string title;
  std::string body;
};

// Adds or replaces the entry of (type, object_id).
Status Upsert(storage::Connection& c, const Entry& entry);
Status Remove(storage::Connection& c, ObjectType type, int64_t object_id);

// Joins the non-empty `parts` into an index body. Values with punctuation
// ("alice@firm.example", "SRV-DC01") are added a second time with the
// punctuation as spaces, so each piece is findable on both engines (the
// PostgreSQL parser keeps an e-mail address as one token).
std::string BodyText(const std::vector<std::string>& parts);

// The words of a user's query: maximal runs of ASCII letters and digits and
// non-ASCII UTF-8 bytes, at most 8 words of at most 64 bytes each.
// InvalidArgument (field "q") if there is none or `q` is not UTF-8.
Result<std::vector<std::string>> QueryTerms(std::string_view q);

// `"word"* "word2"*` for FTS5 MATCH.
std::string SqliteMatchExpression(const std::vector<std::string>& terms);
// `'word':* & 'word2':*` for to_tsquery('simple', ?).
std::string PostgresTsQuery(const std::vector<std::string>& terms);

// Best matches first: [{"type","id","title","customer_id"}].
Result<Json> Query(storage::Connection& c, const storage::TenantScope& scope, std::string_view q,
                   int limit);

}  // namespace steward::cmdb::search
