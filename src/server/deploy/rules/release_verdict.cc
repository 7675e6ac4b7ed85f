#include "server/deploy/rules/release_verdict.h"

#include "core/time_format.h"

namespace steward::deploy {

namespace {

std::string DevicesIn(const std::vector<const Target*>& ts) {
  std::string out;
  for (const Target* t : ts) {
    if (!out.empty()) out += ", ";
    out += (t->device_name.empty() ? "device " + std::to_string(t->device_id) : t->device_name) +
           " (" + std::string(TargetStateName(t->state)) + ")";
  }
  return out;
}

}  // namespace

ReleaseStep JudgeRelease(const ReleaseFacts& f, Timestamp now) {
  ReleaseStep step;
  step.status = f.status;
  step.soak_ends_at = f.soak_ends_at;
  if (f.status == ReleaseStatus::kTesting) {
    if (!f.deployment_done) return step;
    std::vector<const Target*> bad;
    size_t installed = 0;
    for (const Target& t : f.targets) {
      if (t.state == TargetState::kInstalled) {
        ++installed;
      } else {
        bad.push_back(&t);
      }
    }
    if (installed == 0 || !bad.empty()) {
      step.status = ReleaseStatus::kFailed;
      step.reason = installed == 0 && bad.empty()
                        ? "no test device installed the updates"
                        : "not every test device installed the updates cleanly: " + DevicesIn(bad);
      return step;
    }
    step.status = ReleaseStatus::kSoaking;
    step.soak_started_at = now;
    step.soak_ends_at = now + std::chrono::hours(f.soak_hours);
    step.reason = "installed on " + std::to_string(installed) + " test device(s); soaking until " +
                  FormatIso8601(*step.soak_ends_at);
    return step;
  }
  if (f.status != ReleaseStatus::kSoaking) return step;
  if (!f.incidents.empty()) {
    step.status = ReleaseStatus::kFailed;
    std::string list;
    for (const std::string& n : f.incidents) list += (list.empty() ? "" : ", ") + n;
    step.reason = "an incident opened on a test device during the soak: " + list;
    return step;
  }
  if (f.soak_ends_at && now >= *f.soak_ends_at) {
    step.status = ReleaseStatus::kPassed;
    step.reason = "installed cleanly and no incident in " + std::to_string(f.soak_hours) + " h";
  }
  return step;
}

std::string ApprovalHold(const std::optional<Release>& newest) {
  if (!newest) return {};
  const std::string name = "release " + std::to_string(newest->id);
  switch (newest->status) {
    case ReleaseStatus::kPassed:
      return {};
    case ReleaseStatus::kTesting:
      return name + " is still being installed on the test group: approve it once it has passed";
    case ReleaseStatus::kSoaking:
      return name + " soaks on the test group until " +
             (newest->soak_ends_at ? FormatIso8601(*newest->soak_ends_at) : std::string("later")) +
             ": approve it once it has passed";
    case ReleaseStatus::kFailed:
      return name + " failed on the test group (" + newest->reason +
             "): make a new release before approving";
  }
  return {};
}

}  // namespace steward::deploy
