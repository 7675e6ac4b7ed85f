// The collectors this library ships, each built over a platform::System so
// tests run them against a FakeSystem. MakeCollectors() assembles them from a
// CollectorConfig; these factories exist for it and for tests.
//
// Rates (CPU %, network bytes/s) come from the collector's previous reading,
// so the first run after start reports no rate. Cursors (journald, the ClamAV
// log offset) and the last reported backup result are saved under
// CollectorConfig::state_dir after each run, so a restarted agent resumes
// where it stopped; with an empty state_dir they live in memory only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "agent/collectors/collector.h"
#include "agent/platform/system.h"
#include "core/json.h"

namespace steward::agent {

using SystemPtr = std::shared_ptr<platform::System>;

std::unique_ptr<Collector> MakeCpuCollector(SystemPtr system);
std::unique_ptr<Collector> MakeMemoryCollector(SystemPtr system);
std::unique_ptr<Collector> MakeVolumeCollector(SystemPtr system);
// Load averages, uptime and boot time.
std::unique_ptr<Collector> MakeUptimeLoadCollector(SystemPtr system);
std::unique_ptr<Collector> MakeNetworkCollector(SystemPtr system);
std::unique_ptr<Collector> MakeJournalCollector(SystemPtr system, std::string state_dir);
std::unique_ptr<Collector> MakeUnitCollector(SystemPtr system, std::vector<std::string> units);
std::unique_ptr<Collector> MakeBackupCollector(SystemPtr system, std::string status_file,
                                               std::string status_command, std::string state_dir);
std::unique_ptr<Collector> MakeClamavCollector(SystemPtr system, std::string database_dir,
                                               std::string log_path, std::string state_dir);
std::unique_ptr<Collector> MakeUpsCollector(SystemPtr system, std::string ups);

// A collector's saved state: a small JSON object in <state_dir>/<name>.json.
// Load returns an empty object when there is none (or it is unreadable: a
// damaged cursor is better restarted than fatal).
Json LoadCollectorState(const platform::System& system, const std::string& state_dir,
                        const std::string& name);
Status SaveCollectorState(platform::System& system, const std::string& state_dir,
                          const std::string& name, const Json& state);

// Appends one sample.
void AddSample(Collection& out, std::string metric, Timestamp ts, double value,
               std::map<std::string, std::string> labels = {});

}  // namespace steward::agent
