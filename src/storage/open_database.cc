#include "storage/database.h"
#include "storage/sqlite/sqlite_database.h"
#ifdef STEWARD_WITH_POSTGRES
#include "storage/postgres/pg_database.h"
#endif

namespace steward::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, int pool_size) {
  auto starts_with = [&](std::string_view p) { return url.rfind(p, 0) == 0; };
  if (starts_with("postgresql://") || starts_with("postgres://")) {
#ifdef STEWARD_WITH_POSTGRES
    STEWARD_ASSIGN_OR_RETURN(auto pg, PgDatabase::Open(url, pool_size));
    return std::unique_ptr<Database>(std::move(pg));
#else
    return Status::InvalidArgument("this steward was built without PostgreSQL support");
#endif
  }
  std::string path = starts_with("sqlite:") ? url.substr(7) : url;
  if (path.empty()) return Status::InvalidArgument("empty database path");
  if (url.find("://") != std::string::npos && !starts_with("sqlite:")) {
    return Status::InvalidArgument("unknown database URL scheme in " + url +
                                   " (use sqlite:PATH or postgresql://...)");
  }
  STEWARD_ASSIGN_OR_RETURN(auto db, SqliteDatabase::Open(path, pool_size));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace steward::storage
