// Backups of the embedded SQLite database: an online snapshot (SQLite's
// backup API, consistent while the server keeps writing), the daily job that
// keeps the newest N, and restore, which validates a file before it replaces
// the live database. PostgreSQL installations back up with PostgreSQL's own
// tools (docs/backup.md); these functions refuse them with a clear message.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/database.h"

namespace steward::app {

// Writes a snapshot of `db` to `dest` (via a temp file and rename, so a
// crash never leaves a half-written backup under the final name).
Status BackupDatabase(storage::Database& db, const std::string& dest);

// Takes a backup into `backup_dir` named after `now` if the newest one there
// is older than 24 h (or none exists), then deletes all but the newest `keep`.
// Returns the path written, or "" if none was due.
Result<std::string> RunDailyBackup(storage::Database& db, const std::string& backup_dir,
                                   Timestamp now, int keep);

// The backups in `backup_dir`, oldest first.
std::vector<std::string> ListBackups(const std::string& backup_dir);

// Replaces the database file at `db_path` with `from` after checking that
// `from` is an intact Steward database. The server must be stopped.
Status RestoreDatabase(const std::string& from, const std::string& db_path);

}  // namespace steward::app
