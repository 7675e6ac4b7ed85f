// A second copy of the audit trail outside the database. The hash chain in
// the database detects an edited, deleted or reordered record, but not the
// newest records being cut off, nor a whole chain rebuilt by someone holding
// the database. The sink is an append-only JSON-lines file (put it on another
// disk or a log shipper's directory) that the export job extends every
// minute; VerifyAgainstSink compares the two.
#pragma once

#include <string>

#include "core/result.h"
#include "storage/database.h"

namespace steward::audit {

// <data_dir>/audit/audit.jsonl. Mount or link `audit/` elsewhere (another
// disk, a log shipper's spool) to keep the copy away from the database.
std::string SinkFileIn(const std::string& data_dir);

// Appends every record newer than the sink's last one to `sink_file`
// (created if missing) and fsyncs it. Returns how many were written.
Result<int64_t> ExportToSink(storage::Database& db, const std::string& sink_file);

// OK when every record in the sink is in the database with the same hash and
// the database has not lost records the sink holds; DataLoss naming the first
// difference otherwise.
Status VerifyAgainstSink(storage::Connection& c, const std::string& sink_file);

}  // namespace steward::audit
