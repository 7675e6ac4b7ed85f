// Where a release stands (issue 14 item 6): its test deployment must end
// with every test device installed — a device that failed, was held, ended
// partial or had none of the packages pending is no test — and then no
// incident may open on a test device for the soak period. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "server/deploy/model/deployment.h"
#include "server/deploy/model/release.h"

namespace steward::deploy {

struct ReleaseFacts {
  ReleaseStatus status = ReleaseStatus::kTesting;
  int soak_hours = kDefaultSoakHours;
  std::optional<Timestamp> soak_ends_at;
  // The test deployment: whether it is settled, and each device's end.
  bool deployment_done = false;
  std::vector<Target> targets;
  // Incidents on the test devices since the soak began: ticket numbers.
  std::vector<std::string> incidents;
};

struct ReleaseStep {
  ReleaseStatus status = ReleaseStatus::kTesting;
  std::string reason;
  std::optional<Timestamp> soak_started_at;  // set when the soak begins
  std::optional<Timestamp> soak_ends_at;
};

ReleaseStep JudgeRelease(const ReleaseFacts& facts, Timestamp now);

// Why the change may not be approved yet, given its newest release (none:
// no release, nothing to wait for); empty when it passed.
std::string ApprovalHold(const std::optional<Release>& newest);

}  // namespace steward::deploy
