#include "storage/migrator.h"

#include <string>

#include "core/log.h"

namespace steward::storage {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

std::string Replace(std::string_view sql, std::string_view token, std::string_view with) {
  std::string out;
  out.reserve(sql.size());
  size_t pos = 0;
  while (true) {
    size_t hit = sql.find(token, pos);
    if (hit == std::string_view::npos) break;
    out.append(sql.substr(pos, hit - pos));
    out.append(with);
    pos = hit + token.size();
  }
  out.append(sql.substr(pos));
  return out;
}

// The portable SQL's two dialect words: @ID@ (an auto-increment key) and
// @BLOB@ (binary data).
std::string Render(std::string_view sql, Dialect dialect) {
  bool sqlite = dialect == Dialect::kSqlite;
  std::string out =
      Replace(sql, "@ID@", sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY");
  return Replace(out, "@BLOB@", sqlite ? "BLOB" : "BYTEA");
}

Result<int> ReadVersion(Connection& c) {
  STEWARD_ASSIGN_OR_RETURN(
      Row row, c.QueryOne("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"));
  return static_cast<int>(row.Int("v"));
}

}  // namespace

Result<int> SchemaVersion(Database& db) {
  int version = 0;
  Status s = db.Transact([&](Connection& c) -> Status {
    STEWARD_RETURN_IF_ERROR(c.ExecuteScript(kCreateVersionTable));
    STEWARD_ASSIGN_OR_RETURN(version, ReadVersion(c));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return version;
}

Result<MigrationReport> Migrate(Database& db, const Clock& clock,
                                const std::vector<Migration>& migrations) {
  MigrationReport report;
  STEWARD_ASSIGN_OR_RETURN(report.from_version, SchemaVersion(db));
  report.to_version = report.from_version;
  int newest = migrations.empty() ? 0 : migrations.back().version;
  if (report.from_version > newest) {
    return Status::FailedPrecondition("database schema version " +
                                      std::to_string(report.from_version) +
                                      " is newer than this steward (" + std::to_string(newest) +
                                      "); upgrade steward instead of downgrading");
  }
  for (const Migration& m : migrations) {
    if (m.version <= report.to_version) continue;
    Status s = db.Transact([&](Connection& c) -> Status {
      // Re-check inside the transaction: another node may have migrated first.
      STEWARD_ASSIGN_OR_RETURN(int current, ReadVersion(c));
      if (current >= m.version) return Status::Ok();
      STEWARD_RETURN_IF_ERROR(c.ExecuteScript(Render(m.portable_sql, db.dialect())));
      std::string_view extra = db.dialect() == Dialect::kSqlite ? m.sqlite_sql : m.postgres_sql;
      if (!extra.empty()) STEWARD_RETURN_IF_ERROR(c.ExecuteScript(Render(extra, db.dialect())));
      STEWARD_ASSIGN_OR_RETURN(
          int64_t n, c.Execute("INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (?, ?, ?)",
                               {m.version, std::string(m.name), ToMillis(clock.Now())}));
      (void)n;
      return Status::Ok();
    });
    if (!s.ok()) {
      return s.WithContext("migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                           ")");
    }
    LogInfo("schema migration {} applied: {}", m.version, m.name);
    report.applied.push_back(m.version);
    report.to_version = m.version;
  }
  return report;
}

}  // namespace steward::storage
