// Runs a program on Linux with a timeout and an output cap (used by
// LinuxSystem::Run). The child gets its own process group so a timeout also
// ends anything it started.
#pragma once

#include <string>
#include <vector>

#include "agent/platform/system.h"

namespace steward::agent::platform {

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const ProcessOptions& options);

}  // namespace steward::agent::platform
