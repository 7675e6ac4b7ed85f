// Helpers shared by the monitoring service's files. Internal to server/monitoring.
#pragma once

#include <cstdint>
#include <string>

#include "server/monitoring/monitoring_service.h"

namespace steward::monitoring::internal {

std::string Iso(int64_t millis);

// Device-supplied text made safe for a mail subject and a log line: control
// characters become spaces.
std::string Printable(std::string_view text);

}  // namespace steward::monitoring::internal
