// How the pending updates in an agent's inventory become a scan report for
// patch management (issue 14 item 1): pure, at the edge where the agent's
// JSON meets the typed module. Agent data is untrusted and must not cost
// the device its scan for one odd entry: text is cleaned and cut to the
// report's limits, malformed CVE ids and entries without a name or
// candidate are left out, a package listed twice (multi-arch) counts once.
#pragma once

#include <optional>
#include <string_view>

#include "core/json.h"
#include "server/patching/model/device_update.h"

namespace steward::agentlink {

// The device's package family from the package manager the agent used and
// the os-release ID: apt on Ubuntu → ubuntu, other apt → debian, dnf and
// yum → redhat, zypper → suse; without either, debian (what the agent has
// always spoken).
patching::PackageFamily FamilyOf(std::string_view package_manager, std::string_view os_id);

// nullopt when the inventory holds no scan: no pending_updates list, or a
// collection error for it (a failed apt run must not mark every update
// installed).
std::optional<patching::UpdateReport> InventoryUpdates(const Json& inventory);

}  // namespace steward::agentlink
