#include "storage/postgres/pg_database.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <system_error>

#include <libpq-fe.h>

#include "core/log.h"

namespace steward::storage {

namespace {

// Type OIDs from pg_type.h (stable since PostgreSQL 7; server headers are not
// installed with libpq-dev, so they are spelled out here).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;
constexpr Oid kByteaOid = 17;
// "unknown": the server infers the parameter's type from its context, so a
// string can fill a TEXT, BIGINT or any other column like a literal would.
constexpr Oid kUnknownOid = 0;

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

std::string_view TrimEnd(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Maps a failed result (or a null one: out of memory or a lost connection) to
// a Status by SQLSTATE. The message is libpq's primary message only: DETAIL
// lines echo row values ("Key (email)=(...) already exists") and can end up
// in API errors.
Status ErrorFor(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string_view text;
  if (primary) {
    text = primary;
  } else if (res && *PQresultErrorMessage(res)) {
    text = PQresultErrorMessage(res);
  } else {
    text = PQerrorMessage(conn);
  }
  std::string message = std::string(what) + ": " + std::string(TrimEnd(text));
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable(std::move(message));

  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state ? state : "";
  if (code.size() != 5) return Status::Internal(std::move(message));
  std::string_view cls = code.substr(0, 2);
  if (code == "23505") return Status::AlreadyExists(std::move(message));
  if (code == "23503" || code == "23514" || code == "23502" || code == "23001") {
    return Status::FailedPrecondition(std::move(message));
  }
  // Serialization failure, deadlock, lock not available, connection trouble
  // and server shutdown/startup: retrying later can succeed.
  if (code == "40001" || code == "40P01" || code == "55P03" || cls == "08" || code == "53300" ||
      code == "57P01" || code == "57P02" || code == "57P03") {
    return Status::Unavailable(std::move(message));
  }
  if (code == "57014") {  // statement_timeout
    return Status(StatusCode::kDeadlineExceeded, std::move(message));
  }
  if (cls == "53") return Status::ResourceExhausted(std::move(message));  // disk full, OOM
  if (cls == "22") return Status::InvalidArgument(std::move(message));
  if (code == "XX001" || code == "XX002") return Status::DataLoss(std::move(message));
  return Status::Internal(std::move(message));
}

// Returns OK when `res` is a successful command or query result.
Status CheckResult(PGconn* conn, const PGresult* res, std::string_view what) {
  if (!res) return ErrorFor(conn, nullptr, what);
  switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return Status::Ok();
    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR:
      return ErrorFor(conn, res, what);
    default:
      // COPY and friends: the store never issues them.
      return Status::Internal(std::string(what) + ": unexpected result status " +
                              PQresStatus(PQresultStatus(res)));
  }
}

void LogNotice(void*, const char* message) {
  LogWarn("postgresql: {}", TrimEnd(message ? message : ""));
}

// Session settings, reapplied after every reconnect. UTC keeps any server-side
// time formatting independent of the server's configuration; warnings and
// worse still reach LogNotice.
Status Configure(PGconn* conn) {
  PQsetNoticeProcessor(conn, LogNotice, nullptr);
  PgResult res(PQexec(conn,
                      "SET client_min_messages = warning; SET TIME ZONE 'UTC';"
                      " SET bytea_output = 'hex'"));
  return CheckResult(conn, res.get(), "configuring connection");
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

enum class ColumnKind { kInt, kBool, kReal, kNumeric, kBytes, kText };

ColumnKind KindOf(Oid type) {
  switch (type) {
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid:
      return ColumnKind::kInt;
    case kBoolOid:
      return ColumnKind::kBool;
    case kFloat4Oid:
    case kFloat8Oid:
      return ColumnKind::kReal;
    case kNumericOid:
      return ColumnKind::kNumeric;
    case kByteaOid:
      return ColumnKind::kBytes;
    default:
      return ColumnKind::kText;
  }
}

Value CellValue(const PGresult* res, int row, int col, ColumnKind kind) {
  if (PQgetisnull(res, row, col)) return Value();
  const char* text = PQgetvalue(res, row, col);
  const char* end = text + PQgetlength(res, row, col);
  switch (kind) {
    case ColumnKind::kInt: {
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(text, end, n);
      if (ec == std::errc() && ptr == end) return Value(n);
      break;
    }
    case ColumnKind::kBool:
      return Value(int64_t{*text == 't' ? 1 : 0});
    case ColumnKind::kNumeric: {
      // SUM(bigint) and friends return numeric: keep integral values exact
      // (and printing like SQLite's integer sums) when they fit in int64_t.
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(text, end, n);
      if (ec == std::errc() && ptr == end) return Value(n);
      [[fallthrough]];
    }
    case ColumnKind::kReal: {
      // from_chars is locale-independent and reads "Infinity" and "NaN" too.
      double d = 0;
      auto [ptr, ec] = std::from_chars(text, end, d);
      if (ec == std::errc() && ptr == end) return Value(d);
      break;
    }
    case ColumnKind::kBytes: {
      // Text-format results carry bytea as "\x" + hex (bytea_output = hex,
      // the default since 9.0; set explicitly at connect).
      size_t length = 0;
      unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
      if (!raw) break;
      std::string bytes(reinterpret_cast<const char*>(raw), length);
      PQfreemem(raw);
      return Value(Bytes{std::move(bytes)});
    }
    case ColumnKind::kText:
      break;
  }
  return Value(std::string(text, end));
}

}  // namespace

std::string RewritePlaceholdersForPg(std::string_view sql, size_t* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  size_t n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    size_t hit = sql.find_first_of("?'\"-/", i);
    if (hit == std::string_view::npos) {
      out.append(sql.substr(i));
      break;
    }
    out.append(sql.substr(i, hit - i));
    char c = sql[hit];
    size_t end;  // one past the span copied verbatim
    if (c == '?') {
      // SQLite reads "a?" as two tokens, PostgreSQL would read "a$1" as one
      // identifier: keep them apart.
      if (!out.empty() && IsIdentChar(out.back())) out += ' ';
      char digits[24];
      auto [ptr, ec] = std::to_chars(digits, digits + sizeof(digits), ++n);
      (void)ec;
      out += '$';
      out.append(digits, ptr);
      i = hit + 1;
      continue;
    }
    if (c == '\'' || c == '"') {
      // A doubled quote ('it''s') closes and reopens the literal, which
      // copies it unchanged.
      size_t close = sql.find(c, hit + 1);
      end = close == std::string_view::npos ? sql.size() : close + 1;
    } else if (c == '-' && hit + 1 < sql.size() && sql[hit + 1] == '-') {
      size_t newline = sql.find('\n', hit + 2);
      end = newline == std::string_view::npos ? sql.size() : newline + 1;
    } else if (c == '/' && hit + 1 < sql.size() && sql[hit + 1] == '*') {
      size_t close = sql.find("*/", hit + 2);
      end = close == std::string_view::npos ? sql.size() : close + 2;
    } else {
      end = hit + 1;  // a lone '-' or '/'
    }
    out.append(sql.substr(hit, end - hit));
    i = end;
  }
  *count = n;
  return out;
}

class PgDatabase::PgConnection final : public Connection {
 public:
  // Takes ownership of `conn`.
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    PgResult res;
    STEWARD_RETURN_IF_ERROR(Exec(sql, params, "query", &res));
    Rows rows;
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    auto columns = std::make_shared<std::vector<std::string>>();
    std::vector<ColumnKind> kinds;
    columns->reserve(ncols);
    kinds.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
      columns->push_back(PQfname(res.get(), c));
      kinds.push_back(KindOf(PQftype(res.get(), c)));
    }
    std::shared_ptr<const std::vector<std::string>> shared_columns = std::move(columns);
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> values;
      values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) values.push_back(CellValue(res.get(), r, c, kinds[c]));
      rows.emplace_back(shared_columns, std::move(values));
    }
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    PgResult res;
    STEWARD_RETURN_IF_ERROR(Exec(sql, params, "execute", &res));
    // Empty for statements that report no count (DDL, SET).
    const char* tuples = PQcmdTuples(res.get());
    int64_t n = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  Status ExecuteScript(std::string_view sql) override {
    // PQexec (not PQexecParams) accepts several statements in one string.
    std::string text(sql);
    PgResult res(PQexec(conn_, text.c_str()));
    return CheckResult(conn_, res.get(), "script");
  }

  bool IsConnected() const { return PQstatus(conn_) == CONNECTION_OK; }

  // Reconnects if the server connection was lost. Called on Acquire.
  void EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    LogWarn("postgresql connection lost; reconnecting");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      // Statements fail with Unavailable; the next Acquire tries again.
      LogWarn("postgresql reconnect failed: {}", TrimEnd(PQerrorMessage(conn_)));
      return;
    }
    Status s = Configure(conn_);
    if (!s.ok()) LogWarn("postgresql reconnect: {}", s.ToString());
  }

  Status Begin(const char* begin) {
    PgResult res(PQexec(conn_, begin));
    return CheckResult(conn_, res.get(), "begin transaction");
  }

  Status Commit() {
    switch (PQtransactionStatus(conn_)) {
      case PQTRANS_INTRANS:
        break;
      case PQTRANS_INERROR:
        // COMMIT would succeed and silently roll back; report it instead.
        return Status::Internal(
            "store bug: a statement failed inside the transaction and the function still "
            "returned OK; PostgreSQL aborted the transaction");
      case PQTRANS_IDLE:
        return Status::Internal("store bug: the transaction ended inside the function");
      default:
        return ErrorFor(conn_, nullptr, "commit");
    }
    PgResult res(PQexec(conn_, "COMMIT"));
    STEWARD_RETURN_IF_ERROR(CheckResult(conn_, res.get(), "commit"));
    if (std::string_view(PQcmdStatus(res.get())) != "COMMIT") {
      return Status::Internal(std::string("commit: transaction ended with ") +
                              PQcmdStatus(res.get()));
    }
    return Status::Ok();
  }

  // Leaves the connection outside any transaction, rolling back if needed, so
  // the next user of the pooled connection starts clean.
  void EndTransaction() {
    PGTransactionStatusType ts = PQtransactionStatus(conn_);
    if (ts == PQTRANS_IDLE || PQstatus(conn_) != CONNECTION_OK) return;  // broken: reset on Acquire
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
      PgResult res(PQexec(conn_, "ROLLBACK"));
      Status s = CheckResult(conn_, res.get(), "rollback");
      if (!s.ok()) LogError("{}", s.ToString());
    }
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE && PQstatus(conn_) == CONNECTION_OK) {
      // Still busy (e.g. stuck in COPY): a new session is the only clean state.
      LogError("postgresql connection not idle after rollback; resetting it");
      PQreset(conn_);
      if (PQstatus(conn_) == CONNECTION_OK) {
        Status s = Configure(conn_);
        if (!s.ok()) LogWarn("postgresql reset: {}", s.ToString());
      }
    }
  }

  const char* Host() const { return PQhost(conn_); }
  const char* Port() const { return PQport(conn_); }
  const char* Db() const { return PQdb(conn_); }

 private:
  Status Exec(std::string_view sql, const Params& params, std::string_view what, PgResult* out) {
    size_t placeholders = 0;
    std::string text = RewritePlaceholdersForPg(sql, &placeholders);
    if (placeholders != params.size()) {
      return Status::Internal("store bug: parameter count mismatch (" +
                              std::to_string(placeholders) + " placeholders, " +
                              std::to_string(params.size()) + " values) for: " + std::string(sql));
    }
    const size_t n = params.size();
    std::vector<Oid> types(n, kUnknownOid);
    std::vector<const char*> values(n, nullptr);
    std::vector<std::string> scratch(n);  // text of numbers; sized once so c_str() stays put
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);  // 0 text, 1 binary (bytea only)
    for (size_t i = 0; i < n; ++i) {
      const auto& v = params[i].variant();
      if (auto* num = std::get_if<int64_t>(&v)) {
        scratch[i] = std::to_string(*num);
        values[i] = scratch[i].c_str();
        types[i] = kInt8Oid;
      } else if (auto* d = std::get_if<double>(&v)) {
        // Shortest text that reads back to the same double (no locale, unlike
        // printf); float8in accepts "inf", "-inf" and "nan" as written here.
        char buf[32];
        auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), *d);
        (void)ec;
        scratch[i].assign(buf, ptr);
        values[i] = scratch[i].c_str();
        types[i] = kFloat8Oid;
      } else if (auto* s = std::get_if<std::string>(&v)) {
        values[i] = s->c_str();
      } else if (auto* b = std::get_if<Bytes>(&v)) {
        // Binary format: the bytes as they are, no escaping, zeros allowed.
        values[i] = b->data.data();
        lengths[i] = static_cast<int>(b->data.size());
        formats[i] = 1;
        types[i] = kByteaOid;
      }  // monostate: NULL pointer is SQL NULL, type unknown
    }
    out->reset(PQexecParams(conn_, text.c_str(), static_cast<int>(n), types.data(), values.data(),
                            lengths.data(), formats.data(), /*resultFormat=*/0));
    return CheckResult(conn_, out->get(), what);
  }

  PGconn* conn_;
};

