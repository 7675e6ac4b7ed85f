// `steward-agent run`: collects on a timer into the spool, keeps one
// WebSocket to the server, sends the spool oldest first and deletes what the
// server acknowledged, and runs the signed commands the server pushes.
// Reconnects with capped exponential back-off and jitter; keeps collecting
// while disconnected.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "agent/collectors/collector.h"
#include "agent/exec/package_install.h"
#include "core/clock.h"
#include "core/result.h"

namespace steward::agent {

struct RunOptions {
  std::string state_dir;
  std::chrono::milliseconds interval{std::chrono::seconds(60)};
  std::chrono::hours inventory_every{24};
  int64_t spool_max_batches = 7 * 24 * 60;  // a week of data at the default interval
  bool allow_commands = true;               // --no-commands refuses every command locally
  std::chrono::milliseconds max_backoff{std::chrono::seconds(60)};
  CollectorConfig collectors;
  // Where approved updates are installed (the system's apt and dpkg unless a
  // test moves them into a throwaway root).
  PackageInstallOptions package_install;
};

// Runs until `stop` is set. `system` is the machine (tests pass a fake);
// `clock` stamps samples and checks command validity.
Status RunAgent(const RunOptions& options, std::shared_ptr<platform::System> system,
                const Clock& clock, const std::atomic<bool>& stop);

}  // namespace steward::agent
