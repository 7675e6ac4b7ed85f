// What one scan changes in a device's update records (issue 14 item 1):
// the decide step of load → decide → apply. A package pending before and
// reported again keeps its record and its first-seen time, however its
// candidate changed (no deadline laundering), and its class only ever
// becomes more urgent while it waits: a newer candidate carries the fixes
// of the one it replaced. A package no longer reported was installed (or
// withdrawn); a package new to the list starts its clock now. Pure.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/clock.h"
#include "server/patching/model/device_update.h"

namespace steward::patching {

struct ReportChanges {
  std::vector<DeviceUpdate> added;  // new records (id 0), first seen now
  std::vector<DeviceUpdate> kept;   // still pending: fields as reported now
  std::vector<int64_t> installed;   // record ids no longer reported
};

using ClassifyFn = std::function<UpdateClass(const PendingUpdate&)>;
// The deadline of a class for an update first seen at the given time, on
// the customer's calendar.
using DeadlineFn = std::function<Timestamp(UpdateClass, Timestamp)>;

// The more urgent of two classes (the one with the earlier deadline rule).
UpdateClass MoreUrgent(UpdateClass a, UpdateClass b);

// `pending`: the device's pending records; `reported`: the scan (already
// checked: one entry per package).
ReportChanges ReconcileReport(std::span<const DeviceUpdate> pending,
                              std::span<const PendingUpdate> reported, int64_t customer_id,
                              int64_t device_id, Timestamp now, const ClassifyFn& classify,
                              const DeadlineFn& deadline);

}  // namespace steward::patching
