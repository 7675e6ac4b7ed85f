// The pure threshold evaluator: given a policy, the persisted state of one
// series' window and the next sample (or the current time), it returns the
// new state and whether the condition was raised or cleared. No I/O and no
// clock: the service loads and stores the state and turns transitions into
// alerts, so evaluation is incremental (one sample at a time, never a re-scan
// of history) and survives restarts.
//
// Duration conditions are exact: with cpu_minutes = 5, the sample that
// completes five minutes of consecutive samples above the threshold (its
// timestamp minus that of the first sample of the run >= 5 min) raises, not
// the one before. A hole longer than max_sample_gap_seconds restarts the run.
// Samples older than the newest one already evaluated are stored but not
// evaluated (a late sample cannot rewrite the window), except event-log
// entries, which are events and count whenever they arrive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json.h"
#include "core/result.h"
#include "server/monitoring/conditions.h"
#include "server/monitoring/policy.h"

namespace steward::monitoring {

enum class Severity { kWarning, kCritical };
std::string_view SeverityName(Severity s);

struct WindowState {
  bool firing = false;
  std::optional<int64_t> run_start_ms;   // first sample of the current breaching run
  int64_t last_ts_ms = 0;                // newest sample evaluated
  std::optional<int64_t> last_event_ms;  // event log: newest alerting entry; backup: last report
  Severity severity = Severity::kWarning;
  std::string message;  // why it fires (for the alert), empty when not firing

  Json ToJson() const;
  static Result<WindowState> FromJson(const Json& j);
  bool operator==(const WindowState&) const = default;
};

enum class Transition {
  kNone,
  kRaised,   // became firing, or a new event while firing (a repeat)
  kCleared,  // stopped firing
};

struct Step {
  WindowState state;
  Transition transition = Transition::kNone;
};

// Evaluates `sample` (of a metric feeding `condition`) against `before`.
Step EvaluateSample(const Policy& policy, Condition condition, const WindowState& before,
                    const Sample& sample);

// Time-driven changes at `now_ms`: an event-log alert resolves after the
// quiet period; a missing backup report raises backup_failed.
Step EvaluateTime(const Policy& policy, Condition condition, const WindowState& before,
                  int64_t now_ms);

// True when a device last seen at `last_seen_ms` has missed the policy's
// number of check-ins by `now_ms`.
bool IsOffline(const Policy& policy, int64_t last_seen_ms, int64_t now_ms);

}  // namespace steward::monitoring
