// The SQL seam between Steward and its database. One interface, two backends
// (SQLite embedded, PostgreSQL for scale-out). Statements are constant SQL
// text with `?` placeholders and bound values only: a backend never splices a
// value into SQL (SECURITY.md rule 4), and the PostgreSQL backend rewrites `?`
// to `$n`. Portable SQL is the rule; dialect differences (id columns, full-text
// search) live in migrations and in the few store functions that branch on
// dialect().
//
// Portable-SQL rules the PostgreSQL backend taught us (store code follows them):
//  - a failed statement aborts the whole transaction on PostgreSQL: never
//    "try the INSERT and handle AlreadyExists" inside one Transact; check
//    first or use INSERT ... ON CONFLICT;
//  - Transact is READ COMMITTED on PostgreSQL: counters are incremented with
//    one atomic UPDATE ... RETURNING, never read-then-write;
//  - a bare `? IS NULL` has no type on PostgreSQL: write CAST(? AS TEXT);
//  - alias every computed column in snake_case (`COUNT(*) AS n`): Row looks
//    columns up by name and PostgreSQL lower-cases unquoted aliases.
//
// Threading: a Database is shared by all threads; each Transact/Read call runs
// on one pooled Connection that no other thread sees meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace steward::storage {

enum class Dialect { kSqlite, kPostgres };

// Binary data (BLOB on SQLite, BYTEA on PostgreSQL): bytes that need not be
// valid UTF-8 and may hold zeros, unlike a TEXT value.
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

// A bound parameter or a column value. Booleans are stored as 0/1 integers.
class Value {
 public:
  using Variant = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

  Value() = default;
  Value(std::nullopt_t) {}                           // NOLINT
  Value(int v) : v_(int64_t{v}) {}                   // NOLINT
  Value(int64_t v) : v_(v) {}                        // NOLINT
  Value(bool v) : v_(int64_t{v ? 1 : 0}) {}          // NOLINT
  Value(double v) : v_(v) {}                         // NOLINT
  Value(std::string v) : v_(std::move(v)) {}         // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Value(const char* v) : v_(std::string(v)) {}       // NOLINT
  Value(Bytes v) : v_(std::move(v)) {}               // NOLINT
  template <typename T>
  Value(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const Variant& variant() const { return v_; }

 private:
  Variant v_;
};

using Params = std::vector<Value>;

// One result row. Accessors by column name; a missing column or a type that
// cannot be converted is a programming error in the store and aborts.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  bool IsNull(std::string_view column) const;
  int64_t Int(std::string_view column) const;
  std::optional<int64_t> OptInt(std::string_view column) const;
  double Real(std::string_view column) const;
  std::string Text(std::string_view column) const;
  std::optional<std::string> OptText(std::string_view column) const;
  // The bytes of a BLOB/BYTEA column (empty when NULL).
  std::string Blob(std::string_view column) const;
  bool Bool(std::string_view column) const { return Int(column) != 0; }

  const Value& at(size_t i) const { return values_.at(i); }
  size_t size() const { return values_.size(); }
  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  const Value& Get(std::string_view column) const;

  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement and returns its rows (also for INSERT ... RETURNING).
  // AlreadyExists for a unique-constraint violation, FailedPrecondition for a
  // foreign-key or check violation, Unavailable when the database is busy or
  // unreachable, Internal otherwise.
  virtual Result<Rows> Query(std::string_view sql, const Params& params) = 0;
  // Runs one statement; returns the number of rows it changed.
  virtual Result<int64_t> Execute(std::string_view sql, const Params& params) = 0;
  // Runs several statements without parameters (migrations only).
  virtual Status ExecuteScript(std::string_view sql) = 0;

  Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Query(sql, Params(params));
  }
  Result<int64_t> Execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return Execute(sql, Params(params));
  }
  // The single row of a query that must return exactly one, NotFound otherwise.
  Result<Row> QueryOne(std::string_view sql, std::initializer_list<Value> params = {});
  Result<Row> QueryOne(std::string_view sql, const Params& params);
  // The row if present, nullopt for none.
  Result<std::optional<Row>> QueryOptional(std::string_view sql, const Params& params);
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs `fn` in a read-write transaction: committed if `fn` returns OK, rolled
  // back otherwise (so a failed request never stores half a write). The
  // returned Status is `fn`'s, or the commit's failure.
  virtual Status Transact(const std::function<Status(Connection&)>& fn) = 0;
  // Runs `fn` in a read-only snapshot.
  virtual Status Read(const std::function<Status(Connection&)>& fn) = 0;

  // A human-readable description for logs ("sqlite:/var/steward/steward.db").
  virtual std::string Describe() const = 0;
};

// Opens a database from a URL: "sqlite:PATH" (or a bare path) or
// "postgresql://..." / "postgres://...". InvalidArgument for an unknown scheme,
// Unavailable if it cannot connect. `pool_size` bounds open connections.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, int pool_size = 4);

}  // namespace steward::storage
