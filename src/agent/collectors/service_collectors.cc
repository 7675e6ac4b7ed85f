// The optional sources: systemd units, the backup result, NUT UPS state and
// ClamAV. Each is quiet when its source is absent or not configured.
#include "agent/collectors/builtin_collectors.h"
#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/source_parsers.h"
#include "core/time_format.h"

namespace steward::agent {
namespace {

bool HasSuffix(const std::string& s, std::string_view suffix) { return s.ends_with(suffix); }

class UnitCollector final : public Collector {
 public:
  UnitCollector(SystemPtr system, std::vector<std::string> units)
      : system_(std::move(system)), units_(std::move(units)) {}
  std::string_view name() const override { return "units"; }

  Status Collect(Timestamp now, Collection& out) override {
    if (units_.empty()) return Status::Ok();
    std::vector<std::string> argv = {"systemctl", "show", "-p", "Id,LoadState,ActiveState,SubState",
                                     "--"};
    argv.insert(argv.end(), units_.begin(), units_.end());
    platform::ProcessOptions options;
    options.timeout = std::chrono::seconds(20);
    options.output_cap = 1 << 20;
    auto run = system_->Run(argv, options);
    if (!run.ok() && run.status().code() == StatusCode::kNotFound) return Status::Ok();
    if (!run.ok()) return run.status();
    if (run->exit_code != 0 && run->stdout_text.empty()) {
      // A machine (or container) not run by systemd has no units to report.
      if (run->stderr_text.find("not been booted with systemd") != std::string::npos ||
          run->stderr_text.find("Failed to connect to bus") != std::string::npos) {
        return Status::Ok();
      }
      return Status::Unavailable("systemctl: " + SanitizeText(run->stderr_text, 300));
    }
    std::vector<UnitState> states = ParseSystemctlShow(run->stdout_text);
    // systemctl answers in argument order; the label keeps the configured name.
    if (states.size() != units_.size()) {
      return Status::Internal("systemctl show: expected " + std::to_string(units_.size()) +
                              " units, got " + std::to_string(states.size()));
    }
    for (size_t i = 0; i < units_.size(); ++i) {
      AddSample(out, "service.state", now, UnitSeverity(states[i]),
                {{"unit", units_[i]},
                 {"active_state", states[i].active_state},
                 {"sub_state", states[i].sub_state}});
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::vector<std::string> units_;
};

// Reports a backup result once, when it is new: a result is identified by
// its time (from the status, else the file's mtime) and outcome, and the
// last one reported is saved so a restart does not report it again (which
// would hide a backup that stopped running). A command that states no time
// is a live check and is reported every run.
class BackupCollector final : public Collector {
 public:
  BackupCollector(SystemPtr system, std::string file, std::string command, std::string state_dir)
      : system_(std::move(system)),
        file_(std::move(file)),
        command_(std::move(command)),
        state_dir_(std::move(state_dir)) {}
  std::string_view name() const override { return "backup"; }

  Status Collect(Timestamp now, Collection& out) override {
    if (file_.empty() && command_.empty()) return Status::Ok();
    BackupStatus status;
    if (!file_.empty()) {
      auto info = system_->Stat(file_);
      if (!info.ok() && info.status().code() == StatusCode::kNotFound) {
        return Status::Ok();  // no backup has reported yet
      }
      if (!info.ok()) return info.status();
      STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFile(file_, 64 * 1024));
      STEWARD_ASSIGN_OR_RETURN(status, ParseBackupStatus(text));
      if (!status.time) status.time = info->mtime;
    } else {
      platform::ProcessOptions options;
      options.timeout = std::chrono::seconds(60);
      options.output_cap = 64 * 1024;
      STEWARD_ASSIGN_OR_RETURN(platform::ProcessResult run,
                               system_->Run({"sh", "-c", command_}, options));
      if (run.timed_out) return Status::Unavailable("backup status command timed out");
      auto parsed = ParseBackupStatus(run.stdout_text);
      if (parsed.ok()) {
        status = *parsed;
      } else {
        status.success = run.exit_code == 0;
        auto lines = SplitLines(run.stdout_text.empty() ? run.stderr_text : run.stdout_text);
        if (!lines.empty()) status.message = SanitizeText(Trim(lines.front()));
      }
    }

    if (status.time) {
      std::string key = std::to_string(ToMillis(*status.time)) + (status.success ? ":1" : ":0");
      if (!loaded_) {
        Json state = LoadCollectorState(*system_, state_dir_, "backup");
        if (state.contains("reported") && state["reported"].is_string()) {
          reported_ = state["reported"].get<std::string>();
        }
        loaded_ = true;
      }
      if (key == reported_) return Status::Ok();
      reported_ = key;
      STEWARD_RETURN_IF_ERROR(
          SaveCollectorState(*system_, state_dir_, "backup", Json{{"reported", key}}));
    }
    std::map<std::string, std::string> labels;
    if (!status.message.empty()) labels["message"] = status.message;
    AddSample(out, "backup.success", now, status.success ? 1 : 0, labels);
    if (status.time) {
      AddSample(out, "backup.last_run", now, static_cast<double>(ToMillis(*status.time)) / 1000.0);
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::string file_, command_, state_dir_;
  bool loaded_ = false;
  std::string reported_;
};

class UpsCollector final : public Collector {
 public:
  UpsCollector(SystemPtr system, std::string ups) : system_(std::move(system)), ups_(ups) {}
  std::string_view name() const override { return "ups"; }

  Status Collect(Timestamp now, Collection& out) override {
    if (ups_.empty()) return Status::Ok();
    platform::ProcessOptions options;
    options.timeout = std::chrono::seconds(20);
    options.output_cap = 256 * 1024;
    auto run = system_->Run({"upsc", ups_}, options);
    if (!run.ok() && run.status().code() == StatusCode::kNotFound) return Status::Ok();
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) {
      // "Data stale", "Driver not connected": the UPS is configured but
      // cannot be read, which the operator must hear about.
      return Status::Unavailable("upsc " + ups_ + ": " + SanitizeText(run->stderr_text, 300));
    }
    auto values = ParseUpsc(run->stdout_text);
    auto it = values.find("ups.status");
    if (it == values.end()) return Status::Unavailable("upsc " + ups_ + ": no ups.status");
    std::map<std::string, std::string> labels = {{"ups", ups_}};
    AddSample(out, "ups.status", now, UpsSeverity(it->second),
              {{"ups", ups_}, {"status", it->second}});
    auto number = [&](const char* key, const char* metric) {
      auto v = values.find(key);
      if (v == values.end()) return;
      if (auto d = ParseDouble(v->second)) AddSample(out, metric, now, *d, labels);
    };
    number("battery.charge", "ups.battery_charge_percent");
    number("battery.runtime", "ups.battery_runtime_seconds");
    number("ups.load", "ups.load_percent");
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::string ups_;
};

// Signature age from the newest database file, and detections from the log,
// read from a saved (inode, offset) so each is counted once. A rotated log
// (new inode) is finished from "<log>.1" before the new file is read from
// its start; a log truncated in place is read from its start. The very first
// run starts at the log's current end (detections from before the agent was
// installed are history, not news), or at its start if there is no log yet.
class ClamavCollector final : public Collector {
 public:
  ClamavCollector(SystemPtr system, std::string db_dir, std::string log, std::string state_dir)
      : system_(std::move(system)),
        db_dir_(std::move(db_dir)),
        log_(std::move(log)),
        state_dir_(std::move(state_dir)) {}
  std::string_view name() const override { return "clamav"; }

  Status Collect(Timestamp now, Collection& out) override {
    CollectSignatureAge(now, out);
    return CollectDetections(now, out);
  }

 private:
  static constexpr size_t kReadCap = size_t{4} << 20;

  void CollectSignatureAge(Timestamp now, Collection& out) {
    if (db_dir_.empty()) return;
    auto entries = system_->ListDirectory(db_dir_);
    if (!entries.ok()) return;
    std::optional<Timestamp> newest;
    for (const auto& e : *entries) {
      if (e.is_directory || !(HasSuffix(e.name, ".cvd") || HasSuffix(e.name, ".cld"))) continue;
      auto info = system_->Stat(db_dir_ + "/" + e.name);
      if (info.ok() && (!newest || info->mtime > *newest)) newest = info->mtime;
    }
    if (!newest) return;
    double hours = std::chrono::duration<double>(now - *newest).count() / 3600.0;
    AddSample(out, "av.signature_age_hours", now, std::max(0.0, hours));
  }

  // Reads complete lines of `path` from `offset`; returns the bytes consumed.
  Result<uint64_t> ReadLines(const std::string& path, uint64_t offset,
                             std::vector<Detection>& found) {
    STEWARD_ASSIGN_OR_RETURN(std::string text, system_->ReadFileFrom(path, offset, kReadCap));
    size_t end = text.rfind('\n');
    if (end == std::string::npos) return uint64_t{0};
    for (std::string_view line : SplitLines(std::string_view(text).substr(0, end + 1))) {
      if (auto d = ParseClamavDetection(line)) found.push_back(std::move(*d));
    }
    return static_cast<uint64_t>(end + 1);
  }

  Status CollectDetections(Timestamp now, Collection& out) {
    if (log_.empty()) return Status::Ok();
    auto info = system_->Stat(log_);
    bool absent = !info.ok() && info.status().code() == StatusCode::kNotFound;
    if (!info.ok() && !absent) return info.status();
    if (!loaded_) {
      Json state = LoadCollectorState(*system_, state_dir_, "clamav");
      if (state.contains("inode") && state["inode"].is_number_unsigned() &&
          state.contains("offset") && state["offset"].is_number_unsigned()) {
        inode_ = state["inode"].get<uint64_t>();
        offset_ = state["offset"].get<uint64_t>();
      } else if (absent) {
        // ClamAV is not logging yet: when its log appears, all of it is new
        // (inode 0 matches no file, so the log is read from its start).
        inode_ = 0;
        offset_ = 0;
        STEWARD_RETURN_IF_ERROR(
            SaveCollectorState(*system_, state_dir_, "clamav", Json{{"inode", 0}, {"offset", 0}}));
      } else {
        inode_ = info->inode;
        offset_ = info->size;
      }
      loaded_ = true;
    }
    if (absent) return Status::Ok();
    std::vector<Detection> found;
    if (info->inode != inode_) {
      auto rotated = system_->Stat(log_ + ".1");
      if (rotated.ok() && rotated->inode == inode_ && rotated->size > offset_) {
        auto consumed = ReadLines(log_ + ".1", offset_, found);
        if (!consumed.ok()) return consumed.status();
      }
      inode_ = info->inode;
      offset_ = 0;
    } else if (info->size < offset_) {
      offset_ = 0;  // truncated in place (copytruncate)
    }
    STEWARD_ASSIGN_OR_RETURN(uint64_t consumed, ReadLines(log_, offset_, found));
    offset_ += consumed;
    STEWARD_RETURN_IF_ERROR(SaveCollectorState(*system_, state_dir_, "clamav",
                                               Json{{"inode", inode_}, {"offset", offset_}}));
    std::map<std::string, std::string> labels;
    if (!found.empty()) {
      std::string message;
      for (const auto& d : found) {
        if (!message.empty()) message += "; ";
        message += d.path + ": " + d.signature;
      }
      labels["message"] = SanitizeText(message);
    }
    AddSample(out, "av.detections", now, static_cast<double>(found.size()), labels);
    return Status::Ok();
  }

  SystemPtr system_;
  std::string db_dir_, log_, state_dir_;
  bool loaded_ = false;
  uint64_t inode_ = 0;
  uint64_t offset_ = 0;
};

}  // namespace

std::unique_ptr<Collector> MakeUnitCollector(SystemPtr system, std::vector<std::string> units) {
  return std::make_unique<UnitCollector>(std::move(system), std::move(units));
}
std::unique_ptr<Collector> MakeBackupCollector(SystemPtr system, std::string status_file,
                                               std::string status_command, std::string state_dir) {
  return std::make_unique<BackupCollector>(std::move(system), std::move(status_file),
                                           std::move(status_command), std::move(state_dir));
}
std::unique_ptr<Collector> MakeClamavCollector(SystemPtr system, std::string database_dir,
                                               std::string log_path, std::string state_dir) {
  return std::make_unique<ClamavCollector>(std::move(system), std::move(database_dir),
                                           std::move(log_path), std::move(state_dir));
}
std::unique_ptr<Collector> MakeUpsCollector(SystemPtr system, std::string ups) {
  return std::make_unique<UpsCollector>(std::move(system), std::move(ups));
}

}  // namespace steward::agent