namespace {

Result<PgConnPtr> Connect(const std::string& conninfo) {
  PgConnPtr conn(PQconnectdb(conninfo.c_str()));
  if (!conn) return Status::Unavailable("connecting to postgresql: out of memory");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    // libpq's message names host and port but never the password.
    return Status::Unavailable("connecting to postgresql: " +
                               std::string(TrimEnd(PQerrorMessage(conn.get()))));
  }
  Status s = Configure(conn.get());
  if (!s.ok()) return Status::Unavailable(s.message());
  return conn;
}

}  // namespace

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& conninfo_url,
                                                     int pool_size) {
  // Reject a malformed URL up front as the caller's mistake, not an outage.
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo_url.c_str(), &parse_error);
  if (!options) {
    std::string message = parse_error ? std::string(TrimEnd(parse_error)) : "out of memory";
    PQfreemem(parse_error);
    return Status::InvalidArgument("invalid postgresql connection string: " + message);
  }
  PQconninfoFree(options);

  std::vector<std::unique_ptr<PgConnection>> connections;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    STEWARD_ASSIGN_OR_RETURN(PgConnPtr conn, Connect(conninfo_url));
    connections.push_back(std::make_unique<PgConnection>(conn.release()));
  }
  const PgConnection& first = *connections.front();
  auto or_empty = [](const char* s) { return std::string(s ? s : ""); };
  std::string describe = "postgresql://" + or_empty(first.Host()) + ":" + or_empty(first.Port()) +
                         "/" + or_empty(first.Db());
  std::unique_ptr<PgDatabase> db(new PgDatabase(std::move(describe)));
  db->idle_ = std::move(connections);
  return db;
}

