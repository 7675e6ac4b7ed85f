#include "agent/collectors/builtin_collectors.h"
#include "agent/collectors/collector.h"

namespace steward::agent {

std::vector<std::unique_ptr<Collector>> MakeCollectors(const CollectorConfig& config,
                                                       std::shared_ptr<platform::System> system) {
  std::vector<std::unique_ptr<Collector>> out;
  out.push_back(MakeCpuCollector(system));
  out.push_back(MakeMemoryCollector(system));
  out.push_back(MakeVolumeCollector(system));
  out.push_back(MakeUptimeLoadCollector(system));
  out.push_back(MakeNetworkCollector(system));
  out.push_back(MakeJournalCollector(system, config.state_dir));
  out.push_back(MakeUnitCollector(system, config.watched_units));
  out.push_back(MakeBackupCollector(system, config.backup_status_file, config.backup_status_command,
                                    config.state_dir));
  out.push_back(
      MakeClamavCollector(system, config.clamav_database_dir, config.clamav_log, config.state_dir));
  out.push_back(MakeUpsCollector(system, config.nut_ups));
  return out;
}

std::vector<std::unique_ptr<Collector>> MakeCollectors(const CollectorConfig& config) {
  return MakeCollectors(config, std::shared_ptr<platform::System>(platform::MakeSystem()));
}

Result<nlohmann::json> CollectInventory(const CollectorConfig& config) {
  auto system = platform::MakeSystem();
  return CollectInventory(config, *system);
}

}  // namespace steward::agent
