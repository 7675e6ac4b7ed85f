#include "server/audit/audit_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/json.h"

namespace steward::audit {
namespace {

// The id of the sink's last record, 0 for an empty or missing sink.
Result<int64_t> LastExportedId(const std::string& sink_file) {
  std::ifstream in(sink_file);
  if (!in) return int64_t{0};
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  if (last.empty()) return int64_t{0};
  auto j = ParseJsonStrict(last);
  if (!j.ok() || !j->is_object() || !(*j)["id"].is_number_integer()) {
    return Status::DataLoss("the audit sink's last line is not a record: " + sink_file);
  }
  return (*j)["id"].get<int64_t>();
}

Status AppendDurably(const std::string& sink_file, const std::string& text) {
  int fd = ::open(sink_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("cannot open the audit sink " + sink_file);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Status::Unavailable("writing the audit sink " + sink_file + " failed");
    }
    done += static_cast<size_t>(n);
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::Unavailable("fsync of the audit sink " + sink_file + " failed");
  return Status::Ok();
}

Json RecordJson(const storage::Row& r) {
  Json j = {{"id", r.Int("id")},
            {"at", r.Int("at")},
            {"actor", r.Text("actor")},
            {"action", r.Text("action")},
            {"object_type", r.Text("object_type")},
            {"hash", r.Text("hash")},
            {"prev_hash", r.Text("prev_hash")}};
  if (auto v = r.OptInt("actor_user_id")) j["actor_user_id"] = *v;
  if (auto v = r.OptText("ip")) j["ip"] = *v;
  if (auto v = r.OptText("object_id")) j["object_id"] = *v;
  if (auto v = r.OptInt("customer_id")) j["customer_id"] = *v;
  return j;
}

}  // namespace

std::string SinkFileIn(const std::string& data_dir) { return data_dir + "/audit/audit.jsonl"; }

Result<int64_t> ExportToSink(storage::Database& db, const std::string& sink_file) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(sink_file).parent_path(), ec);
  STEWARD_ASSIGN_OR_RETURN(int64_t after, LastExportedId(sink_file));
  int64_t written = 0;
  // Pages of 1,000 keep memory flat after a long outage of the sink.
  while (true) {
    storage::Rows rows;
    STEWARD_RETURN_IF_ERROR(db.Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(
          rows, c.Query("SELECT id, at, actor_user_id, actor, ip, action, object_type, object_id, "
                        "customer_id, prev_hash, hash FROM audit_log WHERE id > ? "
                        "ORDER BY id LIMIT 1000",
                        {after}));
      return Status::Ok();
    }));
    if (rows.empty()) return written;
    std::string text;
    for (const auto& r : rows) text += RecordJson(r).dump() + "\n";
    STEWARD_RETURN_IF_ERROR(AppendDurably(sink_file, text));
    after = rows.back().Int("id");
    written += static_cast<int64_t>(rows.size());
  }
}

Status VerifyAgainstSink(storage::Connection& c, const std::string& sink_file) {
  std::ifstream in(sink_file);
  if (!in) return Status::Ok();  // nothing exported yet
  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto j = ParseJsonStrict(line);
    if (!j.ok() || !j->is_object() || !(*j)["id"].is_number_integer() ||
        !(*j)["hash"].is_string()) {
      return Status::DataLoss("audit sink line " + std::to_string(line_no) + " is not a record");
    }
    int64_t id = (*j)["id"].get<int64_t>();
    STEWARD_ASSIGN_OR_RETURN(auto row,
                             c.QueryOptional("SELECT hash FROM audit_log WHERE id = ?", {id}));
    if (!row) {
      return Status::DataLoss("audit record " + std::to_string(id) +
                              " is in the sink but missing from the database");
    }
    if (row->Text("hash") != (*j)["hash"].get<std::string>()) {
      return Status::DataLoss("audit record " + std::to_string(id) +
                              " differs between the database and the sink");
    }
  }
  return Status::Ok();
}

}  // namespace steward::audit
