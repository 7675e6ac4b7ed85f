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

// What the customer's figure needs of one device, and no more: whether
// anything is left to install and the overdue records per class, not how
// many records wait per class. The store answers this from indexes without
// reading every pending record (25,000 devices × 200 updates, issue 14
// item 9); FactsOf says what it must equal, and SummariseFacts(FactsOf(d))
// equals SummariseCompliance(d) for every fleet (compliance_test.cc).
struct DeviceComplianceFacts {
  int64_t device_id = 0;
  std::optional<Timestamp> last_scan;      // none: never reported
  bool open = false;                       // an update left to install (rejected ones left out)
  std::map<UpdateClass, int64_t> overdue;  // classes with none left out
  bool operator==(const DeviceComplianceFacts&) const = default;
};

DeviceComplianceFacts FactsOf(const DevicePatchState& device);

CustomerCompliance SummariseFacts(std::span<const DeviceComplianceFacts> devices, Timestamp now);

}  // namespace steward::patching
