// Shared helpers of the admin commands: open the services of a data
// directory, print a Status and turn it into an exit code.
#pragma once

#include <memory>

#include "cli/commands/commands.h"
#include "core/clock.h"
#include "server/app/services.h"

namespace steward::cli {

// Prints "steward: <message>" to stderr and returns 1.
int Fail(const Status& status);

// The system clock shared by the admin commands.
const Clock& CliClock();

// Opens (and migrates) the database of `o`. The data directory must exist.
Result<std::unique_ptr<app::Services>> OpenServices(const CommonOptions& o);

}  // namespace steward::cli
