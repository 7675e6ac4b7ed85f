// How an agent's inventory (agent/collectors CollectInventory) becomes CMDB
// fields of its device: pure, so the mapping is tested without a server.
// Agent data is untrusted: only known keys are read, every string is bounded
// and stripped of control characters, lists are capped, and the result still
// goes through the CMDB's own field validation.
#pragma once

#include "core/json.h"

namespace steward::agentlink {

inline constexpr size_t kMaxInventoryPackages = 5000;

// A CI patch: serial_number, make, model, os_name, os_version, hardware{...},
// installed_software[{name,version}]. Keys the inventory lacks are left out,
// so a partial inventory never blanks a field.
Json InventoryToCiPatch(const Json& inventory);

}  // namespace steward::agentlink
