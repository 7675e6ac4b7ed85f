// The versioned schema. Each migration is portable SQL with one token,
// `@ID@`, for an auto-increment primary key, plus optional dialect-only text
// (full-text search differs: FTS5 on SQLite, tsvector on PostgreSQL).
// Migrations are append-only: never edit one that has shipped, add the next.
#pragma once

#include <string_view>
#include <vector>

namespace steward::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view portable_sql;
  std::string_view sqlite_sql;    // run after portable_sql on SQLite only
  std::string_view postgres_sql;  // run after portable_sql on PostgreSQL only
};

const std::vector<Migration>& SchemaMigrations();

}  // namespace steward::storage
