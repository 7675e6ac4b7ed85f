#include "server/monitoring/evaluator.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/strings.h"

namespace steward::monitoring {

namespace {

constexpr double kGb = 1024.0 * 1024.0 * 1024.0;
constexpr int64_t kMinute = 60'000;

// A level condition: alert while the value is beyond `alert`, clear once it
// is back past `clear` (hysteresis), after `duration_ms` of breaching samples.
struct Level {
  bool above;  // alert when value > alert (else when value < alert)
  double alert;
  double clear;
  int64_t duration_ms;
  Severity severity;
};

Level LevelFor(const Policy& p, Condition c) {
  switch (c) {
    case Condition::kCpuHigh:
      return {true, p.cpu_percent, std::min(p.cpu_clear_percent, p.cpu_percent),
              p.cpu_minutes * kMinute, Severity::kWarning};
    case Condition::kMemoryHigh:
      return {true, p.memory_percent, std::min(p.memory_clear_percent, p.memory_percent),
              p.memory_minutes * kMinute, Severity::kWarning};
    case Condition::kSystemVolumeLow:
      return {false, p.system_volume_min_gb * kGb,
              std::max(p.system_volume_clear_gb, p.system_volume_min_gb) * kGb, 0,
              Severity::kCritical};
    default:  // kDataVolumeLow
      return {false, p.data_volume_min_percent,
              std::max(p.data_volume_clear_percent, p.data_volume_min_percent), 0,
              Severity::kWarning};
  }
}

std::string LevelMessage(Condition c, const Sample& s) {
  auto mount = s.labels.find("mount");
  std::string place = mount == s.labels.end() ? "" : " on " + mount->second;
  switch (c) {
    case Condition::kCpuHigh:
      return fmt::format("CPU at {:.1f} %", s.value);
    case Condition::kMemoryHigh:
      return fmt::format("memory at {:.1f} %", s.value);
    case Condition::kSystemVolumeLow:
      return fmt::format("system volume{} has {:.2f} GB free", place, s.value / kGb);
    default:
      return fmt::format("data volume{} has {:.1f} % free", place, s.value);
  }
}

Step EvaluateLevel(const Policy& policy, Condition c, const WindowState& before, const Sample& s) {
  Step out{before, Transition::kNone};
  WindowState& st = out.state;
  int64_t ts = ToMillis(s.ts);
  const Level level = LevelFor(policy, c);
  bool breach = level.above ? s.value > level.alert : s.value < level.alert;
  bool clear = level.above ? s.value <= level.clear : s.value >= level.clear;
  bool gap = st.last_ts_ms != 0 && ts - st.last_ts_ms > policy.max_sample_gap_seconds * 1000;
  st.last_ts_ms = ts;
  if (st.firing) {
    if (clear) {
      st = WindowState{.last_ts_ms = ts};
      out.transition = Transition::kCleared;
    } else if (breach) {
      st.message = LevelMessage(c, s);
    }
    return out;
  }
  if (!breach) {
    st.run_start_ms.reset();
    return out;
  }
  if (!st.run_start_ms || gap) st.run_start_ms = ts;
  if (ts - *st.run_start_ms >= level.duration_ms) {
    st.firing = true;
    st.severity = level.severity;
    st.message = LevelMessage(c, s);
    if (level.duration_ms > 0) {
      st.message += fmt::format(" for {} minutes", (ts - *st.run_start_ms) / kMinute);
    }
    out.transition = Transition::kRaised;
  }
  return out;
}

std::string Truncated(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  return std::string(Utf8Prefix(text, max)) + "…";
}

Step EvaluateEventLog(const Policy& policy, const WindowState& before, const Sample& s) {
  Step out{before, Transition::kNone};
  WindowState& st = out.state;
  int64_t ts = ToMillis(s.ts);
  st.last_ts_ms = std::max(st.last_ts_ms, ts);
  auto severity = static_cast<int64_t>(s.value);
  if (severity > policy.event_log_max_severity) return out;
  Severity sev = severity <= 3 ? Severity::kCritical : Severity::kWarning;
  if (!st.firing || sev == Severity::kCritical) st.severity = sev;
  st.firing = true;
  st.last_event_ms = std::max(st.last_event_ms.value_or(ts), ts);
  auto msg = s.labels.find("message");
  st.message = fmt::format("event log entry of severity {}{}", severity,
                           msg == s.labels.end() ? "" : ": " + Truncated(msg->second, 300));
  out.transition = Transition::kRaised;
  return out;
}

}  // namespace

std::string_view SeverityName(Severity s) {
  return s == Severity::kCritical ? "critical" : "warning";
}

Json WindowState::ToJson() const {
  Json j = {{"firing", firing},
            {"last_ts", last_ts_ms},
            {"severity", SeverityName(severity)},
            {"message", message}};
  if (run_start_ms) j["run_start"] = *run_start_ms;
  if (last_event_ms) j["last_event"] = *last_event_ms;
  return j;
}

Result<WindowState> WindowState::FromJson(const Json& j) {
  if (!j.is_object()) return Status::DataLoss("window state is not an object");
  WindowState s;
  try {
    s.firing = j.at("firing").get<bool>();
    s.last_ts_ms = j.at("last_ts").get<int64_t>();
    s.severity = j.at("severity").get<std::string>() == "critical" ? Severity::kCritical
                                                                   : Severity::kWarning;
    s.message = j.at("message").get<std::string>();
    if (j.contains("run_start")) s.run_start_ms = j["run_start"].get<int64_t>();
    if (j.contains("last_event")) s.last_event_ms = j["last_event"].get<int64_t>();
  } catch (const Json::exception& e) {
    return Status::DataLoss(std::string("window state: ") + e.what());
  }
  return s;
}

Step EvaluateSample(const Policy& policy, Condition condition, const WindowState& before,
                    const Sample& sample) {
  if (!std::isfinite(sample.value)) return {before, Transition::kNone};
  if (condition == Condition::kEventLog) return EvaluateEventLog(policy, before, sample);
  int64_t ts = ToMillis(sample.ts);
  // A late sample cannot rewrite the window.
  if (before.last_ts_ms != 0 && ts <= before.last_ts_ms) return {before, Transition::kNone};
  switch (condition) {
    case Condition::kCpuHigh:
    case Condition::kMemoryHigh:
    case Condition::kSystemVolumeLow:
    case Condition::kDataVolumeLow:
      return EvaluateLevel(policy, condition, before, sample);
    case Condition::kBackupFailed: {
      Step out{before, Transition::kNone};
      out.state.last_ts_ms = ts;
      out.state.last_event_ms = ts;
      if (sample.value < 0.5) {
        out.state.firing = true;
        out.state.severity = Severity::kCritical;
        auto job = sample.labels.find("job");
        out.state.message =
            "backup failed" + (job == sample.labels.end() ? "" : " (" + job->second + ")");
        out.transition = Transition::kRaised;
      } else if (before.firing) {
        out.state.firing = false;
        out.state.message.clear();
        out.transition = Transition::kCleared;
      }
      return out;
    }
    case Condition::kUps: {
      Step out{before, Transition::kNone};
      out.state.last_ts_ms = ts;
      int level = static_cast<int>(std::lround(sample.value));
      if (level <= 0) {
        if (before.firing) {
          out.state = WindowState{.last_ts_ms = ts};
          out.transition = Transition::kCleared;
        }
        return out;
      }
      Severity sev = level >= 2 ? Severity::kCritical : Severity::kWarning;
      // A new alarm, or the same alarm getting worse or better, is news.
      if (!before.firing || before.severity != sev) out.transition = Transition::kRaised;
      out.state.firing = true;
      out.state.severity = sev;
      out.state.message = std::string("UPS reports ") + (level >= 2 ? "critical" : "warning");
      return out;
    }
    case Condition::kVirus: {
      Step out{before, Transition::kNone};
      out.state.last_ts_ms = ts;
      if (sample.value >= 1) {
        out.state.firing = true;
        out.state.severity = Severity::kCritical;
        out.state.message = fmt::format("{} virus detection(s)", std::llround(sample.value));
        out.transition = Transition::kRaised;
      } else if (before.firing) {
        out.state = WindowState{.last_ts_ms = ts};
        out.transition = Transition::kCleared;
      }
      return out;
    }
    default:
      return {before, Transition::kNone};
  }
}

Step EvaluateTime(const Policy& policy, Condition condition, const WindowState& before,
                  int64_t now_ms) {
  Step out{before, Transition::kNone};
  if (condition == Condition::kEventLog) {
    if (before.firing && before.last_event_ms &&
        now_ms - *before.last_event_ms >= policy.event_log_quiet_minutes * kMinute) {
      out.state.firing = false;
      out.state.message.clear();
      out.transition = Transition::kCleared;
    }
  } else if (condition == Condition::kBackupFailed) {
    int64_t max_age = policy.backup_max_age_hours * 60 * kMinute;
    if (!before.firing && before.last_event_ms && now_ms - *before.last_event_ms > max_age) {
      out.state.firing = true;
      out.state.severity = Severity::kCritical;
      out.state.message =
          fmt::format("no backup report for more than {} hours", policy.backup_max_age_hours);
      out.transition = Transition::kRaised;
    }
  }
  return out;
}

bool IsOffline(const Policy& policy, int64_t last_seen_ms, int64_t now_ms) {
  return now_ms - last_seen_ms >
         policy.checkin_interval_seconds * 1000 * policy.offline_missed_checkins;
}

}  // namespace steward::monitoring
