// journald entries of priority warning and worse, read with a cursor that is
// saved after every run so nothing is sent twice or skipped, across restarts.
//
// The very first run (no saved state) starts at that moment rather than
// sending the machine's whole history: it saves "since" before reading, and
// later runs without a cursor keep using that same "since", so a quiet
// journal leaves no gap before the first entry.
#include "agent/collectors/builtin_collectors.h"
#include "agent/collectors/proc_parsers.h"
#include "agent/collectors/source_parsers.h"
#include "core/log.h"

namespace steward::agent {
namespace {

constexpr char kStateName[] = "journal";
// One run sends at most this much journal text; the cursor makes the next run
// carry on where the cap cut off.
constexpr size_t kOutputCap = size_t{4} << 20;
// And at most this many events: a log storm reaches the server spread over
// runs instead of as one huge batch (the cursor keeps the rest for later).
constexpr size_t kMaxEventsPerRun = 500;

class JournalCollector final : public Collector {
 public:
  JournalCollector(SystemPtr system, std::string state_dir)
      : system_(std::move(system)), state_dir_(std::move(state_dir)) {}
  std::string_view name() const override { return "journal"; }

  Status Collect(Timestamp now, Collection& out) override {
    if (!loaded_) {
      state_ = LoadCollectorState(*system_, state_dir_, kStateName);
      loaded_ = true;
    }
    std::vector<std::string> argv = {"journalctl", "--output=json", "--priority=warning",
                                     "--no-pager", "--quiet"};
    if (state_.contains("cursor") && state_["cursor"].is_string()) {
      argv.push_back("--after-cursor=" + state_["cursor"].get<std::string>());
    } else {
      if (!state_.contains("since_ms") || !state_["since_ms"].is_number_integer()) {
        state_ = Json{{"since_ms", ToMillis(now)}};
        STEWARD_RETURN_IF_ERROR(SaveCollectorState(*system_, state_dir_, kStateName, state_));
      }
      argv.push_back("--since=@" + std::to_string(state_["since_ms"].get<int64_t>() / 1000));
    }

    platform::ProcessOptions options;
    options.output_cap = kOutputCap;
    options.timeout = std::chrono::seconds(30);
    auto run = system_->Run(argv, options);
    if (!run.ok() && run.status().code() == StatusCode::kNotFound) {
      return Status::Ok();  // no journald on this machine: stay quiet
    }
    if (!run.ok()) return run.status();
    if (run->exit_code != 0 && run->stdout_text.empty()) {
      if (run->stderr_text.find("cursor") != std::string::npos) {
        // The saved cursor is unusable (journal recreated): restart from now
        // instead of failing every minute forever.
        LogWarn("journal: cursor refused, restarting from now: {}",
                SanitizeText(run->stderr_text, 200));
        state_ = Json{{"since_ms", ToMillis(now)}};
        STEWARD_RETURN_IF_ERROR(SaveCollectorState(*system_, state_dir_, kStateName, state_));
      }
      return Status::Unavailable("journalctl: " + SanitizeText(run->stderr_text, 300));
    }

    // Only complete lines count: when the cap or the timeout cut the output
    // the last line is partial, and the next run reads it again in full.
    std::string_view text = run->stdout_text;
    size_t end = text.rfind('\n');
    text = end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
    std::string last_cursor;
    size_t events = 0;
    for (std::string_view line : SplitLines(text)) {
      if (events == kMaxEventsPerRun) break;
      if (Trim(line).empty()) continue;
      auto entry = ParseJournalLine(line);
      if (!entry.ok()) continue;  // an unreadable entry is skipped, the ones after it count
      last_cursor = entry->cursor;
      if (entry->priority > 4) continue;  // --priority=warning already filters; be strict
      std::map<std::string, std::string> labels = {
          {"message", entry->message}, {"severity", entry->priority <= 3 ? "critical" : "warning"}};
      std::string source = !entry->unit.empty() ? entry->unit : entry->identifier;
      if (!source.empty()) labels["source"] = source;
      Timestamp ts = entry->time == Timestamp{} ? now : entry->time;
      AddSample(out, "event.log", ts, entry->priority, std::move(labels));
      ++events;
    }
    if (!last_cursor.empty()) {
      state_ = Json{{"cursor", last_cursor}};
      STEWARD_RETURN_IF_ERROR(SaveCollectorState(*system_, state_dir_, kStateName, state_));
    }
    return Status::Ok();
  }

 private:
  SystemPtr system_;
  std::string state_dir_;
  bool loaded_ = false;
  Json state_ = Json::object();
};

}  // namespace

std::unique_ptr<Collector> MakeJournalCollector(SystemPtr system, std::string state_dir) {
  return std::make_unique<JournalCollector>(std::move(system), std::move(state_dir));
}

}  // namespace steward::agent
