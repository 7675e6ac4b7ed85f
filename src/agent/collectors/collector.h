// What the agent collects, and the interface every collector implements.
// Collectors read the machine only through agent/platform (the one place that
// talks to the OS), so a Windows build adds platform/windows/ and new
// collectors without touching the agent's link, spool or app code.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/platform/system.h"
#include "core/clock.h"
#include "core/result.h"

namespace steward::agent {

// One measurement, named as in the server's ingest interface (cpu.used_percent,
// memory.used_percent, volume.free_bytes, volume.free_percent, event.log,
// backup.success, ups.status, av.detections, ...).
struct CollectedSample {
  std::string metric;
  Timestamp ts{};
  double value = 0;
  std::map<std::string, std::string> labels;
};

// What a collector run produced. Optional sources that are absent on this
// machine produce nothing (and no error).
struct Collection {
  std::vector<CollectedSample> samples;
};

// Where the package queries (the installed packages and the pending
// updates of the inventory) look: this machine's apt and dpkg when every
// field is empty. `steward-agent run --package-root DIR` points them at
// another Debian root, the one the installer (agent/exec
// PackageInstallOptions) installs approved updates into.
struct PackageQueryDirs {
  std::string apt_config_file;  // APT_CONFIG: read before apt's parts directory
  std::string apt_etc_dir;      // Dir::Etc (sources.list, apt.conf.d)
  std::string apt_state_dir;    // Dir::State (the package lists)
  std::string apt_cache_dir;    // Dir::Cache (pkgcache.bin)
  std::string dpkg_admindir;    // dpkg's database (var/lib/dpkg): dpkg-query --admindir
  bool IsSystem() const {
    return apt_config_file.empty() && apt_etc_dir.empty() && apt_state_dir.empty() &&
           apt_cache_dir.empty() && dpkg_admindir.empty();
  }
};

// Settings a policy or the agent's config file gives the collectors.
struct CollectorConfig {
  std::vector<std::string> watched_units;  // systemd units whose state is reported
  std::string backup_status_file;          // last backup result, if configured
  std::string backup_status_command;       // alternative to the file
  std::string clamav_database_dir = "/var/lib/clamav";
  std::string clamav_log = "/var/log/clamav/clamav.log";
  std::string nut_ups;    // "ups@localhost" when a UPS is watched through NUT
  std::string state_dir;  // where cursors (journald) are kept between runs
  PackageQueryDirs package_dirs;
};

class Collector {
 public:
  virtual ~Collector() = default;
  virtual std::string_view name() const = 0;
  // Appends this run's samples to `out`. An error is reported by the caller
  // as an agent event and does not stop the other collectors.
  virtual Status Collect(Timestamp now, Collection& out) = 0;
};

// The collectors for this platform, configured.
std::vector<std::unique_ptr<Collector>> MakeCollectors(const CollectorConfig& config);

// Hardware and software inventory (at start and daily): hostname, machine_id,
// os, kernel, cpu_model, cpu_cores, ram_bytes, disks[], serial_number,
// manufacturer, model, addresses[], packages[{name,version}], pending_updates[].
Result<nlohmann::json> CollectInventory(const CollectorConfig& config);

// The same over a given System (tests pass a FakeSystem). The collectors
// share `system`, which must be safe to use from the caller's thread.
std::vector<std::unique_ptr<Collector>> MakeCollectors(const CollectorConfig& config,
                                                       std::shared_ptr<platform::System> system);
// Parts that cannot be read are null or empty and listed in
// "collection_errors" [{part, error}]; the call fails only if the hostname
// cannot be read.
Result<nlohmann::json> CollectInventory(const CollectorConfig& config, platform::System& system);

}  // namespace steward::agent
