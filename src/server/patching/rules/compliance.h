// Patch compliance (issue 14 item 9; SPEC §4 "share of devices fully
// patched, approvals overdue against the deadlines"). A device is compliant
// when its last scan is fresh (at most 48 h old) and none of its pending
// updates is past its deadline still waiting for a decision (an approval in
// force met the deadline; rejected updates count for nothing); fully
// patched when, besides, nothing is left to install. A device never
// scanned, or scanned too long ago, is unknown, and unknown is neither: a
// device that stopped reporting must not look patched. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "core/clock.h"
#include "server/patching/model/device_update.h"

namespace steward::patching {

struct DeviceCompliance {
  bool known = false;  // a fresh scan
  bool compliant = false;
  bool fully_patched = false;
  int64_t pending = 0;
  int64_t overdue = 0;
};

DeviceCompliance ComplianceOf(const DevicePatchState& device, Timestamp now);

struct CustomerCompliance {
  int64_t devices = 0;
  int64_t compliant = 0;
  int64_t fully_patched = 0;
  int64_t unknown = 0;
  // compliant / devices in percent, to one decimal; none without devices.
  std::optional<double> percent;
  std::map<UpdateClass, int64_t> overdue_by_class;  // every class, zeros included
};

CustomerCompliance SummariseCompliance(std::span<const DevicePatchState> devices, Timestamp now);

}  // namespace steward::patching
