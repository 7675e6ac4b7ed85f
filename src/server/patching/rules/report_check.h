// What a scan report may hold (issue 14 item 1): the agent and API clients
// are untrusted, so every field is bounded and named when refused, and a
// refused report changes nothing. Pure.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"
#include "server/patching/model/device_update.h"

namespace steward::patching {

inline constexpr size_t kMaxUpdatesPerReport = 5000;

// CVE-YYYY-NNNN with four or more digits in the sequence (MITRE's syntax).
bool IsCveId(std::string_view s);

// InvalidArgument naming the field ("updates[3].package") for: more than
// kMaxUpdatesPerReport updates; an empty package or candidate version;
// names, versions, origins over 200 characters, a severity over 40, or any
// control character in them; the same package twice; more than 100 CVEs or
// advisories on one update, a CVE not shaped CVE-YYYY-NNNN…, an advisory
// over 100 characters.
Status CheckUpdateReport(const UpdateReport& report);

}  // namespace steward::patching
