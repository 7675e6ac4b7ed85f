// Releases (SPEC §6, issue 14 item 6): an RFC's updates installed on the
// customer's test group first. Only when every test device installed them
// cleanly and none had a new incident for the soak period (default 24 h)
// can the RFC be approved for the rest. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace steward::deploy {

inline constexpr int kDefaultSoakHours = 24;
inline constexpr int kMaxSoakHours = 24 * 14;
// A test group is a handful of devices: more would need a second approval.
inline constexpr size_t kMaxTestDevices = 25;

// testing (its test deployment runs) → soaking (all installed; watching
// for incidents) → passed; or failed, with the reason.
enum class ReleaseStatus { kTesting, kSoaking, kPassed, kFailed };
std::string_view ReleaseStatusName(ReleaseStatus s);
std::optional<ReleaseStatus> ParseReleaseStatus(std::string_view s);

struct Release {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t change_id = 0;
  int64_t test_group_id = 0;
  std::string test_group_name;
  int64_t deployment_id = 0;
  std::vector<std::string> packages;
  int soak_hours = kDefaultSoakHours;
  ReleaseStatus status = ReleaseStatus::kTesting;
  std::string reason;
  std::optional<Timestamp> soak_started_at;
  std::optional<Timestamp> soak_ends_at;
  std::optional<Timestamp> decided_at;
  std::optional<int64_t> created_by;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct NewRelease {
  int64_t change_id = 0;
  int64_t test_group_id = 0;
  std::vector<std::string> packages;
  int soak_hours = kDefaultSoakHours;
};

}  // namespace steward::deploy
