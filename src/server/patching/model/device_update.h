// A pending update as the server keeps it: one record per device and
// package while it is reported, with the day it was first seen (which a
// newer candidate never moves: no deadline laundering), its class and the
// deadline that class gives on the customer's calendar. When a report no
// longer lists the package, the record is closed as installed and stays as
// history; the package showing up again later is a new record.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "server/patching/model/update.h"

namespace steward::patching {

enum class UpdateStatus {
  kPending,    // reported by the device's last scan
  kInstalled,  // a later scan no longer listed it
};
std::string_view UpdateStatusName(UpdateStatus s);  // "pending" | "installed"
std::optional<UpdateStatus> ParseUpdateStatus(std::string_view name);

struct DeviceUpdate {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t device_id = 0;
  PendingUpdate update;
  UpdateClass cls = UpdateClass::kServiceRelease;
  Timestamp first_seen{};
  Timestamp last_seen{};
  Timestamp deadline{};
  UpdateStatus status = UpdateStatus::kPending;
  std::optional<Timestamp> resolved_at;
};

// What a device's scan says: every update pending on it now (an empty list
// means fully patched), and the package manager that said so.
struct UpdateReport {
  PackageFamily family = PackageFamily::kDebian;
  std::vector<PendingUpdate> updates;
};

// A device's patch state as the compliance rules see it.
struct DevicePatchState {
  int64_t device_id = 0;
  std::optional<Timestamp> last_scan;  // none: never reported
  // Pending updates per class, and those of them past their deadline.
  std::map<UpdateClass, int64_t> pending;
  std::map<UpdateClass, int64_t> overdue;
};

}  // namespace steward::patching
