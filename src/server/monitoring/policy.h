// Threshold policies. The built-in default is SPEC §2's table; stored
// overrides (global, customer, device group, device — applied in that order,
// later wins) change single settings. Pure: parsing, validation and merging
// only; the service loads the overrides.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "core/json.h"
#include "core/result.h"
#include "server/monitoring/conditions.h"

namespace steward::monitoring {

struct Policy {
  // processor utilisation > 90 % sustained for 5 minutes; clears below 85 %.
  double cpu_percent = 90;
  int64_t cpu_minutes = 5;
  double cpu_clear_percent = 85;
  // memory utilisation > 80 %; clears below 75 %.
  double memory_percent = 80;
  int64_t memory_minutes = 0;
  double memory_clear_percent = 75;
  // free space on the system volume < 2 GB; clears at 2.5 GB.
  double system_volume_min_gb = 2;
  double system_volume_clear_gb = 2.5;
  // free space on a data volume < 10 %; clears at 12 %.
  double data_volume_min_percent = 10;
  double data_volume_clear_percent = 12;
  // event log entries of this syslog severity or worse alert (4 = warning);
  // 0-3 (emerg..err) are critical, 4 warning. The alert resolves after
  // `event_log_quiet_minutes` without another such entry.
  int64_t event_log_max_severity = 4;
  int64_t event_log_quiet_minutes = 60;
  // a failed backup, or no backup report within this many hours.
  int64_t backup_max_age_hours = 26;
  // a device is offline after this many missed check-ins of this interval.
  int64_t checkin_interval_seconds = 60;
  int64_t offline_missed_checkins = 5;
  // a hole longer than this in a series restarts a duration window ("five
  // minutes of samples" needs samples).
  int64_t max_sample_gap_seconds = 180;
  // conditions switched off by policy.
  std::set<Condition> disabled;
  // who gets alert e-mail for the devices this policy applies to (a staff user).
  std::optional<int64_t> on_call_user_id;

  bool Enabled(Condition c) const { return !disabled.count(c); }
};

// Validates a stored override: an object whose keys are Policy fields (same
// names; "disabled_conditions" is an array of condition names). InvalidArgument
// naming the field ("settings.cpu_percent") otherwise. Returns the override
// normalised (numbers as numbers, nothing unknown).
Result<Json> ValidatePolicyOverride(const Json& settings);

// Applies a validated override on top of `policy`.
void ApplyOverride(Policy& policy, const Json& settings);

// The whole policy as JSON (the same keys an override uses).
Json PolicyJson(const Policy& policy);

}  // namespace steward::monitoring
