// The pending updates of a device, whatever its package manager: chooses apt
// (Debian, Ubuntu), dnf (Red Hat family) or zypper (SUSE) by which one is
// installed, runs its read-only queries through platform::System and turns
// the answers into PendingUpdate records with the parsers of packages.h,
// dnf_updates.h and zypper_updates.h. No query installs, downloads or locks
// anything for long: apt simulates, dnf and zypper list. Called from the
// inventory collector's thread; the System does the blocking.
#pragma once

#include <string>
#include <vector>

#include "agent/collectors/collector.h"
#include "agent/collectors/packages.h"
#include "agent/platform/system.h"
#include "core/json.h"
#include "core/status.h"

namespace steward::agent {

struct PendingUpdatesReport {
  // "apt", "dnf" or "zypper"; empty when the device has none of them.
  std::string package_manager;
  std::vector<PendingUpdate> updates;
  // What failed on the way (a locked database, a query that timed out).
  // `updates` still holds whatever could be read, so one failing advisory
  // query costs the severities, not the list.
  std::vector<Status> errors;
};

// apt when apt-get answers (or, without apt-get, `apt list --upgradable`),
// else dnf, else zypper: the first whose program exists. The System has no
// "which", so running the read-only query is the probe — NotFound from Run
// means "not this package manager", anything else means it is and the result
// counts. With `dirs` naming another root (--package-root) only apt is
// asked, reading that root's configuration, lists and dpkg database.
PendingUpdatesReport CollectPendingUpdates(platform::System& system,
                                           const PackageQueryDirs& dirs = {});

// The records as the inventory's "pending_updates" array: one object per
// update with name, current_version (null when none), available_version,
// origin, security, severity (null when none), cves, advisories and
// reboot_suggested.
Json PendingUpdatesToJson(const std::vector<PendingUpdate>& updates);

}  // namespace steward::agent