PgDatabase::PgDatabase(std::string describe) : describe_(std::move(describe)) {}

PgDatabase::~PgDatabase() = default;

std::unique_ptr<PgDatabase::PgConnection> PgDatabase::Acquire() {
  std::unique_ptr<PgConnection> c;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    c = std::move(idle_.back());
    idle_.pop_back();
  }
  // Outside the lock: a reconnect can take as long as connect_timeout.
  c->EnsureConnected();
  return c;
}

void PgDatabase::Release(std::unique_ptr<PgConnection> c) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(c));
  }
  available_.notify_one();
}

Status PgDatabase::Run(const char* begin, const std::function<Status(Connection&)>& fn) {
  auto conn = Acquire();
  Status result = conn->Begin(begin);
  if (!result.ok() && !conn->IsConnected()) {
    // libpq notices a dropped connection (server restart, idle timeout) only
    // when it is next used. Nothing has run yet, so reconnect and try again.
    conn->EnsureConnected();
    result = conn->Begin(begin);
  }
  if (result.ok()) {
    result = fn(*conn);
    if (result.ok()) result = conn->Commit();
  }
  conn->EndTransaction();
  Release(std::move(conn));
  return result;
}

Status PgDatabase::Transact(const std::function<Status(Connection&)>& fn) {
  return Run("BEGIN", fn);
}

Status PgDatabase::Read(const std::function<Status(Connection&)>& fn) {
  // REPEATABLE READ gives the one snapshot Database::Read promises; a
  // read-only transaction at that level never fails with a serialization error.
  return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
}

}  // namespace steward::storage
