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
#include <string>
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

// Whether an update may be deployed: decided by the approval policy (see
// rules/approval_policy.h) or by a person. An automatic approval with a
// delay is "approved" from `at` on (rules/approval_state.h).
enum class Approval { kPending, kApproved, kRejected };
std::string_view ApprovalName(Approval a);  // "pending" | "approved" | "rejected"
std::optional<Approval> ParseApproval(std::string_view name);

struct UpdateApproval {
  Approval decision = Approval::kPending;
  std::optional<Timestamp> at;  // when it was (or takes effect)
  std::optional<int64_t> by;    // the person, when one decided
  bool by_person = false;       // a person's decision outlives policy changes
  std::string note;
};

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
  UpdateApproval approval;
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
  // Updates still to install per class (rejected ones left out), and those
  // of them past their deadline without an approval in force.
  std::map<UpdateClass, int64_t> pending;
  std::map<UpdateClass, int64_t> overdue;
};

}  // namespace steward::patching
